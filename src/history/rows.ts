// Compact rows: how a Change travels to a writer (flat arrays of primitives, cheap to
// structured-clone into a worker) and how a stored row turns back into a Change.
import type { Change, Quote, QuoteKey, SportEvent } from '../model/types.js';
import { quoteKeyString } from '../model/types.js';

/** Columns of `changes` in insert order; one encoded row fills exactly these. */
export const CHANGE_COLUMNS = [
  'epoch',
  'seq',
  'at',
  'kind',
  'event',
  'market',
  'period',
  'book',
  'selection',
  'line',
  'price_decimal',
  'price_american',
  'status',
  'is_main',
  'source_at',
  'sport',
  'league',
  'in_play',
  'before_json',
  'after_json',
] as const;

export const ROW_WIDTH = CHANGE_COLUMNS.length;

export type Cell = string | number | null;

/** Appends the cells of each Change to `out` (ROW_WIDTH cells per Change). */
export function encodeChanges(changes: readonly Change[], out: Cell[]): void {
  for (const c of changes) {
    const before = c.before === null ? null : JSON.stringify(c.before);
    const after = JSON.stringify(c.after);
    if (c.kind === 'quote') {
      const k = c.key;
      const v = c.after;
      out.push(c.epoch, c.seq, c.at, 'quote', k.event, k.market, k.period, k.book, k.selection);
      out.push(k.line, v.price?.decimal ?? null, v.price?.american ?? null, v.status);
      out.push(v.main ? 1 : 0, v.sourceAt, c.sport, c.league, c.inPlay ? 1 : 0, before, after);
    } else {
      const e = c.after;
      out.push(c.epoch, c.seq, c.at, 'event', e.id, null, null, null, null, null, null, null);
      out.push(e.status, null, null, c.sport, c.league, c.inPlay ? 1 : 0, before, after);
    }
  }
}

/** Whether the encoded row starting at cell `i` is an event Change. */
export function isEventRow(cells: readonly Cell[], i: number): boolean {
  return cells[i + 3] === 'event';
}

/** The `events` upsert row (EVENT_COLUMNS order) for the encoded event row at cell `i`. */
export function eventRow(cells: readonly Cell[], i: number): Cell[] {
  const c = (n: number): Cell => cells[i + n] ?? null;
  return [c(0), c(4), c(1), c(2), c(15), c(16), c(12), c(19)];
}

/** A `changes` row as both drivers return it (ints parsed to numbers). */
export interface ChangeRow {
  epoch: string;
  seq: number;
  at: number;
  kind: string;
  event: string;
  market: string | null;
  period: string | null;
  book: string | null;
  selection: string | null;
  line: number | null;
  sport: string;
  league: string;
  in_play: number;
  before_json: string | null;
  after_json: string;
}

/** Columns a query selects to rebuild a Change with `decodeChange`. */
export const CHANGE_SELECT =
  'epoch, seq, at, kind, event, market, period, book, selection, line, sport, league, in_play, before_json, after_json';

// `id` is not stored: it is defined as a function of the key (or event id), so it is derived.
export function decodeChange(r: ChangeRow): Change {
  const before = r.before_json === null ? null : JSON.parse(r.before_json);
  const after = JSON.parse(r.after_json);
  const common = { epoch: r.epoch, seq: r.seq, at: r.at, sport: r.sport, league: r.league };
  if (r.kind === 'event') {
    const id = `event:${r.event}`;
    return { kind: 'event', ...common, id, before, after, inPlay: r.in_play === 1 };
  }
  const key = decodeKey(r);
  const id = quoteKeyString(key);
  return { kind: 'quote', ...common, id, key, before, after, inPlay: r.in_play === 1 };
}

export type QuoteRow = Pick<
  ChangeRow,
  'event' | 'market' | 'period' | 'book' | 'selection' | 'line' | 'after_json'
>;

export const QUOTE_SELECT = 'event, market, period, book, selection, line, after_json';

export function decodeQuote(r: QuoteRow): Quote {
  return { key: decodeKey(r), value: JSON.parse(r.after_json) };
}

export function decodeEvent(r: { data: string }): SportEvent {
  return JSON.parse(r.data);
}

// Quote rows always have every key column; the nulls in the row type belong to event rows.
function decodeKey(r: QuoteRow | ChangeRow): QuoteKey {
  return {
    event: r.event,
    market: r.market ?? '',
    period: r.period ?? '',
    book: r.book ?? '',
    selection: r.selection ?? '',
    line: r.line,
  };
}
