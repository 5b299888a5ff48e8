// The results payload (spec §5.4, shapes from the vendor's SDK types): one entry per game with
// its `game` header and, when asked for and the game has started, its `score` and `players`.
// Pure: games and their score tracks in, the REST / `results_update` `data` object out.
import { createHash } from 'node:crypto';
import type { LeagueDef } from '../../catalog/types.js';
import type { EventStatus, SportEvent } from '../../model/types.js';
import { naiveSeconds } from './odds.js';
import type { Track } from './results-book.js';

export type ResultsStatus = 'all' | 'live' | 'scheduled' | 'concluded';
export const RESULTS_STATUSES: readonly ResultsStatus[] = ['all', 'live', 'scheduled', 'concluded'];
export const RESULTS_INCLUDES = ['scores', 'players'] as const;
export type Include = (typeof RESULTS_INCLUDES)[number];

/** What a results request or subscription asks for. */
export interface ResultsQuery {
  status: ResultsStatus;
  include: ReadonlySet<Include>;
  /** Games that started at most this many days ago (and all later ones). */
  days?: number;
  gameId?: string;
  round?: string;
}

/** The vendor's status strings; only `CONCLUDED` is documented, the rest are INFERRED. */
const STATUS: Record<EventStatus, string> = {
  scheduled: 'SCHEDULED',
  live: 'LIVE',
  break: 'LIVE',
  suspended: 'SUSPENDED',
  ended: 'CONCLUDED',
  postponed: 'POSTPONED',
  cancelled: 'CANCELLED',
};

function statusMatches(q: ResultsStatus, s: EventStatus): boolean {
  if (q === 'all') return true;
  if (q === 'live') return s === 'live' || s === 'break';
  if (q === 'scheduled') return s === 'scheduled';
  return s === 'ended';
}

/** A stable integer id per canonical event id (INFERRED: the vendor's are integers). */
export function gameIdOf(eventId: string): number {
  return (
    (createHash('md5').update(`results:${eventId}`).digest().readUInt32BE(0) % 999_999_999) + 1
  );
}

/** Whether a game passes a query; `was` (its status before a change) lets a live feed see it end. */
export function selects(q: ResultsQuery, e: SportEvent, now: number, was?: EventStatus): boolean {
  if (!statusMatches(q.status, e.status) && !(was !== undefined && statusMatches(q.status, was)))
    return false;
  if (q.days !== undefined && e.startsAt < now - q.days * 86_400_000) return false;
  if (q.gameId !== undefined && String(gameIdOf(e.id)) !== q.gameId) return false;
  // Linecast has no rounds: asking for one finds nothing.
  return q.round === undefined;
}

/** The scoring field of a sport: runs, goals or points (INFERRED names beyond AFL and MLB). */
function unitOf(sport: string): string {
  if (sport === 'baseball') return 'runs';
  if (sport === 'hockey' || sport === 'soccer') return 'goals';
  return 'points';
}

const mmss = (s: number) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

const pair = (home: number, away: number) => ({ home, away, total: home + away });

function sumTo(xs: readonly number[], n: number): number {
  let s = 0;
  for (let i = 0; i < n && i < xs.length; i++) s += xs[i] ?? 0;
  return s;
}

