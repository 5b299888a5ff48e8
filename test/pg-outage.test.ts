// PostgreSQL goes away under ingest (logins refused, every connection terminated, as a restart
// or failover does) and comes back: the server survives, readiness goes red then green, ingest
// is refused meanwhile, and writes resume with nothing acknowledged lost.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pgRole } from '../src/history/testing/pg-role.js';
import { until } from '../src/history/testing/suite.js';
import { startTestApp } from '../src/testing/app.js';
import { eventItems } from '../src/testing/feed.js';
import { feeders, get, newQuotes, post } from './ingest-feed.js';

test('a PostgreSQL outage mid-ingest: the server survives, red then green, nothing acked lost', {
  timeout: 120_000,
}, async () => {
  const role = await pgRole();
  const t = await startTestApp({
    'history.url': role.url,
    'history.retryMinMs': 10,
    'history.retryMaxMs': 100,
  });
  try {
    assert.equal((await post(t, eventItems())).status, 200);
    const feed = feeders(t);
    await until(() => feed.acked.size >= 300);

    await role.down();
    await until(async () => (await get(t, '/readyz')).status === 503);
    assert.match((await get(t, '/readyz')).text, /history_failing/);
    assert.deepEqual(await post(t, newQuotes(10)), {
      status: 503,
      code: 'LC_ERR_INGEST_UNAVAILABLE',
      retryAfter: '1',
    });
    // Reads fail with a coded error while the database is away; the process lives on.
    assert.equal((await get(t, '/v1/history?event=nba-1')).status, 500);

    const before = feed.acked.size;
    await role.up();
    await until(async () => (await get(t, '/readyz')).status === 200);
    await until(() => feed.acked.size >= before + 300);
    await feed.stop();

    const head = t.app.state.position();
    await t.app.history.waitDurable(head.seq);
    const stored = new Map<string, number | undefined>();
    for (const c of await t.app.history.changesSince({ epoch: head.epoch, seq: 0 }, 1e6)) {
      if (c.kind === 'quote') stored.set(c.key.selection, c.after.price?.american);
    }
    const lost = [...feed.acked].filter(([sel, price]) => stored.get(sel) !== price);
    assert.deepEqual(lost.slice(0, 5), [], `${lost.length} acked updates not stored`);
    assert.ok(t.app.history.health().failuresTotal >= 1);
  } finally {
    await t.close();
    await role.dispose();
  }
});
