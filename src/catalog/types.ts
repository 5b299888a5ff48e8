// The catalog's shape. The data lives in catalog/*.json; src/catalog/load.ts validates it.

/**
 * The vocabularies the catalog carries. The first five are one per dialect; the rest exist
 * because some dialects name one thing two ways (TheRundown has separate in-play market ids,
 * TickOdds has both provider market keys and cross-provider industry keys, and so on).
 */
export type Vocabulary =
  | 'therundown'
  | 'rapidodds'
  | 'tickodds'
  | 'parlay'
  | 'polymarket'
  /** TheRundown in-play market ids (41 = live moneyline, twin of 1). */
  | 'therundownLive'
  /** TickOdds sport display names (`Soccer`), the key clients subscribe with. */
  | 'tickoddsName'
  /** TickOdds `industryKey` (`h2h_3_way`), the cross-provider market key. */
  | 'tickoddsIndustry'
  /** Parlay `/v1/sports` `group` (`Basketball`, `Ice Hockey`). */
  | 'parlayGroup';

/** An entry's identifiers in each vocabulary (numbers for TheRundown, strings otherwise). */
export type DialectIds = Partial<Record<Vocabulary, string | number>>;

/** The kinds of catalog entry that carry dialect ids. */
export type CatalogKind = 'sport' | 'league' | 'book' | 'market' | 'period' | 'team';

/**
 * Vocabularies whose values on this entry are our choice rather than the vendor's documented
 * value (the spec marks them INFERRED, or the spelling is a convention). docs/catalog.md lists them.
 */
export interface Inferred {
  inferred?: Vocabulary[];
}

export interface SportDef extends Inferred {
  id: string;
  name: string;
  ids: DialectIds;
}

export interface LeagueDef extends Inferred {
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

export type BookKind = 'us' | 'sharp' | 'exchange' | 'offshore' | 'eu' | 'au' | 'dfs';

export interface BookDef extends Inferred {
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

/** Ids that differ by sport (TickOdds and RapidOddsAPI name totals per scoring unit). */
export interface MarketSportIds {
  /** Full-game ids for this sport; each vocabulary here overrides the market's `ids`. */
  ids?: DialectIds;
  /** Period ids for this sport; each vocabulary here overrides the market's `periodIds`. */
  periodIds?: Record<string, DialectIds>;
}

export interface MarketDef extends Inferred {
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
  /** Per-sport overrides, keyed by sport id (a sport listed in `sports`). */
  bySport?: Record<string, MarketSportIds>;
}

export interface PeriodDef extends Inferred {
  id: string;
  name: string;
  /**
   * Ids for the period itself, for dialects that send the period beside the market. Unique only
   * within one league's periods: TheRundown's period_id 3 is Q1, P1 or set 1 depending on sport.
   */
  ids?: DialectIds;
}

export interface TeamDef extends Inferred {
  id: string;
  league: string;
  name: string;
  abbr: string;
  /** Unique within the league (Polymarket slug codes are league-scoped). */
  ids?: DialectIds;
}

export interface PlayerDef {
  id: string;
  team: string;
  name: string;
  /** Position abbreviation (`QB`, `WR`, `C`, `P`, `G`...): which props a book offers on the player. */
  position?: string;
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
