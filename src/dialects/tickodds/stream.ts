// `GET /ws/live`: every client gets the snapshot of all live events first, then `match_start`,
// `update` and `match_end` frames for the sports it follows (all until it subscribes), and a
// heartbeat every 15 s. Frames come from the LiveBook, computed once per Change for everyone.
import type { Admission } from '../../seam/admission.js';
import type { Connection, ConnectionHandlers, SocketEndpoint } from '../../seam/dialect.js';
import type { TickOddsConfig } from './config.js';
import { errorBody, heartbeatFrame, subscribedFrame } from './frames.js';
import type { LiveBook } from './live-book.js';
import { SportSet } from './sport-set.js';
import { cap, DIALECT, tierOf } from './tiers.js';
import type { Vocab } from './vocab.js';

const refuse = (status: number, code: string, message: string) => ({
  status,
  body: errorBody(code, message),
});

export const LIVE_REQUIRED = "Live feed requires 'live' plan";

/** Refusals reuse the REST envelope and codes (spec §1.2, INFERRED). */
function admission(config: TickOddsConfig): Admission<void> {
  const unauthorized = refuse(401, 'UNAUTHORIZED', 'Missing or invalid API key');
  return {
    entitlement: DIALECT,
    credentials: [
      { from: 'query', name: 'apiKey' },
      { from: 'header', name: 'x-api-key' },
    ],
    refusals: {
      missing: unauthorized,
      unknown: unauthorized,
      revoked: unauthorized,
      forbidden: refuse(403, 'FORBIDDEN', LIVE_REQUIRED),
      badRequest: (i) => refuse(400, 'BAD_REQUEST', i.detail ?? 'Malformed upgrade'),
      overCap: {
        ...refuse(429, 'RATE_LIMITED', 'WebSocket connection limit reached'),
        headers: { 'retry-after': '5' },
      },
      overloaded: { ...refuse(503, 'INTERNAL', 'Server busy'), headers: { 'retry-after': '5' } },
      internal: refuse(500, 'INTERNAL', 'Internal error'),
    },
    closes: {
      revoked: { code: 1008, reason: 'key revoked' },
      slow: { code: 1008, reason: 'slow consumer' },
      shutdown: { code: 1001, reason: 'server shutdown' },
      unresponsive: { code: 4000, reason: 'pong timeout' },
    },
    slots: [
      { per: 'key', pool: DIALECT, limit: (plan) => cap(tierOf(plan, config).limits.connections) },
    ],
    prepare: (_req, who) =>
      tierOf(who.plan, config).limits.live
        ? { ok: true, context: undefined }
        : { ok: false, reason: 'forbidden' },
  };
}

export function liveEndpoint(
  config: TickOddsConfig,
  book: LiveBook,
  vocab: Vocab,
): SocketEndpoint<void> {
  return {
    path: '/ws/live',
    admission: admission(config),
    heartbeatMs: config.heartbeatMs,
    // Every update carries the whole event: a reader that falls behind is closed, not fed a
    // stream with holes in its lifecycle (spec §3.4).
    overflow: { kind: 'disconnect', budgetBytes: config.slowConsumerBytes },
    open: (conn) => new LiveSession(conn, book, vocab, config).handlers(),
    encodeChange: (change) => book.frameOf(change),
    heartbeat: (now) => heartbeatFrame(now),
  };
}

/** One client's sports and its hub subscription for them. */
class LiveSession {
  private readonly sports: SportSet;
  private subscribed = false;

  constructor(
    private readonly conn: Connection,
    private readonly book: LiveBook,
    vocab: Vocab,
    private readonly config: TickOddsConfig,
  ) {
    this.sports = new SportSet(vocab);
  }

  handlers(): ConnectionHandlers {
    this.conn.send(this.book.snapshotFrame());
    this.follow();
    return { onText: (t) => this.onText(t), onBinary: () => {} };
  }

  /** (Re)subscribes to the sports followed now; nothing is missed between the two. */
  private follow(): void {
    if (this.subscribed) this.conn.unsubscribe(DIALECT);
    const filter = this.sports.filter();
    this.subscribed = filter !== null;
    if (filter === null) return;
    this.conn.subscribe({ id: DIALECT, filter, snapshot: false, onStart: () => {} });
  }

  /** Bad frames are ignored: the vendor documents no error frame (spec §2.2 rule 6). */
  private onText(text: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return;
    const { subscribe, unsubscribe } = msg as { subscribe?: unknown; unsubscribe?: unknown };
    // Only non-empty lists of names count: `{"subscribe":[]}` must not unfollow everything.
    const names = (v: unknown) => {
      const list = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
      return list.length > 0 ? list : null;
    };
    const add = names(subscribe);
    const remove = names(unsubscribe);
    if (add === null && remove === null) return;
    if (add) this.sports.subscribe(add);
    if (remove) this.sports.unsubscribe(remove);
    this.follow();
    if (this.config.ackSubscriptions) this.conn.send(subscribedFrame(this.sports.names()));
  }
}
