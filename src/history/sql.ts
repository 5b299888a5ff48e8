// Every statement, written once with `?` placeholders. Builders are pure: they return
// { sql, params } and never touch a connection; drivers only execute them.
import type { Position, StoredEventQuery } from '../model/types.js';
import { type Cell, CHANGE_COLUMNS, CHANGE_SELECT, QUOTE_SELECT } from './rows.js';
import type { PriceHistoryQuery, QuoteQuery } from './types.js';

export interface Query {
  sql: string;
  params: Cell[];
}

const KEY_COLUMNS = 'event, market, period, book, selection, line';

export const meta = {
  createTable: 'CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)',
  get: (key: string): Query => ({ sql: 'SELECT value FROM meta WHERE key = ?', params: [key] }),
  set: (key: string, value: string): Query => ({
    sql: 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    params: [key, value],
  }),
};

function values(width: number, rows: number): string {
  const one = `(${new Array(width).fill('?').join(', ')})`;
  return new Array(rows).fill(one).join(', ');
}

/**
 * Multi-row insert of `rows` encoded Changes; params are the flat cells from encodeChanges.
 * Idempotent, so a batch retried after a lost COMMIT reply (the commit may have landed)
 * does not fail for ever on its own rows.
 */
export function insertChangesSql(rows: number): string {
  return `INSERT INTO changes (${CHANGE_COLUMNS.join(', ')}) VALUES ${values(CHANGE_COLUMNS.length, rows)}
    ON CONFLICT (epoch, seq) DO NOTHING`;
}

export const EVENT_COLUMNS = ['epoch', 'id', 'seq', 'at', 'sport', 'league', 'status', 'data'];

/** Latest state per event; the seq guard keeps an older Change from overwriting a newer one. */
export function upsertEventsSql(rows: number): string {
  return `INSERT INTO events (${EVENT_COLUMNS.join(', ')}) VALUES ${values(EVENT_COLUMNS.length, rows)}
    ON CONFLICT (epoch, id) DO UPDATE SET seq = excluded.seq, at = excluded.at,
      sport = excluded.sport, league = excluded.league, status = excluded.status, data = excluded.data
    WHERE excluded.seq > events.seq`;
}

export function lastSeq(epoch: string): Query {
  return {
    sql: 'SELECT COALESCE(MAX(seq), 0) AS seq FROM changes WHERE epoch = ?',
    params: [epoch],
  };
}

export function firstSeq(epoch: string): Query {
  return {
    sql: 'SELECT COALESCE(MIN(seq), 0) AS seq FROM changes WHERE epoch = ?',
    params: [epoch],
  };
}

export function changesSince(from: Position, limit: number): Query {
  return {
    sql: `SELECT ${CHANGE_SELECT} FROM changes WHERE epoch = ? AND seq > ? ORDER BY seq LIMIT ?`,
    params: [from.epoch, from.seq, limit],
  };
}

/** `AND col = ?` for each optional filter that is set, so indexes see plain equalities. */
function keyFilter(q: QuoteQuery, alias = ''): { sql: string; params: Cell[] } {
  let sql = ` AND ${alias}event = ?`;
  const params: Cell[] = [q.event];
  for (const col of ['market', 'period', 'book'] as const) {
    const v = q[col];
    if (v !== undefined) {
      sql += ` AND ${alias}${col} = ?`;
      params.push(v);
    }
  }
  return { sql, params };
}

// Price history, openers, closing and the current book read every epoch: an epoch that began
// after an unclean shutdown continues the book of the one before it, with higher seqs.

export function priceHistory(q: PriceHistoryQuery): Query {
  const f = keyFilter(q);
  let sql = `SELECT ${CHANGE_SELECT} FROM changes WHERE kind = 'quote'${f.sql}`;
  const params: Cell[] = [...f.params];
  if (q.from !== undefined) {
    sql += ' AND at >= ?';
    params.push(q.from);
  }
  if (q.to !== undefined) {
    sql += ' AND at < ?';
    params.push(q.to);
  }
  params.push(q.limit);
  return { sql: `${sql} ORDER BY at, seq LIMIT ?`, params };
}

