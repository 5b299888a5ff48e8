// The analytics stage after state: it feeds each bus batch to the engine and turns the alert
// phases it emits into a stream with positions of its own, like the odds stream's: every phase
// gets the next seq, and an AlertWindow (window.ts) serves resumes and the open alerts as the
// snapshot. Alerts are derived and not stored: a restart starts a new epoch, and a resume from
// an older one gets a fresh snapshot (as an odds resume does when history cannot prove it).
import { randomUUID } from 'node:crypto';
import {
  type Change,
  isInPlay,
  type Position,
  quoteKeyString,
  type Snapshot,
} from '../model/types.js';
import type { AlertListener, AlertReader } from '../seam/core.js';
import type { AnalyticsEngine } from './engine.js';
import type { VenueQuote } from './gaps.js';
import type { Alert, AlertChange } from './types.js';
import { AlertWindow } from './window.js';

export class AlertStream implements AlertReader {
  readonly epoch: string;
  private readonly window: AlertWindow;

  constructor(
    private readonly engine: AnalyticsEngine,
    /** Phases kept for resume. */
    windowSize: number,
    /** Reported when a listener throws; the others still get the batch. */
    onError: (err: unknown) => void,
    epoch = `a${randomUUID().slice(0, 8)}`,
  ) {
    this.epoch = epoch;
    this.window = new AlertWindow(windowSize, onError, {
      position: { epoch, seq: 0 },
      open: [],
      window: [],
    });
  }

  /** Bus listener: the phases a batch of Changes caused. */
  apply = (changes: readonly Change[]): void => {
    this.emit(this.engine.apply(changes));
  };

  /**
   * Files a book the engine has not seen Change by Change (state restored from history at
   * start), as if each quote had just arrived at the snapshot's position: what it holds is open
   * from the stream's first phases on. Ages still come from each quote's receipt time.
   */
  prime(snap: Snapshot, at: number): void {
    const events = new Map(snap.events.map((e) => [e.id, e]));
    const changes: Change[] = [];
    for (const q of snap.quotes) {
      const e = events.get(q.key.event);
      if (!e) continue;
      changes.push({
        kind: 'quote',
        epoch: snap.position.epoch,
        seq: snap.position.seq,
        at,
        id: quoteKeyString(q.key),
        key: q.key,
        before: null,
        after: q.value,
        sport: e.sport,
        league: e.league,
        inPlay: isInPlay(e.status),
      });
    }
    this.apply(changes);
  }

  /** A linked prediction market's quote or state changed (the venue port's listener). */
  venue = (q: VenueQuote): void => {
    this.emit(this.engine.venue(q));
  };

  /** Time passes without Changes (on a timer): quotes age out, steam windows end. */
  tick(now: number): void {
    this.emit(this.engine.advance(now));
  }

  position(): Position {
    return this.window.position();
  }

  open(): { position: Position; alerts: AlertChange[] } {
    return this.window.open();
  }

  since(from: Position): AlertChange[] | null {
    return this.window.since(from);
  }

  listen(listener: AlertListener): () => void {
    return this.window.listen(listener);
  }

  private emit(alerts: readonly Alert[]): void {
    if (alerts.length === 0) return;
    const head = this.window.position().seq;
    this.window.append(alerts.map((alert, i) => ({ epoch: this.epoch, seq: head + i + 1, alert })));
  }
}
