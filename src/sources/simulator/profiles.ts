// Numbers that make each sport look like itself: scoring, spreads of outcomes, breaks, props.
// Rough public averages; realism here is about shape (who is favoured, how lines move), not
// about predicting anything.
import type { LeagueDef } from '../../catalog/types.js';

export interface SportProfile {
  /** Expected combined score over regulation. */
  total: number;
  /** Standard deviation of the final margin and of the final total. */
  sdMargin: number;
  sdTotal: number;
  /** Expected home margin from home advantage alone. */
  homeEdge: number;
  /** Points per scoring play and their weights. */
  scorePoints: readonly number[];
  scoreWeights: readonly number[];
  /** Whether books suspend everything for a few seconds on every score. */
  suspendOnScore: boolean;
  /** Seconds of break between periods, and at half time. */
  breakSeconds: number;
  halftimeSeconds: number;
  /**
   * Game-clock seconds per second of play: the clock stops for fouls, incompletions and
   * timeouts, so an NFL hour takes about three. Kick-off to final follows from it.
   */
  clockRate: number;
  /** No game clock on the wire (baseball counts innings, tennis sets); `clock` is then 0. */
  clockless: boolean;
}

const base: SportProfile = {
  total: 10,
  sdMargin: 4,
  sdTotal: 4,
  homeEdge: 0.3,
  scorePoints: [1],
  scoreWeights: [1],
  suspendOnScore: true,
  breakSeconds: 120,
  halftimeSeconds: 600,
  clockRate: 1,
  clockless: false,
};

const sports: Record<string, Partial<SportProfile>> = {
  basketball: {
    total: 226,
    sdMargin: 12,
    sdTotal: 18,
    homeEdge: 2.5,
    scorePoints: [1, 2, 3],
    scoreWeights: [0.12, 0.62, 0.26],
    suspendOnScore: false,
    breakSeconds: 130,
    halftimeSeconds: 900,
    clockRate: 0.4,
  },
  football: {
    total: 45,
    sdMargin: 13.5,
    sdTotal: 13,
    homeEdge: 1.8,
    scorePoints: [3, 7, 6, 2],
    scoreWeights: [0.38, 0.55, 0.04, 0.03],
    halftimeSeconds: 780,
    clockRate: 0.36,
  },
  baseball: {
    total: 8.8,
    sdMargin: 4.2,
    sdTotal: 4.3,
    homeEdge: 0.25,
    scorePoints: [1, 2, 3, 4],
    scoreWeights: [0.65, 0.22, 0.08, 0.05],
    halftimeSeconds: 120,
    clockRate: 1.25,
    clockless: true,
  },
  hockey: {
    total: 6.1,
    sdMargin: 2.3,
    sdTotal: 2.3,
    homeEdge: 0.25,
    breakSeconds: 1020,
    clockRate: 0.55,
  },
  soccer: { total: 2.7, sdMargin: 1.7, sdTotal: 1.6, homeEdge: 0.35, halftimeSeconds: 900 },
  tennis: {
    total: 22,
    sdMargin: 5,
    sdTotal: 4,
    homeEdge: 0,
    suspendOnScore: false,
    clockless: true,
  },
  mma: { total: 0, sdMargin: 2, sdTotal: 1, homeEdge: 0, scorePoints: [1], scoreWeights: [1] },
};

const leagueTotals: Record<string, number> = {
  ncaab: 145,
  wnba: 165,
  ncaaf: 55,
  wta: 21,
};

export function sportProfile(league: LeagueDef): SportProfile {
  const p: SportProfile = { ...base, ...(sports[league.sport] ?? {}) };
  const total = leagueTotals[league.id];
  if (total !== undefined) {
    const scale = total / p.total;
    return { ...p, total, sdTotal: p.sdTotal * Math.sqrt(scale) };
  }
  return p;
}

/** Kick-off to final whistle in world ms: regulation at the sport's clock rate plus breaks. */
export function gameDurationMs(league: LeagueDef, p: SportProfile): number {
  const { periods, periodSeconds } = league.clock;
  const breaks = Math.max(0, periods - 1) * p.breakSeconds;
  const halftime = periods % 2 === 0 && periods > 1 ? p.halftimeSeconds - p.breakSeconds : 0;
  return ((periods * periodSeconds) / p.clockRate + breaks + halftime) * 1000;
}

export interface StatProfile {
  mean: number;
  /** Yes-only props (anytime scorer, double-double) price one selection at this probability. */
  yes?: boolean;
}