function score(e: SportEvent, t: Track | undefined, league: LeagueDef) {
  const live = e.live!;
  const unit = unitOf(e.sport);
  const current = Math.max(1, live.period);
  const homeBy = t ? [...t.homeBy] : [];
  const awayBy = t ? [...t.awayBy] : [];
  // Without a track (never seen changing) the whole score sits in the current period.
  if (!t) {
    homeBy[current - 1] = live.home;
    awayBy[current - 1] = live.away;
  }
  const periods = Math.max(current, homeBy.length, awayBy.length);
  const ended = e.status === 'ended';
  const completed = ended ? periods : e.status === 'break' ? current : current - 1;
  const { periods: regulation, periodSeconds, countsUp } = league.clock;
  const byPeriod = (xs: number[]) =>
    Array.from({ length: periods }, (_, i) => ({ period: i + 1, [unit]: xs[i] ?? 0 }));

  const periodState = Array.from({ length: periods }, (_, i) => {
    const period = i + 1;
    const done = period <= completed;
    const state: Record<string, unknown> = { period, completed: done };
    if (done || period !== current) return state;
    if (e.sport === 'baseball') {
      // No clock in baseball: the simulator's inning clock tells the half (INFERRED).
      state['half'] = live.clock < periodSeconds / 2 ? 'top' : 'bottom';
      return state;
    }
    const elapsed = countsUp ? live.clock : Math.max(0, periodSeconds - live.clock);
    state['period_seconds_elapsed'] = elapsed;
    if (!countsUp) state['period_seconds_remaining'] = live.clock;
    state['match_seconds_elapsed'] = (period - 1) * periodSeconds + elapsed;
    state['display_clock'] = mmss(live.clock);
    return state;
  });

  const named = (n: number) => (completed >= n ? pair(sumTo(homeBy, n), sumTo(awayBy, n)) : null);
  const totals: Record<string, unknown> = {
    full_time: ended ? pair(live.home, live.away) : null,
  };
  if (e.sport === 'baseball') totals['first_5_innings'] = named(5);
  else totals['half_time'] = named(Math.max(1, Math.floor(regulation / 2)));
  totals['by_period'] = Array.from({ length: periods }, (_, i) => ({
    period: i + 1,
    ...pair(homeBy[i] ?? 0, awayBy[i] ?? 0),
  }));

  return {
    home: { team: e.home.name, [unit]: live.home },
    away: { team: e.away.name, [unit]: live.away },
    home_by_period: byPeriod(homeBy),
    away_by_period: byPeriod(awayBy),
    period_state: periodState,
    totals,
    scoring_events: (t?.scoring ?? []).map((s) => ({
      period: s.period,
      team: s.side === 'home' ? e.home.name : e.away.name,
      side: s.side,
      [unit]: s.points,
      home_score: s.home,
      away_score: s.away,
      time: naiveSeconds(s.at),
    })),
  };
}

export interface ResultsGame {
  event: SportEvent;
  track: Track | undefined;
}

export function gameResult(g: ResultsGame, league: LeagueDef, include: ReadonlySet<Include>) {
  const e = g.event;
  const t = g.track;
  const entry: Record<string, unknown> = {
    game: {
      game_id: gameIdOf(e.id),
      commence_time: naiveSeconds(e.startsAt),
      last_update: t?.lastUpdate == null ? null : naiveSeconds(t.lastUpdate),
      concluded_at: t?.concludedAt == null ? null : naiveSeconds(t.concludedAt),
      home_team: e.home.name,
      away_team: e.away.name,
      status: STATUS[e.status],
      round_number: null,
    },
  };
  // Absent on games that have not started (SDK).
  if (e.live && e.status !== 'scheduled') {
    if (include.has('scores')) entry['score'] = score(e, t, league);
    // Linecast's model carries no player statistics.
    if (include.has('players')) entry['players'] = [];
  }
  return entry;
}

export interface ResultsPayload {
  sport: string;
  games: Record<string, unknown>[];
}

/** Games in start order, then by id. */
export function buildResults(
  sport: string,
  league: LeagueDef,
  games: readonly ResultsGame[],
  include: ReadonlySet<Include>,
): ResultsPayload {
  const sorted = [...games].sort(
    (a, b) => a.event.startsAt - b.event.startsAt || (a.event.id < b.event.id ? -1 : 1),
  );
  return { sport, games: sorted.map((g) => gameResult(g, league, include)) };
}

/** `include` values; the unknown ones are returned for the 400 `Invalid include value(s): …`. */
export function parseInclude(
  values: readonly string[],
): { ok: true; include: Set<Include> } | { ok: false; bad: string[] } {
  const known = new Set<string>(RESULTS_INCLUDES);
  const bad = values.filter((v) => !known.has(v));
  if (bad.length > 0) return { ok: false, bad };
  return { ok: true, include: new Set(values as Include[]) };
}

export function parseStatus(value: string): ResultsStatus | undefined {
  const s = value.toLowerCase();
  return RESULTS_STATUSES.find((x) => x === s);
}
