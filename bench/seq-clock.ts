// Scheduled publish times recovered from a sequence number, for dialects whose frames carry no
// usable timestamp (TheRundown's times have second precision) but do carry the seq of the
// Change behind them. The publisher turns every update into exactly one Change, so within a
// step the Change after `seq0` is message 0 of that step's open-loop schedule, the next one
// message 1, and so on. The harness announces each step to the load clients before it starts.
// Pure.
import { scheduledAt } from './schedule.js';

export interface SeqStep {
  /** The target's last Change seq before the step's first update. */
  seq0: number;
  /** The step's schedule start, microseconds on the shared clock. */
  startUs: number;
  /** Messages per second. */
  rate: number;
}

/** Steps kept: frames of an earlier step may still arrive after the next one is announced. */
const KEPT = 8;

export class SeqClock {
  /** Ascending by seq0. */
  private steps: SeqStep[] = [];

  /** Adds a step; one with the same `seq0` (a re-announcement) replaces it. */
  add(step: SeqStep): void {
    this.steps = this.steps.filter((s) => s.seq0 < step.seq0);
    this.steps.push(step);
    if (this.steps.length > KEPT) this.steps.shift();
  }

  /**
   * The scheduled publish time (µs) of the update whose Change has `seq`: message
   * `seq - seq0 - 1` of the latest step with `seq0 < seq`, timed exactly as the publisher
   * times it (`scheduledAt`). -1 when no announced step covers `seq`.
   */
  scheduledAt(seq: number): number {
    for (let i = this.steps.length - 1; i >= 0; i--) {
      const s = this.steps[i]!;
      if (seq > s.seq0) return scheduledAt(s, seq - s.seq0 - 1);
    }
    return -1;
  }
}
