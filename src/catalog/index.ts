// O(1) lookups over a validated Catalog, both ways between canonical ids and dialect ids.
import { FULL_GAME, idOccurrences, marketIds } from './ids.js';
import type {
  BookDef,
  Catalog,
  CatalogKind,
  DialectIds,
  LeagueDef,
  MarketDef,
  PeriodDef,
  PlayerDef,
  SportDef,
  TeamDef,
  Vocabulary,
} from './types.js';

/** What a dialect id resolves to. `period` is set for markets only (`game` = full game). */
export interface DialectMatch {
  id: string;
  period?: string;
}

// Marks a value two entries share in the unscoped view, so it resolves to nothing.
const AMBIGUOUS: DialectMatch = { id: '' };

function byId<T extends { id: string }>(entries: readonly T[]): Map<string, T> {
  return new Map(entries.map((e) => [e.id, e]));
}

function groupBy<T>(entries: readonly T[], key: (e: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const e of entries) {
    const k = key(e);
    const group = groups.get(k);
    if (group) group.push(e);
    else groups.set(k, [e]);
  }
  return groups;
}

function reverseKey(vocab: Vocabulary, kind: CatalogKind, scope: string, value: unknown): string {
  return `${vocab}\0${kind}\0${scope}\0${String(value)}`;
}

export class CatalogIndex {
  readonly catalog: Catalog;
  readonly #sports: Map<string, SportDef>;
  readonly #leagues: Map<string, LeagueDef>;
  readonly #books: Map<string, BookDef>;
  readonly #markets: Map<string, MarketDef>;
  readonly #periods: Map<string, PeriodDef>;
  readonly #teams: Map<string, TeamDef>;
  readonly #players: Map<string, PlayerDef>;
  readonly #teamsOf: Map<string, TeamDef[]>;
  readonly #playersOf: Map<string, PlayerDef[]>;
  readonly #leaguesOf: Map<string, LeagueDef[]>;
  readonly #marketsFor: Map<string, MarketDef[]>;
  readonly #reverse = new Map<string, DialectMatch>();

  /** Expects a catalog that passed loadCatalog's checks; duplicates would resolve arbitrarily. */
  constructor(catalog: Catalog) {
    this.catalog = catalog;
    this.#sports = byId(catalog.sports);
    this.#leagues = byId(catalog.leagues);
    this.#books = byId(catalog.books);
    this.#markets = byId(catalog.markets);
    this.#periods = byId(catalog.periods);
    this.#teams = byId(catalog.teams);
    this.#players = byId(catalog.players);
    this.#teamsOf = groupBy(catalog.teams, (t) => t.league);
    this.#playersOf = groupBy(catalog.players, (p) => p.team);
    this.#leaguesOf = groupBy(catalog.leagues, (l) => l.sport);
    this.#marketsFor = new Map(
      catalog.sports.map((s) => [s.id, catalog.markets.filter((m) => m.sports.includes(s.id))]),
    );

    for (const o of idOccurrences(catalog)) {
      const match: DialectMatch =
        o.kind === 'market' ? { id: o.id, period: o.period } : { id: o.id };
      this.#reverse.set(reverseKey(o.vocab, o.kind, o.scope, o.value), match);
      // Periods and teams are unique only per league; keep an unscoped entry when it is unambiguous.
      if (o.kind === 'period' || o.kind === 'team') {
        const key = reverseKey(o.vocab, o.kind, '', o.value);
        const prior = this.#reverse.get(key);
        this.#reverse.set(key, prior && prior.id !== o.id ? AMBIGUOUS : match);
      }
    }
  }

  sport(id: string): SportDef | undefined {
    return this.#sports.get(id);
  }
  league(id: string): LeagueDef | undefined {
    return this.#leagues.get(id);
  }
  book(id: string): BookDef | undefined {
    return this.#books.get(id);
  }
  market(id: string): MarketDef | undefined {
    return this.#markets.get(id);
  }
  period(id: string): PeriodDef | undefined {
    return this.#periods.get(id);
  }
  team(id: string): TeamDef | undefined {
    return this.#teams.get(id);
  }
  player(id: string): PlayerDef | undefined {
    return this.#players.get(id);
  }

  /** Teams of a league ([] if it has none); undefined for an unknown league. */
  teamsOf(league: string): readonly TeamDef[] | undefined {
    return this.#leagues.has(league) ? (this.#teamsOf.get(league) ?? []) : undefined;
  }
  playersOf(team: string): readonly PlayerDef[] | undefined {
    return this.#teams.has(team) ? (this.#playersOf.get(team) ?? []) : undefined;
  }
  leaguesOf(sport: string): readonly LeagueDef[] | undefined {
    return this.#sports.has(sport) ? (this.#leaguesOf.get(sport) ?? []) : undefined;
  }
  marketsFor(sport: string): readonly MarketDef[] | undefined {
    return this.#marketsFor.get(sport);
  }

  /**
   * The dialect id of a canonical entry. For markets, `period` picks the variant (default: full
   * game) and `league` applies that sport's overrides (RapidOddsAPI totals are named per sport).
   */
  dialectId(
    vocab: Vocabulary,
    kind: CatalogKind,
    canonicalId: string,
    period?: string,
    league?: string,
  ): string | number | undefined {
    if (kind === 'market') {
      const market = this.#markets.get(canonicalId);
      if (!market) return undefined;
      const sport = league === undefined ? undefined : this.#leagues.get(league)?.sport;
      if (league !== undefined && sport === undefined) return undefined;
      return marketIds(market, period ?? FULL_GAME, sport)[vocab];
    }
    return this.#idsOf(kind, canonicalId)?.[vocab];
  }

  /**
   * The canonical entry a dialect id names. Numbers and their decimal strings are the same id.
   * `league` scopes the lookup: markets resolve through that league's sport (TheRundown's market 1
   * is the 3-way result in soccer), periods and teams within that league. Without it, a period or
   * team id that means different things in different leagues resolves to nothing.
   */
  fromDialectId(
    vocab: Vocabulary,
    kind: CatalogKind,
    value: string | number,
    league?: string,
  ): DialectMatch | undefined {
    let scope = '';
    if (league !== undefined && (kind === 'market' || kind === 'period' || kind === 'team')) {
      const def = this.#leagues.get(league);
      if (!def) return undefined;
      scope = kind === 'market' ? def.sport : def.id;
    }
    const match = this.#reverse.get(reverseKey(vocab, kind, scope, value));
    return match === AMBIGUOUS ? undefined : match;
  }

  #idsOf(kind: Exclude<CatalogKind, 'market'>, id: string): DialectIds | undefined {
    switch (kind) {
      case 'sport':
        return this.#sports.get(id)?.ids;
      case 'league':
        return this.#leagues.get(id)?.ids;
      case 'book':
        return this.#books.get(id)?.ids;
      case 'period':
        return this.#periods.get(id)?.ids;
      case 'team':
        return this.#teams.get(id)?.ids;
    }
  }
}
