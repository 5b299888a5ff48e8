import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PgHistoryStore, toDollar } from './pg.js';
import { pgRole } from './testing/pg-role.js';
import { describeRetention } from './testing/retention-suite.js';
import { describeHistoryStore, type StoreTarget, until } from './testing/suite.js';
import type { HealthEvent } from './write-queue.js';

async function pgTarget(): Promise<StoreTarget> {
  const role = await pgRole();
  return {
    create: (opts) =>
      new PgHistoryStore({ ...opts, url: role.url, schema: role.name, poolSize: 2 }),
    fault: async () => {
      await role.down();
      return () => role.up();
    },
    dispose: () => role.dispose(),
  };
}

describeHistoryStore('PostgreSQL', pgTarget);
describeRetention('PostgreSQL', pgTarget);

test('PostgreSQL that refuses connections at start is waited for, with back-off, not fatal', async () => {
  const role = await pgRole();
  const events: HealthEvent[] = [];
  const store = new PgHistoryStore({
    url: role.url,
    retry: { minMs: 5, maxMs: 40 },
    onHealth: (e) => events.push(e),
  });
  try {
    await role.down();
    let opened = false;
    const open = store.open().then((s) => {
      opened = true;
      return s;
    });
    await until(() => events.length >= 2);
    assert.equal(opened, false);
    assert.deepEqual(
      events.slice(0, 2).map((e) => e.type === 'failed' && [e.op, e.attempt]),
      [
        ['connect', 1],
        ['connect', 2],
      ],
    );
    assert.match(
      String(events[0]?.type === 'failed' && events[0].error.message),
      /not permitted to log in/,
    );
    await role.up();
    assert.equal((await open).lastSeq, 0);
  } finally {
    await store.close();
    await role.dispose();
  }
});

test('toDollar numbers ? placeholders and leaves quoted text alone', () => {
  assert.equal(
    toDollar(`SELECT '?', "a?" FROM t WHERE a = ? AND b IN (?, ?) AND k = 'it''s?'`),
    `SELECT '?', "a?" FROM t WHERE a = $1 AND b IN ($2, $3) AND k = 'it''s?'`,
  );
});
