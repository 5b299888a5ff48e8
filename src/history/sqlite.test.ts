import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { SqliteHistoryStore } from './sqlite.js';
import { describeRetention } from './testing/retention-suite.js';
import { describeHistoryStore, type StoreTarget } from './testing/suite.js';

async function sqliteTarget(): Promise<StoreTarget> {
  const dataDir = mkdtempSync(join(tmpdir(), 'linecast-history-'));
  return {
    create: (opts) => new SqliteHistoryStore({ busyTimeoutMs: 20, ...opts, dataDir }),
    // Another connection holding the write lock past the busy timeout: SQLITE_BUSY, for real.
    fault: async () => {
      const other = new Database(join(dataDir, 'history.sqlite'));
      other.exec('BEGIN EXCLUSIVE');
      return async () => {
        if (!other.open) return;
        other.exec('COMMIT');
        other.close();
      };
    },
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

describeHistoryStore('SQLite', sqliteTarget);
describeRetention('SQLite', sqliteTarget);

test('SQLite creates <dataDir>/history.sqlite on first open, in WAL mode', async () => {
  const root = mkdtempSync(join(tmpdir(), 'linecast-history-'));
  const dataDir = join(root, 'nested');
  const store = new SqliteHistoryStore({ dataDir, synchronous: 'normal' });
  try {
    await store.open();
    assert.equal(store.path, join(dataDir, 'history.sqlite'));
    assert.ok(existsSync(store.path));
    assert.ok(existsSync(`${store.path}-wal`));
  } finally {
    await store.close();
    rmSync(root, { recursive: true, force: true });
  }
});
