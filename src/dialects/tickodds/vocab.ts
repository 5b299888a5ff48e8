// TickOdds names <-> catalog ids: sport ids and display names, market keys, industry keys and
// market periods come from the catalog's `tickodds*` vocabularies; fixture ids are derived.
import { createHash } from 'node:crypto';
import type { CatalogIndex } from '../../catalog/index.js';
import type { LeagueDef } from '../../catalog/types.js';

export interface SportRef {
  /** Canonical sport id (`hockey`). */
  canonical: string;
  /** TickOdds sport id (`ice_hockey`). */
  id: string;
  /** Display name, the subscribe key (`Ice Hockey`). */
  name: string;
  icon: string;
}

/** bet365's sport numbers, as TickOdds' icon paths use them (only Soccer = 1 is documented). */
const ICONS: Record<string, number> = {
  soccer: 1,
  cricket: 3,
  american_football: 12,
  tennis: 13,
  baseball: 16,
  ice_hockey: 17,
  basketball: 18,
};

/** Market display names for the keys the catalog gives (the vendor shows `Fulltime Result`). */
const MARKET_NAMES: Record<string, string> = {
  full_time_result: 'Fulltime Result',
  match_goals: 'Match Goals',
  money_line: 'Money Line',
  to_win_match: 'To Win Match',
  asian_handicap: 'Asian Handicap',
  handicap: 'Handicap',
  total_points: 'Total Points',
  total_runs: 'Total Runs',
  total_goals: 'Total Goals',
  total_games: 'Total Games',
  team_totals: 'Team Totals',
  result_3_way: '3-Way Result',
};

const PERIOD_NAMES: Record<string, string> = {
  first_half: '1st Half',
  second_half: '2nd Half',
  first_quarter: '1st Quarter',
  second_quarter: '2nd Quarter',
  third_quarter: '3rd Quarter',
  fourth_quarter: '4th Quarter',
  first_period: '1st Period',
  second_period: '2nd Period',
  third_period: '3rd Period',
  first_set: '1st Set',
  second_set: '2nd Set',
  first_5_innings: '1st 5 Innings',
};

/** Spec §4.5 `type` per catalog market kind. */
const GROUP_TYPES: Record<string, string> = {
  moneyline: 'simple',
  three_way: 'simple',
  spread: 'handicap',
  total: 'over_under',
  team_total: 'over_under',
  player_prop: 'player',
};

export interface MarketRef {
  key: string;
  industryKey: string | null;
  period: string;
  name: string;
  type: string;
}

const titleCase = (key: string) =>
  key
    .split('_')
    .map((w) => (w === '' ? w : w[0]!.toUpperCase() + w.slice(1)))
    .join(' ');

/** A 9-digit fixture id from the canonical event id: the same on every start and server. */
export function fixtureIdOf(eventId: string): string {
  const n = createHash('sha256').update(eventId).digest().readUInt32BE(0);
  return String(100_000_000 + (n % 900_000_000));
}

export class Vocab {
  private readonly sports = new Map<string, SportRef>();
  private readonly byName = new Map<string, SportRef>();
  private readonly markets = new Map<string, MarketRef | null>();

  constructor(readonly catalog: CatalogIndex) {
    for (const s of catalog.catalog.sports) {
      const id = s.ids.tickodds;
      const name = s.ids.tickoddsName;
      if (typeof id !== 'string' || typeof name !== 'string') continue;
      const icon = ICONS[id];
      const ref: SportRef = {
        canonical: s.id,
        id,
        name,
        icon: `/icons/sports/${icon ?? id}.svg`,
      };
      this.sports.set(s.id, ref);
      this.byName.set(id.toLowerCase(), ref);
      this.byName.set(name.toLowerCase(), ref);
    }
  }

  /** Canonical sport id -> TickOdds sport. */
  sport(canonical: string): SportRef | undefined {
    return this.sports.get(canonical);
  }

  /** A sport by display name or id, any letter case. */
  lookup(nameOrId: string): SportRef | undefined {
    return this.byName.get(nameOrId.toLowerCase());
  }

  allSports(): SportRef[] {
    return [...this.sports.values()];
  }

  /** The TickOdds view of a (market, period) of a league; null when the feed does not show it. */
  market(market: string, period: string, league: LeagueDef): MarketRef | null {
    const memo = `${market}|${period}|${league.id}`;
    const known = this.markets.get(memo);
    if (known !== undefined) return known;
    const ref = this.resolve(market, period, league);
    this.markets.set(memo, ref);
    return ref;
  }

  private resolve(market: string, period: string, league: LeagueDef): MarketRef | null {
    const c = this.catalog;
    const def = c.market(market);
    const p = c.dialectId('tickodds', 'period', period);
    if (!def || typeof p !== 'string') return null;
    const id = c.dialectId('tickodds', 'market', market, 'game', league.id);
    // Player props have no TickOdds key in the catalog: their canonical id reads well enough.
    const key = typeof id === 'string' ? id : market.replaceAll('-', '_');
    const industry = c.dialectId('tickoddsIndustry', 'market', market, 'game', league.id);
    const base = MARKET_NAMES[key] ?? titleCase(key);
    const periodName = PERIOD_NAMES[p];
    return {
      key,
      industryKey: typeof industry === 'string' ? industry : null,
      period: p,
      name: periodName ? `${base} - ${periodName}` : base,
      type: GROUP_TYPES[def.kind] ?? 'simple',
    };
  }
}
