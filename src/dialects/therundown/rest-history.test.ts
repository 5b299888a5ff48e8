// §5: event endpoints answer from history for events state has let go of (the day after: the
// events of yesterday with their last prices, closing lines, price history), the V1 event delta
// twins, and price history by `market_line_price_ids`.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { eventItems, quoteItems } from '../../testing/feed.js';
import { expectGolden } from '../../testing/golden.js';
import { ManualScheduler } from '../../timers/scheduler.js';

type Json = Record<string, unknown>;
const START = Date.UTC(2030, 0, 1);
const DAY = '2030-01-01';
const hex = (id: string) => createHash('md5').update(id).digest('hex');
// Ten minutes before the games start; the delta tests' zero cursor stays within its 30 min.
const clock = new ManualScheduler(START - 10 * 60_000);
let t: TestApp;

const withStatus = (i: number, s: string) => ({ ...(eventItems(START)[i] as Json), status: s });

/** Every Change durable, then the ended events out of state (what its eviction timer does). */
async function evict(app: TestApp): Promise<void> {
  await app.app.history.waitDurable(app.app.state.position().seq);
  app.app.state.evictFinished(Number.POSITIVE_INFINITY);
}

async function get(app: TestApp, path: string): Promise<{ status: number; body: Json }> {
  const sep = path.includes('?') ? '&' : '?';
  const res = await fetch(`${app.url}${path}${sep}key=${app.key}`);
  return { status: res.status, body: (await res.json()) as Json };
}

before(async () => {
  t = await startTestApp({}, undefined, undefined, { scheduler: clock });
  await t.ingest(eventItems(START));
  await t.ingest(quoteItems(72, 3, 72));
  clock.advance(15 * 60_000);
  await t.ingest([withStatus(0, 'live')]);
  await t.ingest(quoteItems(72, 4, 72));
  await t.ingest([withStatus(0, 'ended')]);
  await evict(t);
});
after(() => t.close());

const events = (b: Json) => b['events'] as Json[];
const NBA1 = hex('nba-1');

test('an ended event state let go of: /events/{id} answers from history with its last prices', async () => {
  const r = await get(t, `/api/v2/events/${NBA1}?market_ids=1,2,3,41,42,43`);
  assert.equal(r.status, 200);
  const e = events(r.body)[0]!;
  assert.equal(e['event_id'], NBA1);
  assert.equal((e['score'] as Json)['event_status'], 'STATUS_FINAL');
  assert.ok((e['markets'] as Json[]).length > 0, 'the last stored prices');
  assert.equal((await get(t, `/api/v2/events/${'f'.repeat(32)}`)).status, 404);
});

test('the day after: the day snapshot lists held and stored events; V1 closing lines and history still answer', async () => {
  const day = await get(t, `/api/v2/sports/4/events/${DAY}`);
  assert.deepEqual(
    new Set(events(day.body).map((e) => e['event_id'])),
    new Set([hex('nba-1'), hex('nba-2')]),
  );
  const closing = await get(t, `/api/v1/sports/4/closing/${DAY}`);
  const v1 = events(closing.body).find((e) => e['event_id'] === NBA1)!;
  assert.ok(Object.keys(v1['lines'] as Json).length > 0, 'closing lines of the ended event');
  const history = await get(t, `/api/v2/events/${NBA1}/markets/history`);
  assert.ok((history.body['history'] as Json[]).length > 0);
  const openers = await get(t, `/api/v2/events/${NBA1}/openers`);
  assert.equal(events(openers.body).length, 1);
});

test('markets/history by market_line_price_ids: the same rows as the event history, at most 50 ids', async () => {
  const all = (await get(t, `/api/v2/events/${NBA1}/markets/history?limit=5000`)).body[
    'history'
  ] as Json[];
  const ids = [...new Set(all.map((r) => r['market_line_price_id'] as number))].slice(0, 3);
  const r = await get(t, `/api/v2/markets/history?market_line_price_ids=${ids.join(',')}`);
  assert.equal(r.status, 200);
  const rows = r.body['history'] as Json[];
  assert.deepEqual(
    rows,
    all.filter((x) => ids.includes(x['market_line_price_id'] as number)),
  );
  assert.equal((r.body['meta'] as Json)['count'], rows.length);
  const one = await get(t, `/api/v2/markets/history?market_line_price_ids=${ids[0]}&limit=1`);
  assert.equal((one.body['history'] as Json[]).length, 1);
  assert.deepEqual((await get(t, '/api/v2/markets/history?market_line_price_ids=7')).body, {
    meta: { count: 0 },
    history: [],
  });
  assert.deepEqual(await get(t, '/api/v2/markets/history'), {
    status: 400,
    body: { error: 'market_line_price_ids is required' },
  });
  assert.equal((await get(t, '/api/v2/markets/history?market_line_price_ids=x')).status, 400);
});

test('V1 event delta: data holds V1 events (lines by affiliate) as JSON strings; deltaV2 holds V2 events', async () => {
  const zero = '00000000-0000-0000-0000-000000000000';
  const v1 = await get(t, `/api/v1/delta?last_id=${zero}`);
  assert.equal(v1.status, 200);
  const cursor = (v1.body['meta'] as Json)['delta_last_id'] as string;
  assert.equal(cursor.length, 36);
  const deltas = v1.body['deltas'] as { data: string }[];
  assert.ok(deltas.length > 0);
  for (const d of deltas) assert.equal(typeof d.data, 'string');
  const nba2 = deltas
    .map((d) => JSON.parse(d.data) as Json)
    .find((e) => e['event_id'] === hex('nba-2'))!;
  assert.ok('lines' in nba2 && !('markets' in nba2));
  expectGolden(new URL('./golden/', import.meta.url), 'delta.v1', JSON.stringify(nba2));
  const v2 = await get(t, `/api/v1/deltaV2?last_id=${zero}`);
  const first = JSON.parse((v2.body['deltas'] as { data: string }[])[0]!.data) as Json;
  assert.ok('markets' in first);
  const filtered = await get(t, `/api/v1/delta?last_id=${zero}&affiliate_ids=19`);
  for (const d of filtered.body['deltas'] as { data: string }[]) {
    const lines = (JSON.parse(d.data) as Json)['lines'] as Json;
    assert.ok(Object.keys(lines).every((a) => a === '19'));
  }
});

test('after a restart, an evicted event is found by its id through history (lookback scan)', async () => {
  const dir = t.dataDir;
  await t.close({ keepData: true });
  t = await startTestApp({}, dir, undefined, { scheduler: clock });
  await evict(t);
  const r = await get(t, `/api/v2/events/${NBA1}`);
  assert.equal(r.status, 200);
  assert.equal(events(r.body)[0]?.['event_id'], NBA1);
});
