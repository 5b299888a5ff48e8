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
  },
  football: {
    total: 45,
    sdMargin: 13.5,
    sdTotal: 13,
    homeEdge: 1.8,
    scorePoints: [3, 7, 6, 2],
    scoreWeights: [0.38, 0.55, 0.04, 0.03],
    halftimeSeconds: 780,
  },
  baseball: {
    total: 8.8,
    sdMargin: 4.2,
    sdTotal: 4.3,
    homeEdge: 0.25,
    scorePoints: [1, 2, 3, 4],
    scoreWeights: [0.65, 0.22, 0.08, 0.05],
    halftimeSeconds: 120,
  },
  hockey: { total: 6.1, sdMargin: 2.3, sdTotal: 2.3, homeEdge: 0.25, breakSeconds: 1020 },
  soccer: { total: 2.7, sdMargin: 1.7, sdTotal: 1.6, homeEdge: 0.35, halftimeSeconds: 900 },
  tennis: { total: 22, sdMargin: 5, sdTotal: 4, homeEdge: 0, suspendOnScore: false },
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

export function statProfile(sport: string, stat: string | undefined): StatProfile {
  const key = stat ?? '';
  return sportStats[`${sport}:${key}`] ?? stats[key] ?? { mean: 5 };
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
