// Reading a data directory's (or PostgreSQL's) history without opening it as a store: no writer,
// no migration, no epoch bookkeeping, so it is safe beside a running server.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Config } from '../config/schema.js';
import { LinecastError } from '../errors/catalogue.js';
import type { Read } from './export.js';
import { pgIntTypes, toDollar } from './pg.js';
import { openReader } from './sqlite-db.js';

export interface HistoryReader {
  read: Read;
  /** Where it reads, for messages: a path, or the PostgreSQL host and database. */
  where: string;
  close(): Promise<void>;
}

export async function openHistoryReader(config: Config): Promise<HistoryReader> {
  const url = config.history.url;
  if (url === '') return sqliteReader(config.dataDir, config.history.busyTimeoutMs);
  const u = new URL(url);
  const where = `PostgreSQL ${u.host}${u.pathname}`;
  const pool = new pg.Pool({ connectionString: url, max: 1, types: pgIntTypes });
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1 FROM changes LIMIT 1');
  } catch (err) {
    await pool.end();
    throw new LinecastError(
      'LC_ERR_CONFIG_INVALID',
      `cannot read history from ${where} (${(err as Error).message}): check --history-url and that PostgreSQL is up`,
    );
  }
  return {
    where,
    read: async <T>(sql: string, params: (string | number | null)[]) =>
      (await pool.query(toDollar(sql), params)).rows as T[],
    close: () => pool.end(),
  };
}

function sqliteReader(dataDir: string, busyTimeoutMs: number): HistoryReader {
  const path = join(dataDir, 'history.sqlite');
  if (!existsSync(path)) {
    throw new LinecastError(
      'LC_ERR_CONFIG_INVALID',
      `no history at ${path}: pass --data-dir of a server that has run (or --history-url for PostgreSQL)`,
    );
  }
  const db = openReader(path, busyTimeoutMs);
  return {
    where: path,
    read: async <T>(sql: string, params: (string | number | null)[]) =>
      db.prepare(sql).all(...params) as T[],
    close: async () => {
      db.close();
    },
  };
}
