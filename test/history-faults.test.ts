// History write faults mid-ingest, with a subscriber connected: a full disk, then a lock held by
// another connection past the busy timeout. While history cannot write, readiness is red, the
// metric shows it, ingest gets 503 with Retry-After and the book stops moving; nothing acked is
// lost, nothing streamed is missing from history, and everything recovers once the fault clears.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { until } from '../src/history/testing/suite.js';
import type { Position, QuoteChange } from '../src/model/types.js';
import { startTestApp, type TestApp } from '../src/testing/app.js';
import { eventItems } from '../src/testing/feed.js';
import { NativeClient } from '../src/testing/native-client.js';
import { faultyDisk } from './disk-fault.js';
import { feeders, get, newQuotes, post } from './ingest-feed.js';

/** Applies a fault under ingest; checks what must hold while it lasts; clears it; waits for recovery. */
async function fault(
  t: TestApp,
  feed: ReturnType<typeof feeders>,
  name: string,
  apply: () => void,
  clear: () => void,
): Promise<void> {
  const ackedBefore = feed.acked.size;
  apply();
  try {
    await until(async () => (await get(t, '/readyz')).status === 503);
    assert.match((await get(t, '/readyz')).text, /history_failing/, name);
    assert.match((await get(t, '/metrics')).text, /^linecast_history_writable 0$/m, name);
    const held = (await get(t, '/v1/position')).text;
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(
        await post(t, newQuotes(10)),
        { status: 503, code: 'LC_ERR_INGEST_UNAVAILABLE', retryAfter: '1' },
        name,
      );
    }
    // Nothing is applied while history cannot store it: the book holds still.
    assert.equal((await get(t, '/v1/position')).text, held, `${name}: the book moved`);
  } finally {
    clear();
  }
  await until(async () => (await get(t, '/readyz')).status === 200);
  assert.match((await get(t, '/metrics')).text, /^linecast_history_writable 1$/m);
  await until(() => feed.acked.size >= ackedBefore + 500);
}

test('a full disk and a held lock mid-ingest: red while failing, nothing acked lost, nothing unstored streamed, healed after', {
  timeout: 120_000,
}, async () => {
  const disk = faultyDisk();
  const t = await startTestApp(
    {
      'history.retryMinMs': 10,
      'history.retryMaxMs': 100,
      'history.busyTimeoutMs': 50,
      logLevel: 'silent',
    },
    disk.dataDir,
  );
  try {
    assert.equal((await post(t, eventItems())).status, 200);
    const sub = await NativeClient.connect(`${t.wsUrl}/v1/stream?key=${t.key}`);
    sub.send({ type: 'subscribe', id: 'all', filter: {}, snapshot: false });
    const feed = feeders(t);
    await until(() => feed.acked.size >= 500);

    await fault(t, feed, `disk full (${disk.kind})`, disk.fill, disk.clear);
    const other = new Database(join(disk.dataDir, 'history.sqlite'));
    await fault(
      t,
      feed,
      'lock held',
      () => other.exec('BEGIN EXCLUSIVE'),
      () => {
        other.exec('COMMIT');
        other.close();
      },
    );
    await feed.stop();

    const history = t.app.history;
    const head: Position = t.app.state.position();
    await history.waitDurable(head.seq);
    assert.ok(history.health().failuresTotal >= 2);
    // Nothing acked is lost: every acked price is in the book and in history.
    const stored = new Map<string, number | undefined>();
    for (const c of await history.changesSince({ epoch: head.epoch, seq: 0 }, 1e6)) {
      if (c.kind === 'quote') stored.set(c.key.selection, c.after.price?.american);
    }
    const lost = [...feed.acked].filter(([sel, price]) => stored.get(sel) !== price);
    assert.deepEqual(lost.slice(0, 5), [], `${lost.length} acked updates not stored`);
    // Nothing unstored was streamed: every Change the subscriber got is stored, identical.
    await sub.until(() => sub.seqs().at(-1) === head.seq);
    const bySeq = new Map(
      (await history.changesSince({ epoch: head.epoch, seq: 0 }, 1e6)).map((c) => [c.seq, c]),
    );
    for (const f of sub.of('quote')) {
      const c = bySeq.get(f['seq'] as number) as QuoteChange | undefined;
      assert.ok(c, `streamed seq ${f['seq']} is not in history`);
      assert.deepEqual(f['key'], c.key);
    }
    assert.equal(sub.seqs().length, bySeq.size - eventItems().length);
    await sub.close();
  } finally {
    await t.close({ keepData: true });
    disk.dispose();
  }
});
