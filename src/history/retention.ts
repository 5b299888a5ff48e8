// Retention: which rows a prune removes and which it keeps, as pure statements both drivers
// run unchanged (prune.ts drives the loop; a driver only runs one batch in one transaction).
//
// `changes` is pruned oldest first (by seq, within the oldest epoch first), one contiguous seq
// range per batch, so what remains of an epoch is contiguous: resume either finds the seq after
// its position or knows it was pruned (hub/resume.ts checks exactly that). What the queries
// still need from a pruned range moves to `kept_changes`:
//   - per quote key: its opener (first Change ever), its closing value (last Change before its
//     event first left `scheduled`) and its latest Change (current() rebuilds the book from it);
//   - per event: its own Change that first left `scheduled` (the closing moment).
// A row is moved only when no row left in the window takes its place (a later value of the
// key, before the event's start if it is the closing candidate). So openers, closing lines and the restored book are the same before and after a prune; only
// price history and resume are limited to the retained window.
import { type Cell, CHANGE_COLUMNS } from './rows.js';
import type { Query } from './sql.js';

export interface RetentionPolicy {
  /** Changes older than this (by `at`) are pruned; 0: no age limit. */
  maxAgeMs: number;
  /** Past this many stored bytes the oldest Changes are pruned; 0: no size limit. */
  maxBytes: number;
  /** Changes one prune transaction removes; small, so writes wait at most one batch. */
  batchRows: number;
  /**
   * Kept rows go too once their event has nothing left in the window and none of its kept rows
   * is younger than this; 0: kept for ever. Without it they would grow with every event ever.
   */
  keptMaxAgeMs: number;
}

/** Stored size, as the driver measures it, and row counts. */
/** A `seq` no stored Change reaches: "no bound". */
export const NO_BOUND = Number.MAX_SAFE_INTEGER;

/**
 * Every epoch with rows, with its lowest and highest seq, oldest first. A loose index scan
 * (one probe per epoch on the primary key), not a scan of the table.
 */
export function epochs(): Query {
  return {
    sql: `WITH RECURSIVE e(epoch) AS (
      SELECT MIN(epoch) FROM changes
      UNION ALL SELECT (SELECT MIN(c.epoch) FROM changes c WHERE c.epoch > e.epoch) FROM e WHERE e.epoch IS NOT NULL
    )
    SELECT epoch,
      (SELECT MIN(c.seq) FROM changes c WHERE c.epoch = e.epoch) AS lo,
      (SELECT MAX(c.seq) FROM changes c WHERE c.epoch = e.epoch) AS hi
    FROM e WHERE epoch IS NOT NULL ORDER BY lo`,
    params: [],
  };
}

export const countKept: Query = { sql: 'SELECT COUNT(*) AS n FROM kept_changes', params: [] };

export function oldestAt(epoch: string, seq: number): Query {
  return { sql: 'SELECT at FROM changes WHERE epoch = ? AND seq = ?', params: [epoch, seq] };
}

/**
 * The next batch: of the epoch's oldest `limit` Changes below seq `below`, the range of those
 * made before `cutoff` (pass NO_BOUND to take them regardless of age).
 */
export function nextBatch(epoch: string, below: number, limit: number, cutoff: number): Query {
  return {
    sql: `SELECT MIN(seq) AS lo, MAX(seq) AS hi, COUNT(*) AS n FROM (
      SELECT seq, at FROM changes WHERE epoch = ? AND seq < ? ORDER BY seq LIMIT ?
    ) b WHERE b.at < ?`,
    params: [epoch, below, limit, cutoff],
  };
}

const COLS = CHANGE_COLUMNS.join(', ');
const KEY = (t: string) =>
  ['event', 'market', 'period', 'book', 'selection', 'line'].map((c) => `${t}.${c}`).join(', ');
const BATCH = 'b AS (SELECT * FROM changes WHERE epoch = ? AND seq BETWEEN ? AND ?)';
/** Rows `a` and `b` have the same quote key; NULL lines are equal, which `=` alone would deny. */
function sameKey(a: string, b: string): string {
  return `${a}.event = ${b}.event AND ${a}.market = ${b}.market AND ${a}.book = ${b}.book
  AND ${a}.period = ${b}.period AND ${a}.selection = ${b}.selection
  AND (${a}.line = ${b}.line OR (${a}.line IS NULL AND ${b}.line IS NULL))`;
}

/**
 * Rank columns over rows `t` (joined to their event's start `st.s`): f = 1 is the key's first,
 * l = 1 its latest, cl = 1 with seq < start its closing value.
 */
