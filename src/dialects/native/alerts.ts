// Alert subscriptions of linecast.v1. The alert stream has positions of its own (not the odds'),
// so its subscriptions live here rather than in the hub, whose index, windows and resume are the
// odds stream's. Each starts like an odds subscription (a snapshot of the open alerts, a resume
// from the stream's window, or live), then gets every phase that matches it; a phase is encoded
// once for every connection, and sent once per connection however many of its subscriptions
// match. Frames go through Connection.send, which counts against the peer's byte budget.
import { matchesAlert } from '../../analytics/filter.js';
import type { AlertChange, AlertKind } from '../../analytics/types.js';
import { type CompiledFilter, compileFilter } from '../../model/filter.js';
import type { Filter, Position } from '../../model/types.js';
import type { AlertReader } from '../../seam/core.js';
import type { Connection, SubscriptionStart } from '../../seam/dialect.js';

export interface AlertRequest {
  id: string;
  filter: Filter;
  kinds?: AlertKind[] | undefined;
  snapshot: boolean;
  from?: Position | undefined;
}

export interface AlertStart extends Omit<SubscriptionStart, 'snapshot'> {
  /** The open alerts, for a snapshot start. */
  open?: AlertChange[];
}

/** What is sent of a phase: its text and the SSE id (its position). */
export interface AlertEncoder {
  frame(c: AlertChange): string;
  eventId(c: AlertChange): string;
}

interface Sub {
  readonly id: string;
  readonly filter: CompiledFilter;
  readonly kinds: ReadonlySet<AlertKind> | null;
  readonly peer: AlertPeer;
}

/** One connection's alert subscriptions. */
export class AlertPeer {
  /** Highest seq sent live, so a phase matching several subscriptions goes out once. */
  lastSeq = 0;
  readonly subs = new Map<string, Sub>();

  constructor(readonly conn: Connection) {}
}

export class AlertFanout {
  private readonly subs = new Set<Sub>();

  constructor(
    private readonly reader: AlertReader,
    private readonly encoder: AlertEncoder,
  ) {
    reader.listen(this.publish);
  }

  get size(): number {
    return this.subs.size;
  }

  /**
   * Starts a subscription. Everything from reading the stream to joining the live fan-out runs
   * in one synchronous step, so no phase can fall between the image (or the replay) and the live
   * ones.
   */
  subscribe(peer: AlertPeer, req: AlertRequest, onStart: (s: AlertStart) => void): void {
    const sub: Sub = {
      id: req.id,
      filter: compileFilter(req.filter),
      kinds: req.kinds ? new Set(req.kinds) : null,
      peer,
    };
    const missed = req.from ? this.reader.since(req.from) : null;
    if (req.from && missed !== null) {
      onStart({ mode: 'resumed', recovered: true, position: req.from });
      for (const c of missed) {
        if (matchesAlert(sub.filter, sub.kinds, c.alert))
          peer.conn.send(this.encoder.frame(c), this.encoder.eventId(c));
      }
    } else if (req.snapshot || req.from) {
      const { position, alerts } = this.reader.open();
      const open = alerts.filter((c) => matchesAlert(sub.filter, sub.kinds, c.alert));
      onStart({ mode: 'snapshot', recovered: !req.from, position, open });
    } else {
      onStart({ mode: 'live', recovered: true, position: this.reader.position() });
    }
    // Phases already sent by the image or the replay are not sent again by the live path.
    peer.lastSeq = Math.max(peer.lastSeq, this.reader.position().seq);
    peer.subs.set(req.id, sub);
    this.subs.add(sub);
  }

  unsubscribe(peer: AlertPeer, id: string): boolean {
    const sub = peer.subs.get(id);
    if (!sub) return false;
    peer.subs.delete(id);
    this.subs.delete(sub);
    return true;
  }

  /** The connection closed. */
  drop(peer: AlertPeer): void {
    for (const sub of peer.subs.values()) this.subs.delete(sub);
    peer.subs.clear();
  }

  private readonly publish = (batch: readonly AlertChange[]): void => {
    if (this.subs.size === 0) return;
    for (const c of batch) {
      let frame: string | null = null;
      for (const sub of this.subs) {
        const peer = sub.peer;
        if (peer.lastSeq >= c.seq || !matchesAlert(sub.filter, sub.kinds, c.alert)) continue;
        frame ??= this.encoder.frame(c);
        peer.lastSeq = c.seq;
        peer.conn.send(frame, this.encoder.eventId(c));
      }
    }
  };
}
