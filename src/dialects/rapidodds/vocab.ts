// RapidOdds names <-> catalog ids. A RapidOdds `sport` is a catalog league (`NBA`), a bookmaker
// is a feed name (`DraftKings`), a market key names a (market, period) pair per sport.
import type { CatalogIndex } from '../../catalog/index.js';
import type { LeagueDef, MarketKind } from '../../catalog/types.js';

const VOCAB = 'rapidodds';

export interface SportRef {
  /** RapidOdds sport id, upper-case as the catalog spells it. */
  id: string;
  league: LeagueDef;
}

export interface MarketRef {
  /** The key as requested and as echoed in `markets[].key`. */
  key: string;
  market: string;
  period: string;
  kind: MarketKind;
}

/** A subscription or odds request resolved against the catalog. */
export interface Selection {
  sport: SportRef;
  /** Feed names as requested, de-duplicated, original order (unknown ones included). */
  bookmakers: string[];
  /** Market keys as requested, de-duplicated, original order (unknown ones included). */
  marketTypes: string[];
  /** Known feeds: feed name -> canonical book id. */
  books: Map<string, string>;
  /** Known keys, in request order. */
  markets: MarketRef[];
  cost: number;
}

export interface MarketGroups {
  game: string[];
  team: string[];
  player_props: string[];
}

/** `market_types x ceil(bookmakers / 5)`, over de-duplicated lists. */
export function creditsFor(marketTypes: number, bookmakers: number): number {
  return marketTypes * Math.ceil(bookmakers / 5);
}

export function dedupe(list: readonly string[]): string[] {
  return [...new Set(list)];
}

export class Vocab {
  private readonly sports = new Map<string, SportRef>();

  constructor(readonly catalog: CatalogIndex) {
    for (const league of catalog.catalog.leagues) {
      const id = league.ids[VOCAB];
      if (typeof id === 'string') this.sports.set(id.toUpperCase(), { id, league });
    }
  }

  /** Case-insensitive (an older SDK README used `afl`); the canonical id is echoed. */
  sport(name: string): SportRef | undefined {
    return this.sports.get(name.toUpperCase());
  }

  /** Every sport id, sorted. */
  sportIds(): string[] {
    return [...this.sports.values()].map((s) => s.id).sort();
  }

  /** The sport ids of a league, for reading canonical ids back. */
  sportOfLeague(league: string): string | undefined {
    const id = this.catalog.league(league)?.ids[VOCAB];
    return typeof id === 'string' ? id : undefined;
  }

  /** Feed names are case-sensitive: `name` is echoed back verbatim. */
  book(feed: string): string | undefined {
    return this.catalog.fromDialectId(VOCAB, 'book', feed)?.id;
  }

  feedOf(book: string): string | undefined {
    const id = this.catalog.dialectId(VOCAB, 'book', book);
    return typeof id === 'string' ? id : undefined;
  }

  market(key: string, sport: SportRef): MarketRef | undefined {
    const m = this.catalog.fromDialectId(VOCAB, 'market', key, sport.league.id);
    const def = m && this.catalog.market(m.id);
    if (!m || !def) return undefined;
    return { key, market: m.id, period: m.period ?? 'game', kind: def.kind };
  }

  marketKey(market: string, period: string, sport: SportRef): string | undefined {
    const id = this.catalog.dialectId(VOCAB, 'market', market, period, sport.league.id);
    return typeof id === 'string' ? id : undefined;
  }

  /** Market keys a sport carries, grouped as `GET /sports?markets=true` shows them. */
  marketGroups(sport: SportRef): MarketGroups {
    const groups: MarketGroups = { game: [], team: [], player_props: [] };
    const defs = this.catalog.marketsFor(sport.league.sport) ?? [];
    for (const def of defs) {
      const group =
        def.kind === 'team_total' ? 'team' : def.kind === 'player_prop' ? 'player_props' : 'game';
      for (const period of sport.league.periods) {
        const key = this.marketKey(def.id, period, sport);
        if (key !== undefined && !groups[group].includes(key)) groups[group].push(key);
      }
    }
    return groups;
  }

  /** Resolves validated, non-empty lists. */
  select(
    sport: SportRef,
    bookmakers: readonly string[],
    marketTypes: readonly string[],
  ): Selection {
    const feeds = dedupe(bookmakers);
    const keys = dedupe(marketTypes);
    const books = new Map<string, string>();
    for (const feed of feeds) {
      const book = this.book(feed);
      if (book !== undefined) books.set(feed, book);
    }
    const markets: MarketRef[] = [];
    for (const key of keys) {
      const m = this.market(key, sport);
      if (m) markets.push(m);
    }
    return {
      sport,
      bookmakers: feeds,
      marketTypes: keys,
      books,
      markets,
      cost: creditsFor(keys.length, feeds.length),
    };
  }
}
