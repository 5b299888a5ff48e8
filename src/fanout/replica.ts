// A fan-out worker's copies of main's streams: the odds book (a State that follows main's
// Changes) and the alert stream (the open alerts and a resume window), so the dialect and hub
// code runs in the worker unchanged over the same ports. Applying a Change is cheap next to
// writing it to a thousand sockets, which is what the worker is for.
import type { AlertChange } from '../analytics/types.js';
import type { Position } from '../model/types.js';
import type { AlertListener, AlertReader } from '../seam/core.js';
import { State } from '../state/state.js';
import type { Opening } from './wire.js';

/** Main's book at the opening's position, its window included, ready to follow. */
export function stateReplica(o: Opening): State {
  const state = new State({
    epoch: o.position.epoch,
    lastSeq: o.position.seq,
    windowSize: o.config.state.windowSize,
    clock: Date.now,
  });
  state.restore(o.events, o.quotes);
  for (const c of o.window) state.remember(c);
  return state;
}

/** The alert stream as main's AlertStream shows it, fed by main's alert batches. */
export class AlertReplica implements AlertReader {
  private epoch: string;
  private seq: number;
  private readonly ring: AlertChange[] = [];
  private readonly live = new Map<string, AlertChange>();
  private listeners: AlertListener[] = [];

  constructor(
    opening: NonNullable<Opening['alerts']>,
    private readonly windowSize: number,
    private readonly onError: (err: unknown) => void,
  ) {
    this.epoch = opening.position.epoch;
    this.seq = opening.position.seq;
    for (const a of opening.window) this.remember(a);
    for (const a of opening.open) this.live.set(a.alert.id, a);
  }

  /** One of main's alert batches, in seq order. */
  follow(batch: readonly AlertChange[]): void {
    for (const c of batch) {
      this.epoch = c.epoch;
      this.seq = c.seq;
      this.remember(c);
      if (c.alert.phase === 'closed') this.live.delete(c.alert.id);
      else this.live.set(c.alert.id, c);
    }
    for (const l of this.listeners) {
      try {
        l(batch);
      } catch (err) {
        this.onError(err);
      }
    }
  }

  position(): Position {
    return { epoch: this.epoch, seq: this.seq };
  }

  open(): { position: Position; alerts: AlertChange[] } {
    return { position: this.position(), alerts: [...this.live.values()] };
  }

  since(from: Position): AlertChange[] | null {
    if (from.epoch !== this.epoch || from.seq > this.seq) return null;
    if (from.seq === this.seq) return [];
    // What main's ring holds: the latest windowSize phases.
    const start = Math.max(0, this.ring.length - this.windowSize);
    const oldest = this.ring[start]?.seq;
    if (oldest === undefined || from.seq + 1 < oldest) return null;
    return this.ring.slice(start + from.seq + 1 - oldest);
  }

  listen(listener: AlertListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  private remember(a: AlertChange): void {
    this.ring.push(a);
    // Trimmed in steps, not one shift per phase: amortised O(1).
    if (this.ring.length >= this.windowSize * 2)
      this.ring.splice(0, this.ring.length - this.windowSize);
  }
}