const stats: Record<string, StatProfile> = {
  points: { mean: 19 },
  rebounds: { mean: 6.5 },
  assists: { mean: 4.5 },
  threes: { mean: 2.2 },
  points_rebounds_assists: { mean: 30 },
  points_rebounds: { mean: 25.5 },
  points_assists: { mean: 23.5 },
  rebounds_assists: { mean: 11 },
  blocks: { mean: 0.9 },
  steals: { mean: 1.1 },
  turnovers: { mean: 2.3 },
  double_double: { mean: 0.3, yes: true },
  triple_double: { mean: 0.06, yes: true },
  passing_yards: { mean: 245 },
  passing_tds: { mean: 1.7 },
  pass_completions: { mean: 22 },
  rushing_yards: { mean: 55 },
  receiving_yards: { mean: 58 },
  receptions: { mean: 4.6 },
  anytime_td: { mean: 0.35, yes: true },
  strikeouts: { mean: 5.8 },
  hits: { mean: 1.0 },
  total_bases: { mean: 1.6 },
  home_runs: { mean: 0.15, yes: true },
  rbis: { mean: 0.6 },
  shots_on_goal: { mean: 3.1 },
  goals: { mean: 0.35, yes: true },
  shots_on_target: { mean: 1.1 },
  saves: { mean: 26 },
};

const sportStats: Record<string, StatProfile> = {
  'hockey:points': { mean: 0.85 },
  'hockey:assists': { mean: 0.55 },
  'soccer:assists': { mean: 0.2, yes: true },
  'soccer:saves': { mean: 3.2 },
};

/** Means that depend on the position: a quarterback's rushing yards are not a running back's. */
const positionStats: Record<string, StatProfile> = {
  'football:QB:rushing_yards': { mean: 22 },
  'football:QB:anytime_td': { mean: 0.15, yes: true },
  'football:RB:receiving_yards': { mean: 22 },
  'football:RB:receptions': { mean: 2.8 },
  'football:RB:anytime_td': { mean: 0.45, yes: true },
  'football:WR:rushing_yards': { mean: 5 },
  'football:TE:receiving_yards': { mean: 45 },
  'football:TE:receptions': { mean: 4.2 },
  'football:TE:anytime_td': { mean: 0.3, yes: true },
  'basketball:C:assists': { mean: 2.8 },
  'basketball:C:rebounds': { mean: 10 },
  'basketball:C:blocks': { mean: 1.7 },
  'hockey:D:points': { mean: 0.5 },
  'hockey:D:assists': { mean: 0.4 },
  'hockey:D:goals': { mean: 0.12, yes: true },
  'hockey:D:shots_on_goal': { mean: 2.2 },
};

export function statProfile(
  sport: string,
  stat: string | undefined,
  position?: string,
): StatProfile {
  const key = stat ?? '';
  return (
    (position ? positionStats[`${sport}:${position}:${key}`] : undefined) ??
    sportStats[`${sport}:${key}`] ??
    stats[key] ?? { mean: 5 }
  );
}

/**
 * The stats books offer props on, by position: passing props for quarterbacks only, pitchers
 * get strikeouts and batters hits, goalies saves and skaters the rest. `sport:*` is every other
 * position of the sport; a player without a position takes every stat of the sport.
 */
const positionProps: Record<string, readonly string[]> = {
  'football:QB': [
    'passing_yards',
    'passing_tds',
    'pass_completions',
    'rushing_yards',
    'anytime_td',
  ],
  'football:RB': ['rushing_yards', 'receiving_yards', 'receptions', 'anytime_td'],
  'football:WR': ['receiving_yards', 'receptions', 'anytime_td'],
  'football:TE': ['receiving_yards', 'receptions', 'anytime_td'],
  'baseball:P': ['strikeouts'],
  'baseball:*': ['hits', 'total_bases', 'home_runs', 'rbis'],
  'hockey:G': ['saves'],
  'hockey:*': ['points', 'assists', 'goals', 'shots_on_goal'],
  'basketball:C': [
    'points',
    'rebounds',
    'assists',
    'points_rebounds_assists',
    'points_rebounds',
    'points_assists',
    'rebounds_assists',
    'blocks',
    'steals',
    'turnovers',
    'double_double',
  ],
};

export function offersProp(sport: string, position: string | undefined, stat: string): boolean {
  if (!position) return true;
  const allowed = positionProps[`${sport}:${position}`] ?? positionProps[`${sport}:*`];
  return allowed ? allowed.includes(stat) : true;
}

/** Regulation periods a market period covers, inclusive, 1-based; null for the full game. */
export interface Scope {
  from: number;
  to: number;
}

/**
 * Reads the catalog's period ids (`game`, `1h`, `2q`, `3p`, `1s`, `f5`) against the league's
 * regulation periods. Unknown ids give undefined so the market is skipped, not mispriced.
 */
export function periodScope(periodId: string, periods: number): Scope | null | undefined {
  if (periodId === 'game') return null;
  const first = /^f(\d+)$/.exec(periodId);
  if (first) return { from: 1, to: Math.min(Number(first[1]), periods) };
  const m = /^(\d+)([hqps])$/.exec(periodId);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[2] === 'h') {
    const half = Math.ceil(periods / 2);
    return n === 1 ? { from: 1, to: half } : { from: half + 1, to: periods };
  }
  return n <= periods ? { from: n, to: n } : undefined;
}
