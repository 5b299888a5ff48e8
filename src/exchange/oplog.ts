// The exchange's operation log: one SQLite table of the operations that changed the engine, in
// the order they ran, each with the time the engine saw. The engine is deterministic, so running
// the same operations at the same times rebuilds exactly the same state (durable.ts).
// Records are v8-serialized (structured clone), so NaN, Infinity and undefined in a request come
// back as they went in: JSON would turn a rejected NaN price into a null one, another reject.
import { deserialize, serialize } from 'node:v8';
import Database from 'better-sqlite3';

/** `full` syncs the WAL on every commit (survives power loss); `normal` survives a crash of the process. */
export type OpLogSync = 'full' | 'normal';

/** One logged operation: a call of a public Exchange method, or the firing of an engine timer. */
export type LoggedOp = { call: string; args: unknown[] } | { timer: number };

export interface OpRecord {
  id: number;
  at: number;
  op: LoggedOp;
}

/** Bumped when a record's meaning changes; a log of another version is refused, not misread. */
const FORMAT = 1;

export class OpLog {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement<[number, Buffer]>;

  constructor(
    readonly path: string,
    synchronous: OpLogSync,
  ) {
    this.db = new Database(path, { timeout: 0 });
    try {
      // Exclusive: a second server on the same data directory would interleave its operations
      // with ours, and the log would replay into a state neither had. It also spares each commit
      // the shared-memory locking.
      this.db.pragma('locking_mode = EXCLUSIVE');
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
      this.db.exec(
        'CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);' +
          'CREATE TABLE IF NOT EXISTS ops (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, body BLOB NOT NULL);',
      );
    } catch (err) {
      this.db.close();
      if ((err as { code?: string }).code === 'SQLITE_BUSY') {
        throw new Error(
          `exchange log ${path} is in use by another process (another server on this data directory?)`,
        );
      }
      throw err;
    }
    const format = this.meta('format');
    if (format === null) this.setMeta('format', String(FORMAT));
    else if (format !== String(FORMAT)) {
      this.db.close();
      throw new Error(`exchange log ${path} has format ${format}; this version reads ${FORMAT}`);
    }
    this.insert = this.db.prepare('INSERT INTO ops (at, body) VALUES (?, ?)');
  }

  meta(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
      | { value: string }
      | undefined;
    return row?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value);
  }

  /** Commits one record; when it returns, the record survives a kill of the process. */
  append(at: number, op: LoggedOp): void {
    this.insert.run(at, serialize(op));
  }

  /**
   * Runs `fn` with its appends in one transaction: one commit (and with `full`, one fsync) for
   * all. Committed even when `fn` throws: what ran changed the engine, so its records must stay.
   * Within another batch it just runs.
   */
  batch<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    this.db.exec('BEGIN');
    try {
      return fn();
    } finally {
      this.db.exec('COMMIT');
    }
  }

  /**
   * Every record, oldest first. A last record that cannot be read (a torn write, or bytes written
   * by hand) is deleted and reported to `dropped`; an unreadable record before others is real
   * corruption, and throws: replaying past it would rebuild a state that never was.
   */
  *records(dropped: (id: number, err: unknown) => void): Generator<OpRecord> {
    const last = (this.db.prepare('SELECT max(id) AS id FROM ops').get() as { id: number | null })
      .id;
    const rows = this.db
      .prepare('SELECT id, at, body FROM ops ORDER BY id')
      .iterate() as IterableIterator<{ id: number; at: number; body: unknown }>;
    for (const row of rows) {
      let op: LoggedOp;
      try {
        op = decode(row.body);
      } catch (err) {
        if (row.id !== last) {
          throw new Error(`exchange log ${this.path}: record ${row.id} is unreadable (${err})`);
        }
        // Leave the iteration first: SQLite refuses a write while a read of the table is open.
        rows.return?.();
        this.db.prepare('DELETE FROM ops WHERE id = ?').run(row.id);
        dropped(row.id, err);
        return;
      }
      yield { id: row.id, at: row.at, op };
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function decode(body: unknown): LoggedOp {
  if (!Buffer.isBuffer(body)) throw new Error('not a blob');
  const op = deserialize(body) as unknown;
  if (typeof op === 'object' && op !== null) {
    const o = op as Record<string, unknown>;
    if (typeof o['call'] === 'string' && Array.isArray(o['args'])) {
      return { call: o['call'], args: o['args'] };
    }
    if (Number.isInteger(o['timer'])) return { timer: o['timer'] as number };
  }
  throw new Error('not an operation');
}
