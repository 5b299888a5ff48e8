// The multiplexed socket `/api/v2/ws` (§2.5): one connection, subscriptions added and removed by
// client messages, each on a channel (`markets`, `scores`, `plays`, `live`) with its own filters.
// A Change's body is encoded once per (channel, filters) for every subscriber; each subscription
// stamps its own head (its id and `sub_sequence`) as the hub queues the frame for it.
import type { Change, QuoteChange, Snapshot } from '../../model/types.js';
import { isInPlay } from '../../model/types.js';
import type { Plan } from '../../seam/core.js';
import type { Connection, SocketEndpoint } from '../../seam/dialect.js';
import { parseVariant, streamSubscription } from './filters.js';
import { heartbeatFrame, marketPriceFrame } from './frames.js';
import { liveFrame, playFrame, playOf, scoreChanged, scoreFrame } from './live.js';
import {
  type Channel,
  deltaBody,
  deltaHead,
  errorFrame,
  parseClientMessage,
  type Subscribe,
  snapshotCompleteFrame,
  snapshotItem,
  subscribedFrame,
  unsubscribedFrame,
} from './mux-messages.js';
import { priceRow } from './rows.js';
import { exhausted, meteringOf, type SocketDeps, socketAdmission } from './socket.js';

/** The vendor's string for the live-game-state entitlement (§5, OBS). */
const LIVE_FORBIDDEN = 'Live game state requires Ultra plan or higher';

export interface MuxDeps extends SocketDeps {
  tierOf(plan: Plan): string;
  /** The seq of the newest Change: the `sequence` of an ack that starts no hub subscription. */
  position(): number;
}

interface Matcher {
  channel: Channel;
  markets: Set<number> | null;
  events: Set<string> | null;
}

function matcherOf(variant: string): Matcher {
  const channel = (/^c=(\w+)/.exec(variant)?.[1] ?? 'markets') as Channel;
  return { channel, ...parseVariant(variant) };
}

/** The frames of one Change, made once and shared by every variant that wants them. */
interface Encoded {
  change: Change;
  market?: string | null;
  score?: string | null;
  play?: string | null;
  live?: string | null;
}

