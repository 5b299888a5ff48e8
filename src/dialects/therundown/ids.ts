// TheRundown's identifiers, looked up in the catalog or derived from canonical ids. Sport,
// affiliate, market and period ids come from the catalog; event ids, participant ids and row ids
// are not in any vendor table, so they are derived from canonical ids with MD5: the same input
// always gives the same id, across restarts and servers.
import { createHash } from 'node:crypto';
import { FULL_GAME } from '../../catalog/ids.js';
import type { CatalogIndex } from '../../catalog/index.js';
import type { LeagueDef } from '../../catalog/types.js';
import type { QuoteKey, SportEvent } from '../../model/types.js';

/** `normalized_market_participant_type` (WS) and `participant_type` (REST). */
export const PARTICIPANT_TYPES = { TYPE_TEAM: 1, TYPE_PLAYER: 2, TYPE_RESULT: 3 } as const;
export type ParticipantType = keyof typeof PARTICIPANT_TYPES;

/** Result participants (Over/Under, Yes/No, Draw) have fixed ids (INFERRED). */
const RESULTS: Record<string, { id: number; name: string }> = {
  over: { id: 1001, name: 'Over' },
  under: { id: 1002, name: 'Under' },
  draw: { id: 1003, name: 'Draw' },
  yes: { id: 1004, name: 'Yes' },
  no: { id: 1005, name: 'No' },
};

export interface TrParticipant {
  id: number;
  type: ParticipantType;
  name: string;
}

/** TheRundown's name for a canonical market (`name` in `/api/v2/markets`). */
const MARKET_NAMES: Record<string, string> = {
  moneyline: 'moneyline',
  spread: 'handicap',
  total: 'totals',
  'team-total': 'team_totals',
  'three-way': 'moneyline',
  'player-points': 'points',
  'player-rebounds': 'player_rebounds',
  'player-assists': 'player_assists',
  'player-threes': 'three_pointers',
  'player-pra': 'player_pra',
  'player-points-rebounds': 'player_points_rebounds',
  'player-points-assists': 'player_points_assists',
  'player-rebounds-assists': 'player_rebounds_assists',
  'player-blocks': 'player_blocks',
  'player-turnovers': 'player_turnovers',
  'player-double-double': 'double_double',
  'player-triple-double': 'triple_double',
};

const PERIOD_SUFFIX: Record<string, string> = {
  '1h': '_first_half',
  '2h': '_second_half',
  '1q': '_first_quarter',
  '2q': '_second_quarter',
  '3q': '_third_quarter',
  '4q': '_fourth_quarter',
  '1p': '_first_period',
  '2p': '_second_period',
  '3p': '_third_period',
  '1s': '_first_set',
  '2s': '_second_set',
};

function md5(text: string): Buffer {
  return createHash('md5').update(text).digest();
}

/** A positive int32 above the fixed result ids, stable for `text`. */
export function numericId(text: string): number {
  return 1_000_000 + (md5(text).readUInt32BE(0) % 2_000_000_000);
}

/** One (market, period) a TheRundown market id names in some league. */
export interface MarketVariant {
  market: string;
  period: string;
  live: boolean;
}

export class TrIds {
  readonly #eventHex = new Map<string, string>();
  readonly #eventOfHex = new Map<string, string>();
  /** market id -> every (market, period) it names in any league. */
  readonly #marketVariants = new Map<number, MarketVariant[]>();
  readonly #leagueBySport = new Map<number, LeagueDef>();
  /** Derived numeric ids by input, so encoding a frame hashes each key once (bounded). */
  readonly #numeric = new Map<string, number>();
  /** Quote keys by the `market_line_price_id` handed out for them (bounded), to look them up. */
  readonly #keyOfLinePrice = new Map<number, QuoteKey>();

  constructor(readonly catalog: CatalogIndex) {
    for (const league of catalog.catalog.leagues) {
      const sportId = this.sportId(league.id);
      if (sportId === undefined) continue;
      this.#leagueBySport.set(sportId, league);
      for (const m of catalog.marketsFor(league.sport) ?? []) {
        for (const period of [FULL_GAME, ...league.periods.filter((p) => p !== FULL_GAME)]) {
          for (const live of [false, true]) {
            const id = this.marketId(m.id, period, league.id, live);
            if (id === undefined) continue;
            const list = this.#marketVariants.get(id) ?? [];
            if (!list.some((v) => v.market === m.id && v.period === period && v.live === live))
              list.push({ market: m.id, period, live });
            this.#marketVariants.set(id, list);
          }
        }
      }
    }
  }

  /** The stable 32-hex event id: MD5 of the canonical event id. */
  eventId(canonical: string): string {
    let hex = this.#eventHex.get(canonical);
    if (hex === undefined) {
      hex = md5(canonical).toString('hex');
      if (this.#eventHex.size >= 100_000) {
        this.#eventHex.clear();
        this.#eventOfHex.clear();
      }
      this.#eventHex.set(canonical, hex);
      this.#eventOfHex.set(hex, canonical);
    }
    return hex;
  }

