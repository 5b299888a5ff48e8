// The writer connection's settings: what durability and write cost depend on.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openWriter, WAL_CHECKPOINT_PAGES } from './sqlite-db.js';

test('the writer runs WAL, syncs as asked and checkpoints every WAL_CHECKPOINT_PAGES pages', () => {
  const dir = mkdtempSync(join(tmpdir(), 'linecast-sqlite-db-'));
  try {
    for (const [synchronous, level] of [
      ['full', 2],
      ['normal', 1],
    ] as const) {
      const db = openWriter(join(dir, `${synchronous}.sqlite`), synchronous, 1000);
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(db.pragma('synchronous', { simple: true }), level);
      assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), WAL_CHECKPOINT_PAGES);
      assert.ok(WAL_CHECKPOINT_PAGES > 1000, 'more than SQLite default of 1,000 pages');
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
