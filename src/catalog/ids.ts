// Every dialect id the catalog holds, flattened into one list with the scope it is unique in.
// The validator and the index both read this list, so they agree on what an id means.
import type { Catalog, CatalogKind, DialectIds, MarketDef, Vocabulary } from './types.js';

/** The full-game period: market `ids` are this period's ids. */
export const FULL_GAME = 'game';

export interface IdOccurrence {
  kind: CatalogKind;
  /** Canonical id of the entry. */
  id: string;
  /** Markets only: the period variant this id names. */
  period?: string;
  /**
   * Where the value must be unique: '' for the whole kind, a league id for periods and teams,
   * a sport id for a market's per-sport view.
   */
  scope: string;
  vocab: Vocabulary;
  value: string | number;
  /** Where the value is written, for error messages: file, entry index, field path. */
  file: string;
  index: number;
  field: string;
}

const FILES: Record<CatalogKind, string> = {
  sport: 'sports.json',
  league: 'leagues.json',
  book: 'books.json',
  market: 'markets.json',
  period: 'periods.json',
  team: 'teams.json',
};

export function fileOf(kind: CatalogKind): string {
  return FILES[kind];
}

function* each(ids: DialectIds | undefined): Generator<[Vocabulary, string | number]> {
  if (!ids) return;
  for (const [vocab, value] of Object.entries(ids)) {
    if (value !== undefined) yield [vocab as Vocabulary, value];
  }
}

/** Periods a market is offered for: the full game plus every `periodIds` key. */
export function marketPeriods(market: MarketDef): string[] {
  return [FULL_GAME, ...Object.keys(market.periodIds ?? {}).filter((p) => p !== FULL_GAME)];
}

/** The ids a market has for one period, optionally as seen from one sport (overrides applied). */
export function marketIds(market: MarketDef, period: string, sport?: string): DialectIds {
  const generic = period === FULL_GAME ? market.ids : market.periodIds?.[period];
  if (sport === undefined) return generic ?? {};
  if (!market.sports.includes(sport)) return {};
  const sportIds = market.bySport?.[sport];
  const override = period === FULL_GAME ? sportIds?.ids : sportIds?.periodIds?.[period];
  return { ...generic, ...override };
}

function* marketOccurrences(market: MarketDef, index: number): Generator<IdOccurrence> {
  const base = { kind: 'market' as const, id: market.id, file: FILES.market, index };
  for (const period of marketPeriods(market)) {
    const genericField = period === FULL_GAME ? 'ids' : `periodIds.${period}`;
    for (const [vocab, value] of each(marketIds(market, period))) {
      yield { ...base, period, scope: '', vocab, value, field: `${genericField}.${vocab}` };
    }
    for (const sport of market.sports) {
      const override =
        period === FULL_GAME
          ? market.bySport?.[sport]?.ids
          : market.bySport?.[sport]?.periodIds?.[period];
      for (const [vocab, value] of each(marketIds(market, period, sport))) {
        const field =
          override?.[vocab] !== undefined
            ? `bySport.${sport}.${genericField}.${vocab}`
            : `${genericField}.${vocab}`;
        yield { ...base, period, scope: sport, vocab, value, field };
      }
    }
  }
}

/** Every dialect id in the catalog, each once per scope it must be unique in. */
export function* idOccurrences(catalog: Catalog): Generator<IdOccurrence> {
  const simple = [
    ['sport', catalog.sports],
    ['league', catalog.leagues],
    ['book', catalog.books],
  ] as const;
  for (const [kind, entries] of simple) {
    for (const [index, entry] of entries.entries()) {
      for (const [vocab, value] of each(entry.ids)) {
        const field = `ids.${vocab}`;
        yield { kind, id: entry.id, scope: '', vocab, value, file: FILES[kind], index, field };
      }
    }
  }
  for (const [index, market] of catalog.markets.entries()) yield* marketOccurrences(market, index);

  const periodIndex = new Map(catalog.periods.map((p, i) => [p.id, i]));
  for (const league of catalog.leagues) {
    for (const periodId of league.periods) {
      const index = periodIndex.get(periodId);
      const period = index === undefined ? undefined : catalog.periods[index];
      if (index === undefined || !period) continue;
      for (const [vocab, value] of each(period.ids)) {
        const base = { kind: 'period' as const, id: period.id, file: FILES.period, index };
        yield { ...base, scope: league.id, vocab, value, field: `ids.${vocab}` };
      }
    }
  }
  for (const [index, team] of catalog.teams.entries()) {
    for (const [vocab, value] of each(team.ids)) {
      const base = { kind: 'team' as const, id: team.id, file: FILES.team, index };
      yield { ...base, scope: team.league, vocab, value, field: `ids.${vocab}` };
    }
  }
}
