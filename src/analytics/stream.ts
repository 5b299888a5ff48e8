// The analytics stage after state: it feeds each bus batch to the engine and turns the alert
// phases it emits into a stream with positions of its own, like the odds stream's: every phase
// gets the next seq, a ring of the latest phases serves resumes, and the open alerts are the
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

export class AlertStream implements AlertReader {
  readonly epoch: string;
  private seq = 0;
  private readonly ring: AlertChange[];
  private ringStart = 0;
  private ringCount = 0;
  /** The latest phase of each open alert, by alert id: the snapshot. */
  private readonly live = new Map<string, AlertChange>();
  private listeners: AlertListener[] = [];

  constructor(
    private readonly engine: AnalyticsEngine,
    /** Phases kept for resume. */
    private readonly windowSize: number,
    /** Reported when a listener throws; the others still get the batch. */
    private readonly onError: (err: unknown) => void,
    epoch = `a${randomUUID().slice(0, 8)}`,
  ) {
    this.epoch = epoch;
    this.ring = new Array(windowSize);
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
    return { epoch: this.epoch, seq: this.seq };
  }

  open(): { position: Position; alerts: AlertChange[] } {
    return { position: this.position(), alerts: [...this.live.values()] };
  }

  since(from: Position): AlertChange[] | null {
    if (from.epoch !== this.epoch || from.seq > this.seq) return null;
    if (from.seq === this.seq) return [];
    const oldest = this.seq - this.ringCount + 1;
    if (from.seq + 1 < oldest) return null;
    const out: AlertChange[] = [];
    for (let i = from.seq + 1 - oldest; i < this.ringCount; i++)
      out.push(this.ring[(this.ringStart + i) % this.windowSize]!);
    return out;
  }

  listen(listener: AlertListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  private emit(alerts: readonly Alert[]): void {
    if (alerts.length === 0) return;
    const batch: AlertChange[] = new Array(alerts.length);
    for (let i = 0; i < alerts.length; i++) {
      const alert = alerts[i]!;
      const c: AlertChange = { epoch: this.epoch, seq: ++this.seq, alert };
      batch[i] = c;
      this.remember(c);
      if (alert.phase === 'closed') this.live.delete(alert.id);
      else this.live.set(alert.id, c);
    }
    for (const l of this.listeners) {
      try {
        l(batch);
      } catch (err) {
        this.onError(err);
      }
    }
  }

  private remember(a: AlertChange): void {
    const end = (this.ringStart + this.ringCount) % this.windowSize;
    this.ring[end] = a;
    if (this.ringCount < this.windowSize) this.ringCount++;
    else this.ringStart = (this.ringStart + 1) % this.windowSize;
  }
}
