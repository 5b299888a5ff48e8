// One Parlay stream connection (spec §2.1): `connected`, then `initial_state` from the hub's
// snapshot, then `odds_update`s. Raw tiers get the hub's frame per Change (encoded once per
// view); coalesced tiers use the hub's batch mode, one frame per window with the net change of
// each row. `subscribe` narrows the stream to one event by swapping the hub subscription.
import { LinecastError } from '../../errors/catalogue.js';
import { type Change, type Filter, isInPlay, type Snapshot } from '../../model/types.js';
import type { DialectDeps } from '../../seam/core.js';
import type { Connection, ConnectionHandlers, SubscribeRequest } from '../../seam/dialect.js';
import type { StreamContext } from './admission.js';
import { isStreamTier, type ParlayConfig } from './config.js';
import type { Events } from './events.js';
import {
  connectedFrame,
  errorFrame,
  heartbeatFrame,
  initialStateFrame,
  oddsUpdateFrame,
  seconds,
  subscribedFrame,
  unsubscribedFrame,
} from './frames.js';
import { diffRow, type Row, rowOf } from './rows.js';
import { accepts, type View, variantOf, viewOf } from './view.js';
import type { Vocab } from './vocab.js';

export interface StreamDeps {
  deps: DialectDeps;
  config: ParlayConfig;
  vocab: Vocab;
  events: Events;
}

const ODDS = 'odds';
const BEAT = 'heartbeat';
/** Matches no event: a subscription that only ticks (SSE's per-connection heartbeat). */
const NOTHING = '\u0000';

/** The row of a quote Change and its data item for a view; null when the view drops it. */
export function itemOf(s: StreamDeps, c: Change, view: View): Record<string, unknown> | null {
  if (c.kind !== 'quote') return null;
  const event = s.events.lookup(c.key.event);
  if (!event) return null;
  const row = rowOf(s.vocab, event, c.key, c.after, c.before);
  if (!row || !accepts(view, row, c.inPlay)) return null;
  if (!view.diff) return row as unknown as Record<string, unknown>;
  const prior = c.before ? rowOf(s.vocab, event, c.key, c.before, null) : null;
  return diffRow(row, prior);
}

const samePrice = (a: Change, b: Extract<Change, { kind: 'quote' }>['before']) =>
  a.kind === 'quote' &&
  b !== null &&
  b.status === a.after.status &&
  b.price?.decimal === a.after.price?.decimal &&
  b.price?.american === a.after.price?.american;

/** SSE's `heartbeat_s` cadence, on the core's scheduler through a tick-only subscription. */
export function heartbeats(s: StreamDeps, conn: Connection, ctx: StreamContext): void {
  conn.subscribe({
    id: BEAT,
    filter: { events: [NOTHING] },
    snapshot: false,
    batchMs: ctx.query.heartbeatS * 1000,
    onStart: () => {},
    onBatch: () => conn.send(heartbeatFrame(s.deps.clock(), ctx.sportKey)),
  });
}

export class ParlayStream {
  private readonly view: View;
  private readonly variant: string;
  /** The leagues the path's sport key covers; empty for an unknown sport. */
  private readonly leagues: string[];
  private readonly windowMs: number;
  /** Canonical id of the event a `subscribe` or `event_id` narrowed to; null: whole sport. */
  private narrowedTo: string | null = null;

  constructor(
    private readonly s: StreamDeps,
    private readonly conn: Connection,
    private readonly ctx: StreamContext,
    private readonly sse: boolean,
  ) {
    const q = ctx.query;
    this.variant = variantOf(q.markets, q.kinds, q.diff);
    this.view = viewOf(this.variant);
    this.leagues = s.vocab.leagues(ctx.sportKey, q.sports);
    this.windowMs = isStreamTier(ctx.tier) ? s.config.windowMs[ctx.tier] : 0;
  }

  open(): ConnectionHandlers {
    const { ctx, conn, s } = this;
    const q = ctx.query;
    const now = s.deps.clock();
    conn.send(
      connectedFrame({
        sportKey: ctx.sportKey,
        tier: ctx.tier,
        windowMs: this.windowMs,
        diff: q.diff,
        filters: {
          event_id: q.eventId,
          bookmakers: q.bookmakers,
          markets: q.markets,
          kinds: q.kinds,
          since: q.since,
          ...(q.sports === null ? {} : { sports: q.sports }),
        },
        now,
        ...(this.leagues.length === 0 ? { note: `unknown or inactive sport ${ctx.sportKey}` } : {}),
      }),
    );
    if (this.sse) heartbeats(s, conn, ctx);
    if (this.leagues.length === 0) {
      conn.send(
        initialStateFrame({
          sportKey: ctx.sportKey,
          now,
          data: [],
          since: q.since,
          truncated: false,
        }),
      );
    } else {
      if (q.eventId !== null)
        this.narrowedTo = s.events.resolve(this.leagues, q.eventId) ?? NOTHING;
      this.start(true);
    }
    return {
      onText: (text) => this.onText(text),
      onBinary: () => this.error('invalid_message', 'binary frames are not supported'),
    };
  }

  private filter(): Filter {
    const q = this.ctx.query;
    return {
      leagues: this.leagues,
      ...(q.bookmakers ? { books: q.bookmakers.map((b) => this.s.vocab.book(b)) } : {}),
      ...(this.narrowedTo === null ? {} : { events: [this.narrowedTo] }),
      ...(this.ctx.live ? { inPlay: true } : {}),
    };
  }