export function muxEndpoint(deps: MuxDeps): SocketEndpoint<null> {
  const { config } = deps;
  const { ids } = deps.rows;
  const matchers = new Map<string, Matcher>();
  const matcher = (variant: string) => {
    let m = matchers.get(variant);
    if (!m) {
      m = matcherOf(variant);
      if (matchers.size >= 10_000) matchers.clear();
      matchers.set(variant, m);
    }
    return m;
  };

  let last: Encoded | null = null;
  const encoded = (change: Change): Encoded => {
    if (last?.change !== change) last = { change };
    return last;
  };

  /** The inner `meta`/`data` frame of a Change on a channel, or null when it sends nothing. */
  const inner = (change: Change, m: Matcher): string | null => {
    const e = encoded(change);
    if (change.kind === 'quote') {
      if (m.channel !== 'markets') return null;
      const row = priceRow(change, deps.rows);
      if (row === null) return null;
      if (m.markets && !m.markets.has(row.marketId)) return null;
      if (m.events && !m.events.has(row.eventId)) return null;
      e.market ??= marketPriceFrame(row, deps.clock());
      return e.market;
    }
    if (m.channel === 'markets' || ids.sportId(change.league) === undefined) return null;
    if (m.events && !m.events.has(ids.eventId(change.after.id))) return null;
    if (m.channel === 'scores') {
      if (e.score === undefined)
        e.score = scoreChanged(change) ? scoreFrame(change, ids, deps.clock()) : null;
      return e.score;
    }
    if (m.channel === 'plays') {
      if (e.play === undefined) {
        const play = playOf(change, ids);
        e.play = play === null ? null : playFrame(play, deps.clock());
      }
      return e.play;
    }
    e.live ??= liveFrame(change, ids, deps.clock());
    return e.live;
  };

  const encodeChange = (change: Change, variant: string): string | null => {
    const text = inner(change, matcher(variant));
    return text === null ? null : deltaBody(change.seq, text);
  };

  const limitOf = (plan: Plan) =>
    config.subscriptionsPerTier[deps.tierOf(plan)] ?? config.defaultSubscriptions;
  const mayUseLive = (plan: Plan) =>
    config.liveTiers === undefined || config.liveTiers.includes(deps.tierOf(plan));

  /** A snapshot's items on the subscription's channel, in the channel's envelope. */
  const snapshotItems = (snap: Snapshot, m: Matcher): string[] => {
    const out: string[] = [];
    const seq = snap.position.seq;
    if (m.channel === 'markets') {
      const events = new Map(snap.events.map((e) => [e.id, e]));
      for (const q of snap.quotes) {
        const ev = events.get(q.key.event);
        if (ev === undefined) continue;
        const c: QuoteChange = {
          kind: 'quote',
          epoch: snap.position.epoch,
          seq,
          at: q.value.receivedAt,
          id: '',
          key: q.key,
          before: null,
          after: q.value,
          sport: ev.sport,
          league: ev.league,
          inPlay: isInPlay(ev.status),
        };
        const text = inner(c, m);
        if (text !== null) out.push(text);
      }
    } else if (m.channel !== 'plays') {
      for (const e of snap.events) {
        const c = {
          kind: 'event' as const,
          epoch: snap.position.epoch,
          seq,
          at: deps.clock(),
          id: `event:${e.id}`,
          before: null,
          after: e,
          sport: e.sport,
          league: e.league,
          inPlay: isInPlay(e.status),
        };
        const text = inner(c, m);
        if (text !== null) out.push(text);
      }
    }
    return out;
  };

  function open(conn: Connection) {
    const subs = new Map<string, Channel>();
    const metered = meteringOf(deps, conn, () => {
      for (const id of subs.keys()) conn.unsubscribe(id);
      subs.clear();
    });
    const limit = limitOf(conn.plan);

    const subscribe = (msg: Subscribe) => {
      const { id, channel } = msg;
      if (subs.has(id))
        return conn.send(errorFrame(id, 'duplicate_id', `subscription ${id} exists`));
      if ((channel === 'plays' || channel === 'live') && !mayUseLive(conn.plan))
        return conn.send(errorFrame(id, 'forbidden', LIVE_FORBIDDEN));
      if (subs.size >= limit)
        return conn.send(
          errorFrame(id, 'subscription_limit', `at most ${limit} subscriptions per connection`),
        );
      const sub = streamSubscription(msg.query, ids, deps.events);
      const variant = `c=${channel}${sub.variant ? `;${sub.variant}` : ''}`;
      subs.set(id, channel);
      if (sub.filter === null) {
        // Only unknown ids: nothing can match, but the subscription exists (and counts).
        conn.send(subscribedFrame(id, channel, deps.position()));
        if (msg.snapshot) conn.send(snapshotCompleteFrame(id, deps.position(), 0));
        return;
      }
      let subSequence = 0;
      const m = matcher(variant);
      try {
        conn.subscribe({
          id,
          filter: sub.filter,
          variant,
          snapshot: msg.snapshot,
          stamp: () => deltaHead(id, ++subSequence),
          ...(metered && channel === 'markets' ? { onDelivered: metered.onDelivered } : {}),
          onStart: (start) => {
            conn.send(subscribedFrame(id, channel, start.position.seq));
            if (!start.snapshot) return;
            const items = snapshotItems(start.snapshot, m);
            for (const item of items) conn.send(snapshotItem(id, start.position.seq, item));
            conn.send(snapshotCompleteFrame(id, start.position.seq, items.length));
            // Snapshots are metered too (§3.5): one point per price sent.
            if (metered && channel === 'markets' && items.length > 0) metered.charge(items.length);
          },
          onError: (_code, message) => {
            subs.delete(id);
            conn.send(errorFrame(id, 'internal', message));
          },
        });
      } catch (e) {
        subs.delete(id);
        conn.send(errorFrame(id, 'subscription_refused', (e as Error).message));
      }
    };

    return {
      onText(text: string) {
        const msg = parseClientMessage(text, config.maxFilterIds);
        switch (msg.action) {
          case 'error':
            conn.send(errorFrame(msg.id, msg.code, msg.message));
            return;
          case 'unsubscribe':
            if (!subs.delete(msg.id)) {
              conn.send(errorFrame(msg.id, 'unknown_id', `no subscription ${msg.id}`));
              return;
            }
            conn.unsubscribe(msg.id);
            conn.send(unsubscribedFrame(msg.id));
            return;
          case 'subscribe':
            subscribe(msg);
            return;
        }
      },
      onBinary() {
        conn.send(errorFrame(null, 'invalid_message', 'binary frames are not accepted'));
      },
    };
  }

  return {
    path: '/api/v2/ws',
    heartbeatMs: config.heartbeatMs,
    overflow: {
      kind: 'drop-oldest',
      maxMessages: config.maxMessages,
      budgetBytes: config.budgetBytes,
    },
    admission: socketAdmission<null>(deps, (_req, who) => {
      const refused = exhausted(deps, who);
      return refused ?? { ok: true, context: null };
    }),
    open,
    encodeChange,
    heartbeat: (now) => heartbeatFrame(now),
  };
}
