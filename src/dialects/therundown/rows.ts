// One price change in TheRundown's terms, shared by the WebSocket `market_price` frame, the
// delta endpoint and price history, so all three report the same ids and values. Pure.
import { decimalToAmerican } from '../../model/odds.js';
import type { QuoteChange, QuoteValue, SportEvent } from '../../model/types.js';
import { PARTICIPANT_TYPES, type TrIds, type TrParticipant } from './ids.js';

/** Price of a line that is off the board (DOC): never a real price. */
export const OFF_BOARD = 0.0001;

export type ChangeType = 'new' | 'price_change' | 'close' | 'reopen';

/** What an encoder needs besides the Change: ids, and the event (for team participants). */
export interface RowContext {
  ids: TrIds;
  event(id: string): SportEvent | undefined;
}

export interface PriceRow {
  id: number;
  eventId: string;
  sportId: number;
  affiliateId: number;
  marketId: number;
  marketName: string;
  marketParticipantId: number;
  linePriceId: number;
  participant: TrParticipant;
  line: number | null;
  /** American odds, or null while off the board. */
  price: number | null;
  /** null: no previous value; 'off': the previous value was off the board. */
  previous: number | null | 'off';
  main: boolean;
  changeType: ChangeType;
  /** Epoch ms. */
  updatedAt: number;
  closedAt: number | null;
}

/** American odds of a quote value, or null when it is not a usable price. */
export function americanOf(v: QuoteValue): number | null {
  if (v.status !== 'open' || v.price === null) return null;
  return v.price.american ?? decimalToAmerican(v.price.decimal);
}

function changeType(c: QuoteChange): ChangeType {
  if (c.before === null) return 'new';
  if (c.after.status === 'closed') return 'close';
  if (c.before.status === 'closed') return 'reopen';
  return 'price_change';
}

/** The row for a quote Change, or null when TheRundown has no id for its league, book or market. */
export function priceRow(c: QuoteChange, ctx: RowContext): PriceRow | null {
  const { ids } = ctx;
  const sportId = ids.sportId(c.league);
  const affiliateId = ids.affiliateId(c.key.book);
  const marketId = ids.marketId(c.key.market, c.key.period, c.league, c.inPlay);
  if (sportId === undefined || affiliateId === undefined || marketId === undefined) return null;
  const before = c.before === null ? null : (americanOf(c.before) ?? 'off');
  return {
    id: c.seq,
    eventId: ids.eventId(c.key.event),
    sportId,
    affiliateId,
    marketId,
    marketName: ids.marketName(c.key.market, c.key.period),
    marketParticipantId: ids.marketParticipantId(c.key, marketId),
    linePriceId: ids.linePriceId(c.key),
    participant: ids.participant(c.key.selection, ctx.event(c.key.event)),
    line: c.key.line,
    price: americanOf(c.after),
    previous: before,
    main: c.after.main,
    changeType: changeType(c),
    updatedAt: c.at,
    closedAt: c.after.status === 'closed' ? c.at : null,
  };
}

/** RFC 3339, UTC, second precision, `Z`. */
export function rfc3339(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** String price (WS, delta): integer American, no `+`; off the board `"0.0001"`. */
export function priceText(american: number | null): string {
  return american === null ? String(OFF_BOARD) : String(american);
}

/** Numeric price (REST snapshots): American odds, off the board `0.0001`. */
export function priceNumber(american: number | null): number {
  return american === null ? OFF_BOARD : american;
}

/** Line on the WS route: moneyline `"0"`. */
export function wsLine(line: number | null): string {
  return line === null ? '0' : String(line);
}

/** Line on REST: moneyline `""`. */
export function restLine(line: number | null): string {
  return line === null ? '' : String(line);
}

/** `price - previous_price`; 0 when either side is not a real price (the sentinel is not maths). */
export function priceDelta(row: PriceRow): number {
  return row.price === null || row.previous === null || row.previous === 'off'
    ? 0
    : row.price - row.previous;
}

/** The `data` object of a `market_price` frame, keys in the documented order. */
export function marketPriceData(row: PriceRow) {
  return {
    id: row.id,
    event_id: row.eventId,
    affiliate_id: row.affiliateId,
    market_participant_id: row.marketParticipantId,
    market_id: row.marketId,
    line: wsLine(row.line),
    price: priceText(row.price),
    previous_price:
      row.previous === null
        ? null
        : row.previous === 'off'
          ? OFF_BOARD.toFixed(4)
          : row.previous.toFixed(4),
    price_delta: priceDelta(row),
    is_main_line: row.main,
    normalized_market_participant_id: row.participant.id,
    normalized_market_participant_type: PARTICIPANT_TYPES[row.participant.type],
    sport_id: row.sportId,
    updated_at: rfc3339(row.updatedAt),
  };
}

function previousText(row: PriceRow): string | null {
  if (row.previous === null) return null;
  return priceText(row.previous === 'off' ? null : row.previous);
}

/** One `deltas[]` entry of `/api/v2/markets/delta`. */
export function deltaEntry(row: PriceRow) {
  return {
    id: row.id,
    event_id: row.eventId,
    sport_id: row.sportId,
    affiliate_id: row.affiliateId,
    market_id: row.marketId,
    market_name: row.marketName,
    participant_id: row.participant.id,
    participant_type: row.participant.type,
    participant_name: row.participant.name,
    line: restLine(row.line),
    price: priceText(row.price),
    previous_price: previousText(row),
    change_type: row.changeType,
    closed_at: row.closedAt === null ? null : rfc3339(row.closedAt),
    updated_at: rfc3339(row.updatedAt),
  };
}

/** One `history[]` entry of the price-history endpoints. */
export function historyEntry(row: PriceRow) {
  return {
    id: row.id,
    market_line_price_id: row.linePriceId,
    event_id: row.eventId,
    sport_id: row.sportId,
    affiliate_id: row.affiliateId,
    market_participant_id: row.marketParticipantId,
    market_id: row.marketId,
    line: restLine(row.line),
    price: priceText(row.price),
    previous_price: previousText(row),
    change_type: row.changeType,
    closed_at: row.closedAt === null ? null : rfc3339(row.closedAt),
    updated_at: rfc3339(row.updatedAt),
  };
}
