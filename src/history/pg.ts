// PostgreSQL by URL: connection, type and placeholder differences only. The schema, the
// queries and the batching are the shared ones.
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { Change } from '../model/types.js';
import { type Backoff, retryDelay } from './backoff.js';
import type { Executor } from './migrate.js';
import { closeSchema, openSchema } from './migrate.js';
import { type Cell, encodeChanges, eventRow, isEventRow, ROW_WIDTH } from './rows.js';
import type { TypeMap } from './schema.js';
import { EVENT_COLUMNS, insertChangesSql, type Query, upsertEventsSql } from './sql.js';
import { BatchedHistoryStore, type StoreOptions } from './store.js';
import type { HistoryState } from './types.js';
import { type HealthEvent, WRITE_QUEUE_DEFAULTS } from './write-queue.js';

export interface PgHistoryOptions extends StoreOptions {
  /** `postgres://user@host:port/db`. */
  url: string;
  /** Most pooled connections (one writes at a time; the rest serve reads). Default 4. */
  poolSize?: number;
  /** Schema put first on every connection's search_path; default the server's own. */
  schema?: string;
}

export const pgTypes: TypeMap = {
  int: 'BIGINT',
  real: 'DOUBLE PRECISION',
  text: 'TEXT',
  flag: 'SMALLINT',
  json: 'TEXT',
};

const INT8_OID = 20;
// Seqs and epoch-ms timestamps fit a double exactly; pg would hand BIGINT back as strings.
export const pgIntTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? Number
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Rewrites `?` placeholders to `$1..$n`, leaving quoted strings and identifiers alone. */
export function toDollar(sql: string): string {
  let out = '';
  let n = 0;
  let quote: string | null = null;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === '?') {
      out += `$${++n}`;
      continue;
    }
    out += ch;
  }
  return out;
}

// 28: tuple header and line pointer; 16 per index entry header (two indexes).
const ROW_BYTES = `pg_column_size(c.*) + 28
  + 16 + pg_column_size(ROW(c.epoch, c.seq)) + 16 + pg_column_size(ROW(c.event, c.market, c.book, c.at))`;
const PG_LIVE_BYTES = `SELECT
  (SELECT COALESCE(AVG(${ROW_BYTES}), 0) FROM (SELECT * FROM changes LIMIT 1000) c) * ?
  + pg_total_relation_size('events') AS bytes`;

// 65,535 bind parameters per statement is PostgreSQL's limit; 1,000 rows stays well under.
const ROWS_PER_INSERT = 1_000;

/** A connection the server dropped (restart, failover, pg_terminate_backend) is the pool's to replace, not fatal. */
const ignore = () => {};

export class PgHistoryStore extends BatchedHistoryStore<Cell[]> {
  readonly #pool: pg.Pool;
  readonly #sql = new Map<string, string>();
  readonly #retry: Backoff;
  readonly #onHealth: (event: HealthEvent) => void;
  #closed = false;

