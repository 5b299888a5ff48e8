// Play-by-play over SSE (spec §2.4.2): `/v1/sports/{sport_key}/live/sse` sends `connected`, an
// `initial_state` of the live games, then one `live_state` per change of a game in play
// (score, clock, period, status), with `state` a nested object. Starter tier and up; 5 credits
// at connect on metered plans.
import type { SportEvent } from '../../model/types.js';
import type { Connection, ConnectionHandlers, SocketEndpoint } from '../../seam/dialect.js';
import { type StreamContext, streamAdmission } from './admission.js';
import { connectedFrame, initialStateFrame } from './frames.js';
import { heartbeats, type StreamDeps } from './stream.js';
import { eventIdOf } from './vocab.js';

/** Credits a `/live/sse` connection costs (vendor: 5). */
export const LIVE_CREDITS = 5;

const STATUS: Record<string, string> = {
  live: 'in_progress',
  break: 'break',
  suspended: 'suspended',
  ended: 'final',
  scheduled: 'scheduled',
  postponed: 'postponed',
  cancelled: 'cancelled',
};

function clockText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export function liveState(sportKey: string, e: SportEvent, at: number): Record<string, unknown> {
  return {
    type: 'live_state',
    sport_key: sportKey,
    timestamp: at,
    match_id: eventIdOf(e),
    home_team: e.home.name,
    away_team: e.away.name,
    score_a: e.live?.home ?? 0,
    score_b: e.live?.away ?? 0,
    state: {
      period: e.live?.period ?? 0,
      clock: clockText(e.live?.clock ?? 0),
      status: STATUS[e.status] ?? e.status,
      league_id: null,
      raw_periods: null,
    },
    last_play: null,
  };
}

function open(s: StreamDeps, conn: Connection, ctx: StreamContext): ConnectionHandlers {
  const now = s.deps.clock();
  const leagues = s.vocab.leagues(ctx.sportKey, null);
  conn.send(
    connectedFrame({
      sportKey: ctx.sportKey,
      tier: ctx.tier,
      windowMs: 0,
      diff: false,
      filters: {
        event_id: ctx.query.eventId,
        bookmakers: null,
        markets: null,
        kinds: null,
        since: null,
      },
      now,
    }),
  );
  if (!s.deps.credits.charge(conn.principal, LIVE_CREDITS)) {
    conn.close(1008, 'Insufficient credits');
    return { onText: () => {} };
  }
  heartbeats(s, conn, ctx);
  if (leagues.length === 0) {
    conn.send(
      initialStateFrame({ sportKey: ctx.sportKey, now, data: [], since: null, truncated: false }),
    );
    return { onText: () => {} };
  }
  // `match_id` (or `event_id`) narrows to one game; omitted or `*` is every live game.
  const match = ctx.query.matchId;
  const event = match === null ? null : (s.events.resolve(leagues, match) ?? '\u0000');
  conn.subscribe({
    id: 'live',
    filter: { leagues, inPlay: true, ...(event === null ? {} : { events: [event] }) },
    snapshot: true,
    onStart: (start) => {
      const data = (start.snapshot?.events ?? []).map((e) => liveState(ctx.sportKey, e, now));
      conn.send(
        initialStateFrame({ sportKey: ctx.sportKey, now, data, since: null, truncated: false }),
      );
    },
  });
  return { onText: () => {} };
}

export function liveEndpoint(s: StreamDeps): SocketEndpoint<StreamContext> {
  return {
    path: '/v1/sports/:sport/live/sse',
    transport: 'sse',
    admission: streamAdmission(s.config, true, true, 'starter'),
    heartbeatMs: 0,
    overflow: { kind: 'conflate', budgetBytes: s.config.budgetBytes },
    open: (conn, ctx) => open(s, conn, ctx),
    encodeChange: (change) => {
      if (change.kind !== 'event') return null;
      const sportKey = s.vocab.sportKey(change.league);
      return sportKey === undefined
        ? null
        : JSON.stringify(liveState(sportKey, change.after, change.at));
    },
    eventId: (change) => String(change.at),
    heartbeat: () => null,
  };
}
