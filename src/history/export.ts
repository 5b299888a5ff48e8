// `linecast history export`: the retained Changes, filtered, as NDJSON or CSV. Pages through
// each epoch by primary key, so memory stays one page whatever the size of the store.
import type { Change } from '../model/types.js';
import { epochs } from './retention.js';
import { type Cell, CHANGE_SELECT, type ChangeRow, decodeChange } from './rows.js';
import type { Query } from './sql.js';

/** The native filter's fields (any of the listed values), and a time range on `at`. */
export interface ExportFilter {
  sports?: string[];
  leagues?: string[];
  events?: string[];
  markets?: string[];
  books?: string[];
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
}

export type ExportFormat = 'ndjson' | 'csv';

/** Runs a read query with `?` placeholders (a driver's read-only connection). */
export type Read = <T>(sql: string, params: Cell[]) => Promise<T[]>;

const COLUMNS = [
  ['sports', 'sport'],
  ['leagues', 'league'],
  ['events', 'event'],
  ['markets', 'market'],
  ['books', 'book'],
] as const;

export function exportPage(f: ExportFilter, epoch: string, after: number, limit: number): Query {
  let sql = `SELECT ${CHANGE_SELECT} FROM changes WHERE epoch = ? AND seq > ?`;
  const params: Cell[] = [epoch, after];
  for (const [field, col] of COLUMNS) {
    const list = f[field];
    if (!list || list.length === 0) continue;
    sql += ` AND ${col} IN (${list.map(() => '?').join(', ')})`;
    params.push(...list);
  }
  if (f.from !== undefined) {
    sql += ' AND at >= ?';
    params.push(f.from);
  }
  if (f.to !== undefined) {
    sql += ' AND at < ?';
    params.push(f.to);
  }
  params.push(limit);
  return { sql: `${sql} ORDER BY seq LIMIT ?`, params };
}

export interface ExportProgress {
  /** Changes written so far. */
  written: number;
  /** Of the stored Changes, how many the scan has passed (matching or not), and how many there are. */
  scanned: number;
  total: number;
}

/**
 * Yields every matching Change in position order (oldest epoch first). `onPage` is told the
 * progress after each page.
 */
export async function* exportChanges(
  read: Read,
  f: ExportFilter,
  pageSize = 5_000,
  onPage?: (p: ExportProgress) => void,
): AsyncGenerator<Change> {
  const all = await read<{ epoch: string; lo: number; hi: number }>(epochs().sql, []);
  const total = all.reduce((n, e) => n + (e.hi - e.lo + 1), 0);
  let before = 0;
  let written = 0;
  for (const e of all) {
    let after = e.lo - 1;
    for (;;) {
      const page = exportPage(f, e.epoch, after, pageSize);
      const rows = await read<ChangeRow>(page.sql, page.params);
      for (const row of rows) {
        written++;
        yield decodeChange(row);
      }
      const last = rows.at(-1);
      const scanned = before + (last ? last.seq - e.lo + 1 : e.hi - e.lo + 1);
      onPage?.({ written, scanned, total });
      if (!last || rows.length < pageSize) break;
      after = last.seq;
    }
    before += e.hi - e.lo + 1;
  }
}

export const CSV_HEADER = [
  'epoch',
  'seq',
  'at',
  'kind',
  'sport',
  'league',
  'event',
  'market',
  'period',
  'book',
  'selection',
  'line',
  'price_decimal',
  'price_american',
  'status',
  'in_play',
].join(',');

function csvCell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One line of the export (no newline): the Change's JSON, or a CSV row under CSV_HEADER. */
export function formatChange(c: Change, format: ExportFormat): string {
  if (format === 'ndjson') return JSON.stringify(c);
  const at = new Date(c.at).toISOString();
  const common = [c.epoch, c.seq, at, c.kind, c.sport, c.league];
  if (c.kind === 'event') {
    const e = c.after;
    return [...common, e.id, '', '', '', '', '', '', '', e.status, c.inPlay].map(csvCell).join(',');
  }
  const k = c.key;
  const v = c.after;
  const price = v.price;
  return [
    ...common,
    k.event,
    k.market,
    k.period,
    k.book,
    k.selection,
    k.line,
    price?.decimal,
    price?.american,
    v.status,
    c.inPlay,
  ]
    .map(csvCell)
    .join(',');
}