  constructor(opts: PgHistoryOptions) {
    super(opts);
    this.#retry = opts.retry ?? WRITE_QUEUE_DEFAULTS.retry;
    this.#onHealth = opts.onHealth ?? ignore;
    this.#pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? 4,
      types: pgIntTypes,
      ...(opts.schema ? { options: `-c search_path=${quoteIdent(opts.schema)}` } : {}),
    });
    // An idle pooled connection that dies emits 'error' on the pool; unheard, it kills the process.
    this.#pool.on('error', ignore);
  }

  /** PostgreSQL that is down at start is waited for, with back-off, until close(). */
  protected async connect(maxQueued: number): Promise<HistoryState> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#withClient((x) => openSchema(x, pgTypes, maxQueued));
      } catch (err) {
        if (this.#closed) throw err;
        const retryInMs = retryDelay(this.#retry, attempt);
        this.#onHealth({ type: 'failed', op: 'connect', error: err as Error, attempt, retryInMs });
        await sleep(retryInMs);
        if (this.#closed) throw err;
      }
    }
  }

  /**
   * Runs `fn` on one pooled connection. A checked-out client has no pool listener: without
   * ours, its socket dying mid-query would be an unhandled 'error'. A client that failed is
   * destroyed on release, not reused.
   */
  async #withClient<T>(fn: (x: Executor, client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    client.on('error', ignore);
    let failure: Error | undefined;
    try {
      return await fn(this.#executor(client), client);
    } catch (err) {
      failure = err as Error;
      throw err;
    } finally {
      client.removeListener('error', ignore);
      client.release(failure);
    }
  }

  protected encode(changes: readonly Change[]): Cell[] {
    const cells: Cell[] = [];
    encodeChanges(changes, cells);
    return cells;
  }

  protected async write(batch: Cell[][]): Promise<void> {
    const cells = batch.flat();
    await this.#withClient(async (x, client) => {
      try {
        await this.#writeIn(x, cells);
      } catch (err) {
        await client.query('ROLLBACK').catch(ignore);
        throw err;
      }
    });
  }

  async #writeIn(x: Executor, cells: Cell[]): Promise<void> {
    await x.run('BEGIN');
    const step = ROWS_PER_INSERT * ROW_WIDTH;
    for (let i = 0; i < cells.length; i += step) {
      const chunk = cells.slice(i, i + step);
      await x.run(insertChangesSql(chunk.length / ROW_WIDTH), chunk);
    }
    const events = latestEvents(cells);
    if (events.length > 0) {
      await x.run(upsertEventsSql(events.length / EVENT_COLUMNS.length), events);
    }
    await x.run('COMMIT');
  }

  protected async transact(statements: Query[]): Promise<void> {
    await this.#withClient(async (x, client) => {
      try {
        await x.run('BEGIN');
        for (const st of statements) await x.run(st.sql, st.params);
        await x.run('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(ignore);
        throw err;
      }
    });
  }

  /**
   * Live bytes, estimated: rows times the average stored size of a sample of rows (tuple,
   * header, both index entries). The files' own size would not do: PostgreSQL reuses the
   * space a DELETE frees but does not give it back, so it never shrinks after a prune.
   */
  protected async measureBytes(rows: number): Promise<number> {
    const [row] = await this.all<{ bytes: number | string | null }>(PG_LIVE_BYTES, [rows]);
    return Math.round(Number(row?.bytes ?? 0));
  }

  protected async all<T>(sql: string, params: Cell[]): Promise<T[]> {
    return (await this.#pool.query(this.#dollar(sql), params)).rows as T[];
  }

  protected async disconnect(clean: boolean): Promise<void> {
    this.#closed = true;
    try {
      if (clean) await this.#withClient((x) => closeSchema(x, clean));
    } finally {
      await this.#pool.end();
    }
  }

  #executor(client: pg.PoolClient): Executor {
    return {
      run: async (sql, params = []) => {
        await client.query(this.#dollar(sql), params);
      },
      all: async <T>(sql: string, params: Cell[] = []) =>
        (await client.query(this.#dollar(sql), params)).rows as T[],
    };
  }

  #dollar(sql: string): string {
    let out = this.#sql.get(sql);
    if (out === undefined) {
      out = toDollar(sql);
      // Multi-row inserts vary in width; cache only the statements that repeat.
      if (this.#sql.size < 256) this.#sql.set(sql, out);
    }
    return out;
  }
}

// One multi-row upsert may not touch a row twice, so keep each event's last Change only.
function latestEvents(cells: readonly Cell[]): Cell[] {
  const byId = new Map<string, Cell[]>();
  for (let i = 0; i < cells.length; i += ROW_WIDTH) {
    if (!isEventRow(cells, i)) continue;
    const row = eventRow(cells, i);
    byId.set(`${row[0]}\u0000${row[1]}`, row);
  }
  return [...byId.values()].flat();
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
