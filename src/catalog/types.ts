// The catalog's shape. The data lives in catalog/*.json; src/catalog/load.ts validates it.

/** The dialects whose vocabularies the catalog carries. */
export type Vocabulary = 'therundown' | 'rapidodds' | 'tickodds' | 'parlay' | 'polymarket';

/** An entry's identifiers in each dialect's vocabulary (numbers for TheRundown, strings otherwise). */
export type DialectIds = Partial<Record<Vocabulary, string | number>>;

export interface SportDef {
  id: string;
  name: string;
  ids: DialectIds;
}

export interface LeagueDef {
  id: string;
  sport: string;
  name: string;
  /** Periods this league's markets are offered for (ids from periods). */
  periods: string[];
  /** Seconds per regulation period and number of periods, for the simulator's clock. */
  clock: { periods: number; periodSeconds: number; countsUp?: boolean };
  /** Whether a draw is a possible result (3-way markets). */
  draws: boolean;
  ids: DialectIds;
}

export type BookKind = 'us' | 'sharp' | 'exchange' | 'offshore' | 'eu';

export interface BookDef {
  id: string;
  name: string;
  kind: BookKind;
  ids: DialectIds;
}

export type MarketKind =
  | 'moneyline'
  | 'spread'
  | 'total'
  | 'team_total'
  | 'three_way'
  | 'player_prop';

export interface MarketDef {
  id: string;
  name: string;
  kind: MarketKind;
  /** For player props: the stat (points, rebounds, passing_yards, ...). */
  stat?: string;
  /** Sports this market is offered for. */
  sports: string[];
  /** Ids for the full game. */
  ids: DialectIds;
  /** Ids of the same market for other periods, keyed by period id. */
  periodIds?: Record<string, DialectIds>;
}

export interface PeriodDef {
  id: string;
  name: string;
}

export interface TeamDef {
  id: string;
  league: string;
  name: string;
  abbr: string;
}

export interface PlayerDef {
  id: string;
  team: string;
  name: string;
}

export interface Catalog {
  sports: SportDef[];
  leagues: LeagueDef[];
  books: BookDef[];
  markets: MarketDef[];
  periods: PeriodDef[];
  teams: TeamDef[];
  players: PlayerDef[];
}