/**
 * Quote rows of `changes` and of `kept_changes` (what retention pruned but keeps: retention.ts)
 * matching `where`, with `where` written into each branch so each uses its own index.
 */
function everyQuote(where: string, params: Cell[]): Query {
  const branch = (table: string) =>
    `SELECT ${QUOTE_SELECT}, seq FROM ${table} c WHERE c.kind = 'quote'${where}`;
  return {
    sql: `${branch('changes')} UNION ALL ${branch('kept_changes')}`,
    params: [...params, ...params],
  };
}

/**
 * One row per quote key: the first (`asc`) or last (`desc`) of the rows `rows` selects.
 * ROW_NUMBER, not a dialect's DISTINCT ON / bare-column MAX, keeps it one statement for both,
 * and PARTITION BY treats NULL lines as equal, which `=` would not.
 */
function perKey(order: 'ASC' | 'DESC', rows: Query): Query {
  return {
    sql: `SELECT ${QUOTE_SELECT} FROM (
    SELECT ${QUOTE_SELECT}, seq, ROW_NUMBER() OVER (PARTITION BY ${KEY_COLUMNS} ORDER BY seq ${order}) AS rn
    FROM (${rows.sql}) c
  ) ranked WHERE rn = 1 ORDER BY seq`,
    params: rows.params,
  };
}

export function openers(q: QuoteQuery): Query {
  const f = keyFilter(q, 'c.');
  return perKey('ASC', everyQuote(f.sql, f.params));
}

/** Where an event's own Change that first left `scheduled` is, in either table. */
function startOf(table: string, event: string): string {
  return `SELECT s.seq FROM ${table} s WHERE s.event = ${event}
    AND s.market IS NULL AND s.kind = 'event' AND s.status <> 'scheduled'`;
}

/**
 * The closing moment is the seq of the event's first stored Change whose status is not
 * `scheduled`; closing is the last value of each key strictly before it. An event that
 * never left `scheduled` has no closing line yet, so its keys return nothing.
 */
export function closing(q: QuoteQuery): Query {
  const f = keyFilter(q, 'c.');
  const start = `SELECT MIN(t.seq) FROM (${startOf('changes', 'c.event')}
    UNION ALL ${startOf('kept_changes', 'c.event')}) t`;
  return perKey('DESC', everyQuote(`${f.sql} AND c.seq < (${start})`, f.params));
}

/** The last stored value of each matching key (what an event showed when state let it go). */
export function lastQuotes(q: QuoteQuery): Query {
  const f = keyFilter(q, 'c.');
  return perKey('DESC', everyQuote(f.sql, f.params));
}

export function storedEvents(epoch: string, q: StoredEventQuery): Query {
  let sql = 'SELECT data FROM events WHERE epoch = ?';
  const params: Cell[] = [epoch];
  if (q.ids !== undefined) {
    if (q.ids.length === 0) return { sql: `${sql} AND 1 = 0`, params };
    sql += ` AND id IN (${q.ids.map(() => '?').join(', ')})`;
    params.push(...q.ids);
  }
  if (q.league !== undefined) {
    sql += ' AND league = ?';
    params.push(q.league);
  }
  if (q.statuses !== undefined) {
    if (q.statuses.length === 0) return { sql: `${sql} AND 1 = 0`, params };
    sql += ` AND status IN (${q.statuses.map(() => '?').join(', ')})`;
    params.push(...q.statuses);
  }
  if (q.changedSince !== undefined) {
    sql += ' AND at >= ?';
    params.push(q.changedSince);
  }
  params.push(q.limit);
  return { sql: `${sql} ORDER BY id LIMIT ?`, params };
}

export function currentQuotes(): Query {
  return perKey('DESC', everyQuote('', []));
}

/** A new epoch takes over the previous one's event rows (they hold the current events). */
export function moveEvents(from: string, to: string): Query {
  return { sql: 'UPDATE events SET epoch = ? WHERE epoch = ?', params: [to, from] };
}

export function currentEvents(epoch: string): Query {
  return { sql: 'SELECT data FROM events WHERE epoch = ? ORDER BY id', params: [epoch] };
}
