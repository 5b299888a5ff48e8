// Resume against a pruned history, end to end: a position older than the retained window gets a
// fresh image (recovered: false), never a replay stitched from the rows retention keeps.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Position } from '../model/types.js';
import { startTestApp, type TestApp } from '../testing/app.js';
import { eventItems, quoteItems } from '../testing/feed.js';
import { NativeClient } from '../testing/native-client.js';
import { ManualScheduler } from '../timers/scheduler.js';

let t: TestApp;
const scheduler = new ManualScheduler();
let old: Position;
let retained: Position;

async function ingestAll(items: unknown[]): Promise<void> {
  for (let i = 0; i < items.length; i += 500) {
    const r = await t.ingest(items.slice(i, i + 500));
    assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 300));
  }
}

before(async () => {
  t = await startTestApp(
    {
      'state.windowSize': 20,
      'history.retention.maxAgeMs': 60_000,
      'history.retention.maxBytes': 0,
      'history.retention.batchRows': 100,
      'history.retention.intervalMs': 0,
    },
    undefined,
    undefined,
    { scheduler },
  );
  await ingestAll(eventItems());
  // The next Change is a key's opener, which retention keeps: were kept rows left among the
  // window's, history would answer this position with exactly the next seq, and a resume
  // would replay the kept rows (each key's first and latest, seqs all over the pruned
  // range) as if nothing were missing.
  old = t.app.state.position();
  await ingestAll(quoteItems(600, 3, 12));
  await ingestAll(quoteItems(600, 4, 12));
  const cut = t.app.state.position();
  scheduler.advance(120_000);
  await ingestAll(quoteItems(300, 5, 12));
  retained = t.app.state.position();
  await ingestAll(quoteItems(300, 6, 12));
  await t.app.history.waitDurable(t.app.state.position().seq);
  const report = await t.app.history.prune();
  assert.equal(report.pruned, cut.seq, 'everything made before the clock moved on');
  assert.ok(report.usage.keptRows > 0);
});
after(() => t.close());

async function resume(from: Position): Promise<NativeClient> {
  const c = await NativeClient.connect(`${t.wsUrl}/v1/stream?key=${t.key}`);
  c.send({ type: 'subscribe', id: 's', filter: {}, snapshot: false, from });
  await c.until(() => c.of('subscribed').length === 1 || c.of('error').length > 0);
  return c;
}

test('a position older than the retained window gets a fresh snapshot, recovered: false', async () => {
  const rows = await t.app.history.changesSince(old, 5);
  assert.ok(rows.length > 0 && rows[0]!.seq > old.seq + 1, 'history starts past the position');
  const c = await resume(old);
  const sub = c.of('subscribed')[0]!;
  assert.equal(sub['mode'], 'snapshot');
  assert.equal(sub['recovered'], false);
  await c.until(() => c.of('snapshot').length > 0);
  assert.equal(c.seqs().length, 0, 'nothing replayed');
  await c.close();
});

test('a position inside the retained window still resumes exactly from history', async () => {
  const c = await resume(retained);
  const sub = c.of('subscribed')[0]!;
  assert.equal(sub['mode'], 'resumed');
  assert.equal(sub['recovered'], true);
  const head = t.app.state.position().seq;
  const want = Array.from({ length: head - retained.seq }, (_, i) => retained.seq + 1 + i);
  await c.until(() => c.seqs().length >= want.length);
  assert.deepEqual(c.seqs(), want);
  await c.close();
});