  /** The canonical id behind a 32-hex event id, if `eventId` has seen it. */
  knownEvent(hex: string): string | undefined {
    return this.#eventOfHex.get(hex);
  }

  /** `event_uuid`: a UUID-shaped id from the same hash family (INFERRED format). */
  eventUuid(canonical: string): string {
    const h = md5(`uuid:${canonical}`).toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  }

  /** `sport_id` of a league (TheRundown numbers leagues: NBA = 4). */
  sportId(league: string): number | undefined {
    const id = this.catalog.dialectId('therundown', 'league', league);
    return typeof id === 'number' ? id : undefined;
  }

  leagueOfSport(sportId: number): LeagueDef | undefined {
    return this.#leagueBySport.get(sportId);
  }

  affiliateId(book: string): number | undefined {
    const id = this.catalog.dialectId('therundown', 'book', book);
    return typeof id === 'number' ? id : undefined;
  }

  bookOfAffiliate(affiliateId: number): string | undefined {
    return this.catalog.fromDialectId('therundown', 'book', affiliateId)?.id;
  }

  /** `market_id`: encodes the period; in-play quotes use the live twin (41 for 1). */
  marketId(market: string, period: string, league: string, live: boolean): number | undefined {
    const vocab = live ? 'therundownLive' : 'therundown';
    const id = this.catalog.dialectId(vocab, 'market', market, period, league);
    return typeof id === 'number' ? id : undefined;
  }

  /** Every (market, period) a market id may name, across leagues. */
  marketVariants(marketId: number): readonly MarketVariant[] {
    return this.#marketVariants.get(marketId) ?? [];
  }

  /** Every market id the catalog knows, ascending. */
  marketIdList(): number[] {
    return [...this.#marketVariants.keys()].sort((a, b) => a - b);
  }

  marketName(market: string, period: string): string {
    const base = MARKET_NAMES[market] ?? market.replaceAll('-', '_');
    return period === FULL_GAME ? base : `${base}${PERIOD_SUFFIX[period] ?? `_${period}`}`;
  }

  /** `period_id`: prematch from the catalog; live full game 7, live periods + 12 (§4.4). */
  periodId(period: string, live: boolean): number {
    const id = this.catalog.period(period)?.ids?.therundown;
    const base = typeof id === 'number' ? id : 0;
    if (!live) return base;
    return base === 0 ? 7 : base + 12;
  }

  #num(text: string): number {
    let n = this.#numeric.get(text);
    if (n === undefined) {
      n = numericId(text);
      if (this.#numeric.size >= 200_000) this.#numeric.clear();
      this.#numeric.set(text, n);
    }
    return n;
  }

  /** The participant a quote's selection names (team, player, or a result such as Over). */
  participant(selection: string, event: SportEvent | undefined): TrParticipant {
    const result = RESULTS[selection];
    if (result) return { id: result.id, type: 'TYPE_RESULT', name: result.name };
    const dot = selection.lastIndexOf('.');
    const base = dot < 0 ? selection : selection.slice(0, dot);
    const side = dot < 0 ? '' : selection.slice(dot + 1);
    let entity: { key: string; name: string; type: ParticipantType };
    if (base === 'home' || base === 'away') {
      const p = event?.[base];
      const key = p?.id ?? `${event?.id ?? ''}.${base}`;
      entity = { key: `team:${key}`, name: p?.name ?? base, type: 'TYPE_TEAM' };
    } else {
      const p = this.catalog.player(base) ?? event?.players?.find((x) => x.id === base);
      entity = { key: `player:${base}`, name: p?.name ?? base, type: 'TYPE_PLAYER' };
    }
    if (side === '') return { id: this.#num(entity.key), type: entity.type, name: entity.name };
    const sideName = RESULTS[side]?.name ?? side;
    return {
      id: this.#num(`${entity.key}.${side}`),
      type: entity.type,
      name: `${entity.name} ${sideName}`,
    };
  }

  /** `market_participant_id`: one row per (event, market id, participant, book). */
  marketParticipantId(key: QuoteKey, marketId: number): number {
    return this.#num(`mp:${key.event}|${marketId}|${key.selection}|${key.book}`);
  }

  /** `market_line_price_id`: one row per quote key. */
  linePriceId(key: QuoteKey): number {
    const id = this.#num(
      `lp:${key.event}|${key.market}|${key.period}|${key.book}|${key.selection}|${key.line ?? ''}`,
    );
    if (!this.#keyOfLinePrice.has(id)) {
      if (this.#keyOfLinePrice.size >= 200_000) this.#keyOfLinePrice.clear();
      this.#keyOfLinePrice.set(id, key);
    }
    return id;
  }

  /** The quote key behind a `market_line_price_id` this process has handed out. */
  knownLinePrice(id: number): QuoteKey | undefined {
    return this.#keyOfLinePrice.get(id);
  }

  /** `markets[].id` in event responses: one row per (event, market id). */
  eventMarketId(event: string, marketId: number): number {
    return this.#num(`em:${event}|${marketId}`);
  }
}
