// In-play frames of the multiplexed socket's `scores`, `plays` and `live` channels, made from
// event Changes (INFERRED shapes: the vendor documents the channels, not their payloads). Each is
// the usual `meta`/`data` envelope. Pure.
import type { Change, SportEvent } from '../../model/types.js';
import type { TrIds } from './ids.js';
import { rfc3339 } from './rows.js';
import { scoreOf } from './shapes.js';

type EventChange = Extract<Change, { kind: 'event' }>;

const envelope = (type: string, nowMs: number, data: unknown) =>
  JSON.stringify({
    meta: { type, version: 'v2', timestamp: Math.floor(nowMs / 1000) },
    data,
  });

/** True when the change moved what the `score` object shows (status, score, period, clock). */
export function scoreChanged(c: EventChange): boolean {
  const a = c.before;
  const b = c.after;
  if (a === null) return true;
  return (
    a.status !== b.status ||
    a.live?.home !== b.live?.home ||
    a.live?.away !== b.live?.away ||
    a.live?.period !== b.live?.period ||
    a.live?.clock !== b.live?.clock
  );
}

/**
 * The play a change records: a score (one side's points went up) or a new incident (card,
 * timeout, VAR check…). Null for clock and status moves.
 */
export function playOf(c: EventChange, ids: TrIds) {
  const e = c.after;
  const live = e.live;
  // An event first seen already in play has a score but no play to show for it.
  if (live === undefined || c.before === null) return null;
  const home = live.home - (c.before.live?.home ?? 0);
  const away = live.away - (c.before.live?.away ?? 0);
  let type: string;
  let side: 'home' | 'away' | undefined;
  let points = 0;
  if (home > 0 || away > 0) {
    type = 'score';
    side = home > 0 ? 'home' : 'away';
    points = Math.max(home, away);
  } else if (live.incident && live.incident.n !== c.before.live?.incident?.n) {
    type = live.incident.kind;
    side = live.incident.side;
  } else {
    return null;
  }
  const team = side === undefined ? undefined : e[side];
  const score = scoreOf(e);
  return {
    play_id: c.seq,
    event_id: ids.eventId(e.id),
    sport_id: ids.sportId(e.league) ?? 0,
    play_type: type,
    team_id: side === undefined ? null : ids.participant(side, e).id,
    points,
    description: describe(type, team?.name, points),
    game_period: score.game_period,
    game_clock: score.game_clock,
    display_clock: score.display_clock,
    score_away: score.score_away,
    score_home: score.score_home,
    updated_at: rfc3339(c.at),
  };
}

function describe(type: string, team: string | undefined, points: number): string {
  if (type === 'score') return `${team} score ${points}`;
  const what = type.replace(/_/g, ' ');
  return team === undefined ? what : `${what} (${team})`;
}

function scoreData(e: SportEvent, ids: TrIds, at: number) {
  return {
    event_id: ids.eventId(e.id),
    sport_id: ids.sportId(e.league) ?? 0,
    score: { ...scoreOf(e), updated_at: rfc3339(at) },
  };
}

/** `scores`: `meta.type` `"score"`, `data` `{event_id, sport_id, score}` (§5.1's score object). */
export function scoreFrame(c: EventChange, ids: TrIds, nowMs: number): string {
  return envelope('score', nowMs, scoreData(c.after, ids, c.at));
}

/** `plays`: `meta.type` `"play"`, one play. */
export function playFrame(play: NonNullable<ReturnType<typeof playOf>>, nowMs: number): string {
  return envelope('play', nowMs, play);
}

/**
 * `live`: `meta.type` `"live_game_state"`, the score plus the game state (period, clock, whether
 * betting is held, the latest incident) and, when the change was a play, that play.
 */
export function liveFrame(c: EventChange, ids: TrIds, nowMs: number): string {
  const e = c.after;
  const live = e.live;
  const play = playOf(c, ids);
  return envelope('live_game_state', nowMs, {
    ...scoreData(e, ids, c.at),
    live_game_state: {
      game_period: live?.period ?? 0,
      game_clock: live?.clock ?? 0,
      suspended: live?.suspended === true,
      last_incident: live?.incident ? { n: live.incident.n, type: live.incident.kind } : null,
    },
    ...(play ? { play } : {}),
  });
}
