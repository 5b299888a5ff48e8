// One server per data directory. Two servers on one directory would both append history with
// their own seqs, and both rewrite keys, credits and usage from their own memory: each would
// silently undo the other. The lock is an SQLite file held in exclusive locking mode, because
// its POSIX lock goes with the process: a server killed with -9 leaves no stale lock behind,
// which a pid file cannot promise (a container's server is pid 1 on every start).
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LinecastError } from './errors/catalogue.js';

export const LOCK_FILE = 'linecast.lock';

export class DataDirLock {
  private constructor(private readonly db: Database.Database) {}

  /** Takes the lock or throws LC_ERR_DATA_DIR_IN_USE; the directory must exist. */
  static take(dataDir: string): DataDirLock {
    const path = join(dataDir, LOCK_FILE);
    const db = new Database(path, { timeout: 0 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      // The file's rows do not matter, only its lock: no journal file beside it.
      db.pragma('journal_mode = MEMORY');
      // A write takes the exclusive lock; exclusive mode keeps it until the connection closes.
      db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, since INTEGER NOT NULL)');
      db.prepare('DELETE FROM holder').run();
      db.prepare('INSERT INTO holder (pid, since) VALUES (?, ?)').run(process.pid, Date.now());
    } catch (err) {
      db.close();
      if ((err as { code?: string }).code === 'SQLITE_BUSY') {
        throw new LinecastError(
          'LC_ERR_DATA_DIR_IN_USE',
          `${dataDir} (another linecast server holds it); stop that server or give this one its own --data-dir`,
        );
      }
      throw err;
    }
    return new DataDirLock(db);
  }

  release(): void {
    if (this.db.open) this.db.close();
  }
}
