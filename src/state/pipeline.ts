// normalise -> state -> bus: the one path every source's updates take. Nothing is applied that
// history cannot take at once: an applied Change gets a seq and is streamed, so one history
// refused would be streamed unstored (and its seq reused after a crash).
import type { Bus } from '../bus/bus.js';
import { LinecastError } from '../errors/catalogue.js';
import type { Change, Update } from '../model/types.js';
import type { SourceHealth } from './source-health.js';
import type { Refusal, State } from './state.js';

export type ApplyOutcome = 'changed' | 'unchanged' | Refusal;

export interface ApplyResult {
  outcomes: ApplyOutcome[];
  changes: Change[];
}

/** History as the pipeline sees it. */
export interface Sink {
  /** Changes it takes now; 0 while its writes fail. */
  room(): number;
  health(): { closed: boolean };
}

export class Pipeline {
  constructor(
    private readonly state: State,
    private readonly bus: Bus,
    private readonly sink: Sink,
    /** Room kept for batches already accepted: new work is refused below it. */
    private readonly reserve: number,
    /** Feed health per source; absent: not tracked. */
    private readonly health: SourceHealth | null = null,
  ) {}

  /**
   * A source spoke (updates or a heartbeat): when it was down, its `source_down` suspensions
   * are lifted first, as soon as history has room for them.
   */
  heard(source: string, now: number, alsoFitting = 0): void {
    const h = this.health;
    const restore = h?.heard(source, now);
    if (!h || !restore || !this.fits(restore.length + alsoFitting)) return;
    this.apply(restore);
    h.up(source);
  }

  /** Suspends the quotes of sources silent past their limit (on a timer). */
  suspendSilent(now: number): void {
    const h = this.health;
    if (!h) return;
    for (const silent of h.silent(now)) {
      if (!this.accepting() || !this.fits(silent.updates.length)) return;
      this.apply(silent.updates);
      h.markDown(silent);
    }
  }

  /** Whether sources may offer new work: history is writable, with `reserve` to spare. */
  accepting(): boolean {
    return this.sink.room() > this.reserve;
  }

  /** True once history is closing: no room will come back. */
  closed(): boolean {
    return this.sink.health().closed;
  }

  /** Whether `n` updates can be applied now (each makes at most one Change). */
  fits(n: number): boolean {
    return n <= this.sink.room();
  }

  /** Applies `updates` if they fit now (see fits); false, and nothing applied, if not. */
  offer(updates: readonly Update[], source?: string, now = 0): boolean {
    if (!this.accepting() || !this.fits(updates.length)) return false;
    this.apply(updates, source, now);
    return true;
  }

  /**
   * Applies every update; throws, applying none, unless they fit. With `source`, the source is
   * heard first and becomes the owner of the quotes it sets.
   */
  apply(updates: readonly Update[], source?: string, now = 0): ApplyResult {
    let owner: string | undefined;
    if (source !== undefined && this.health) {
      this.heard(source, now, updates.length);
      owner = this.health.ownerName(source);
    }
    if (!this.fits(updates.length)) {
      throw new LinecastError('LC_ERR_INGEST_BACKPRESSURE', 'history cannot take the batch now');
    }
    const outcomes: ApplyOutcome[] = new Array(updates.length);
    const changes: Change[] = [];
    for (let i = 0; i < updates.length; i++) {
      const r = this.state.apply(updates[i]!, owner);
      if (r === null) outcomes[i] = 'unchanged';
      else if (typeof r === 'string') outcomes[i] = r;
      else {
        outcomes[i] = 'changed';
        changes.push(r);
      }
    }
    this.bus.publish(changes);
    return { outcomes, changes };
  }
}
