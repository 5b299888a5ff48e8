// SQLite connection, type and write differences. Runs inside the writer worker; the main
// thread only opens a read-only connection (see sqlite.ts).
import Database from 'better-sqlite3';
import type { Executor } from './migrate.js';
import { type Cell, eventRow, isEventRow, ROW_WIDTH } from './rows.js';
import type { TypeMap } from './schema.js';
import { insertChangesSql, upsertEventsSql } from './sql.js';

export const sqliteTypes: TypeMap = {
  int: 'INTEGER',
  real: 'REAL',
  text: 'TEXT',
  flag: 'INTEGER',
  json: 'TEXT',
};

/** `full` syncs the WAL on every commit (survives power loss); `normal` only survives a crash of the process. */
export type SqliteSynchronous = 'full' | 'normal';

export function openWriter(
  path: string,
  synchronous: SqliteSynchronous,
  busyTimeoutMs: number,
): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  // Index inserts land all over the key index; keeping its pages cached is most of the write speed.
  db.pragma('cache_size = -65536');
  // After a checkpoint the WAL is truncated to this, so it does not keep its peak size on disk.
  db.pragma('journal_size_limit = 67108864');
  return db;
}

export function openReader(path: string, busyTimeoutMs: number): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  return db;
}

export function executor(db: Database.Database): Executor {
  return {
    run: async (sql, params = []) => {
      if (params.length === 0) db.exec(sql);
      else db.prepare(sql).run(...params);
    },
    all: async <T>(sql: string, params: Cell[] = []) => db.prepare(sql).all(...params) as T[],
  };
}

/** Returns a function that commits chunks of flat encoded rows (ROW_WIDTH cells each) in one transaction. */
export function batchWriter(db: Database.Database): (chunks: Cell[][]) => void {
  // One-row statements in a loop: better-sqlite3 runs them without a round trip, and a
  // prepared single row beats building a new multi-row statement for every batch size.
  const insert = db.prepare(insertChangesSql(1));
  const upsert = db.prepare(upsertEventsSql(1));
  return db.transaction((chunks: Cell[][]) => {
    for (const cells of chunks) {
      for (let i = 0; i < cells.length; i += ROW_WIDTH) {
        insert.run(cells.slice(i, i + ROW_WIDTH));
        if (isEventRow(cells, i)) upsert.run(eventRow(cells, i));
      }
    }
  });
}