function ranks(t: string): string {
  return `ROW_NUMBER() OVER (PARTITION BY ${KEY(t)} ORDER BY ${t}.seq) AS f,
    ROW_NUMBER() OVER (PARTITION BY ${KEY(t)} ORDER BY ${t}.seq DESC) AS l,
    ROW_NUMBER() OVER (PARTITION BY ${KEY(t)}, CASE WHEN ${t}.seq < st.s THEN 1 ELSE 0 END
      ORDER BY ${t}.seq DESC) AS cl`;
}
/** What the trim keeps of a key's kept rows: its first, its latest, its closing. */
const KEEP = 'f = 1 OR l = 1 OR (cl = 1 AND start_seq IS NOT NULL AND seq < start_seq)';

/** Events per batch when dropping kept rows. */
const STALE_EVENTS = 20;

/** Events whose kept rows are all older than the cutoff and that have no row left in the window. */
const STALE = `SELECT s.event FROM (
    SELECT k.event FROM kept_changes k GROUP BY k.event HAVING MAX(k.at) < ?
  ) s WHERE NOT EXISTS (SELECT 1 FROM changes c WHERE c.event = s.event)`;

/** Whether any event's kept rows are stale (see STALE). */
export function staleKept(cutoff: number): Query {
  return { sql: `SELECT COUNT(*) AS n FROM (${STALE} LIMIT 1) x`, params: [cutoff] };
}

/** Drops every kept row of a few stale events. */
export function dropStaleKept(cutoff: number): Query {
  return {
    sql: `DELETE FROM kept_changes WHERE event IN (${STALE} LIMIT ${STALE_EVENTS})`,
    params: [cutoff],
  };
}

/** The statements that prune one contiguous range, in order, for one transaction. */
export function pruneRange(epoch: string, lo: number, hi: number): Query[] {
  const range: Cell[] = [epoch, lo, hi];
  return [
    // Each event's first Change out of `scheduled`, unless an earlier batch kept it already.
    {
      sql: `WITH ${BATCH}
      INSERT INTO kept_changes (${COLS}) SELECT ${COLS} FROM b
      WHERE b.kind = 'event' AND b.status <> 'scheduled'
        AND b.seq = (SELECT MIN(b2.seq) FROM b b2
          WHERE b2.event = b.event AND b2.kind = 'event' AND b2.status <> 'scheduled')
        AND NOT EXISTS (SELECT 1 FROM kept_changes k WHERE k.event = b.event AND k.kind = 'event')`,
      params: range,
    },
    // Of the range's quotes, each key's first (unless kept already), its last before its
    // event's start, and its last unless a later row still in the window takes its place
    // (as latest, and as closing unless the event starts between them). At high rates most
    // keys move again within the window, so most batches keep only a few rows.
    {
      sql: `WITH ${BATCH},
      st AS (SELECT event, MIN(seq) AS s FROM kept_changes
        WHERE kind = 'event' AND event IN (SELECT event FROM b) GROUP BY event),
      sw AS (SELECT event, MIN(seq) AS s FROM changes
        WHERE kind = 'event' AND market IS NULL AND status <> 'scheduled' AND seq > ?
          AND event IN (SELECT event FROM b) GROUP BY event),
      r AS (SELECT b.*, st.s AS start_seq, COALESCE(st.s, sw.s) AS any_start, ${ranks('b')}
        FROM b LEFT JOIN st ON st.event = b.event LEFT JOIN sw ON sw.event = b.event
        WHERE b.kind = 'quote')
      INSERT INTO kept_changes (${COLS}) SELECT ${COLS} FROM r WHERE
        (f = 1 AND NOT EXISTS (SELECT 1 FROM kept_changes k WHERE k.kind = 'quote' AND ${sameKey('k', 'r')}))
        OR (cl = 1 AND start_seq IS NOT NULL AND seq < start_seq)
        OR (l = 1 AND NOT EXISTS (SELECT 1 FROM changes c WHERE ${sameKey('c', 'r')} AND c.seq > r.seq
          AND (r.any_start IS NULL OR r.seq > r.any_start OR c.seq < r.any_start)))`,
      params: [...range, hi],
    },
    // Kept rows of the range's keys that are no longer a first, latest or closing value.
    {
      sql: `WITH y AS (SELECT DISTINCT event, market, period, book, selection, line FROM changes
        WHERE epoch = ? AND seq BETWEEN ? AND ? AND kind = 'quote'),
      st AS (SELECT event, MIN(seq) AS s FROM kept_changes
        WHERE kind = 'event' AND event IN (SELECT event FROM y) GROUP BY event),
      r AS (SELECT k.epoch, k.seq, st.s AS start_seq, ${ranks('k')}
        FROM kept_changes k JOIN y ON ${sameKey('k', 'y')} LEFT JOIN st ON st.event = k.event
        WHERE k.kind = 'quote')
      DELETE FROM kept_changes WHERE (epoch, seq) IN (SELECT epoch, seq FROM r WHERE NOT (${KEEP}))`,
      params: range,
    },
    { sql: 'DELETE FROM changes WHERE epoch = ? AND seq BETWEEN ? AND ?', params: range },
  ];
}