  private start(snapshot: boolean): void {
    if (this.leagues.length === 0) return;
    const req: SubscribeRequest = {
      id: ODDS,
      filter: this.filter(),
      variant: this.variant,
      snapshot,
      onStart: (start) => {
        if (snapshot && start.snapshot) this.initialState(start.snapshot);
      },
    };
    if (this.windowMs > 0) {
      req.batchMs = this.windowMs;
      req.onBatch = (changes, absorbed) => this.push(changes, absorbed);
    }
    this.conn.subscribe(req);
  }

  private initialState(snap: Snapshot): void {
    const { s, ctx } = this;
    const q = ctx.query;
    const now = s.deps.clock();
    const stale = q.since !== null && q.since < now - s.config.sinceLookbackMs;
    const since = stale ? null : q.since;
    const oldest = now - q.maxAgeS * 1000;
    const events = new Map(snap.events.map((e) => [e.id, e]));
    const rows: Row[] = [];
    for (const quote of snap.quotes) {
      const event = events.get(quote.key.event);
      if (!event || quote.value.price === null) continue;
      const row = rowOf(s.vocab, event, quote.key, quote.value, null);
      if (!row || !accepts(this.view, row, isInPlay(event.status))) continue;
      if (row.last_update < oldest || (since !== null && row.last_update <= since)) continue;
      rows.push(row);
    }
    const data = rows.slice(0, q.limit);
    if (this.sse) this.conn.send(hotFeedStatus(ctx.sportKey, rows, now));
    this.conn.send(
      initialStateFrame({
        sportKey: ctx.sportKey,
        now,
        data,
        since: q.since,
        truncated: stale || rows.length > data.length,
      }),
      this.sse ? lastUpdateId(data) : undefined,
    );
  }

  /** Coalesced mode: one frame per window with each changed row's latest value. */
  private push(changes: Change[], absorbed: number): void {
    const data: Record<string, unknown>[] = [];
    for (const c of changes) {
      // A row that came back to the value last sent has nothing new to say.
      if (c.kind !== 'quote' || samePrice(c, c.before)) continue;
      const item = itemOf(this.s, c, this.view);
      if (item) data.push(item);
    }
    if (data.length === 0) return;
    const now = this.s.deps.clock();
    this.conn.send(
      oddsUpdateFrame(this.ctx.sportKey, now, data, absorbed > 0),
      this.sse ? lastUpdateId(data) : undefined,
    );
  }

  private error(code: 'invalid_json' | 'invalid_message' | 'unknown_type', message: string): void {
    this.conn.send(errorFrame(code, message, this.s.deps.clock()));
  }

  private onText(text: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      this.error('invalid_json', 'frames must be JSON objects');
      return;
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
      this.error('invalid_message', 'frames must be JSON objects with a type');
      return;
    }
    const m = msg as Record<string, unknown>;
    const now = this.s.deps.clock();
    if (m['type'] === 'subscribe') {
      const id = m['event_id'];
      if (typeof id !== 'string' || id.trim() === '') {
        this.error('invalid_message', 'subscribe requires a non-empty event_id');
        return;
      }
      this.narrow(this.s.events.resolve(this.leagues, id) ?? NOTHING);
      this.conn.send(subscribedFrame(id, now));
      return;
    }
    if (m['type'] === 'unsubscribe') {
      this.narrow(null);
      this.conn.send(unsubscribedFrame(now));
      return;
    }
    this.error('unknown_type', `unsupported type ${JSON.stringify(m['type'] ?? null)}`);
  }

  /** Swaps the hub subscription for one over the new event filter; no fresh snapshot. */
  private narrow(event: string | null): void {
    this.narrowedTo = event;
    this.conn.unsubscribe(ODDS);
    try {
      this.start(false);
    } catch (e) {
      if (!(e instanceof LinecastError)) throw e;
      this.error('invalid_message', e.message);
    }
  }
}

/** SSE id: the newest row's `last_update`, which a reconnect sends back as `since`. */
function lastUpdateId(
  data: readonly Record<string, unknown>[] | readonly Row[],
): string | undefined {
  let max = -1;
  for (const r of data) {
    const t = (r as { last_update?: unknown }).last_update;
    if (typeof t === 'number' && t > max) max = t;
  }
  return max < 0 ? undefined : String(max);
}

/** SSE's `hot_feed_status` (spec §2.4): per bookmaker, the newest row and rows in the last 60 s. */
function hotFeedStatus(sportKey: string, rows: readonly Row[], now: number): string {
  const books = new Map<string, { latest: number; recent: number }>();
  for (const r of rows) {
    const b = books.get(r.bookmaker) ?? { latest: 0, recent: 0 };
    b.latest = Math.max(b.latest, r.last_update);
    if (r.last_update >= now - 60_000) b.recent++;
    books.set(r.bookmaker, b);
  }
  const sources = [...books].map(([bookmaker, b]) => ({
    bookmaker,
    latest_ms: b.latest,
    age_s: Math.max(0, (now - b.latest) / 1000),
    rows_60s: b.recent,
  }));
  return JSON.stringify({
    type: 'hot_feed_status',
    sport_key: sportKey,
    status: sources.length > 0 ? 'ok' : 'unavailable',
    sources,
    timestamp: seconds(now),
  });
}
