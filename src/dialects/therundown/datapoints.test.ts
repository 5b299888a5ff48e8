// Data-point metering (spec §3.5, acceptance check 23): one point per `market_price` delivered
// on any socket route (after filtering), one per REST row; usage headers on REST; the socket
// closes 1008 "data point limit reached" when the allowance runs out, new upgrades get 429 with
// the vendor's string, REST too; counters survive a restart and start over with the period.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sleep, TextClient } from '../../conformance/client.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { eventItems, quoteItems } from '../../testing/feed.js';
import { MuxClient } from '../../testing/therundown-mux.js';
import { ManualScheduler } from '../../timers/scheduler.js';
import { periodOf, rowsOf } from './datapoints.js';

const dir = mkdtempSync(join(tmpdir(), 'linecast-datapoints-'));
const clock = new ManualScheduler(Date.UTC(2030, 0, 1, 12));
const overrides = {
  'auth.plans': {
    pro: { dialects: ['*'], maxConnections: 100, tiers: { therundown: 'enterprise' } },
    big: { dialects: ['therundown'], maxConnections: 10, tiers: { therundown: 'big' } },
    tiny: { dialects: ['therundown'], maxConnections: 10, tiers: { therundown: 'tiny' } },
  },
  'dialects.therundown.dataPoints': {
    enabled: true,
    allowances: {
      big: { points: 1_000_000, period: 'month' },
      tiny: { points: 10, period: 'day' },
    },
  },
};
let t: TestApp;
const keys: Record<string, string> = {};
const start = () => startTestApp(overrides, dir, undefined, { scheduler: clock });
before(async () => {
  t = await start();
  keys['big'] = t.app.keys.create('big').key;
  keys['tiny'] = t.app.keys.create('tiny').key;
  await t.ingest(eventItems());
  await t.ingest(quoteItems(60, 1));
});
after(async () => {
  await t.close({ keepData: true });
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, key: string) =>
  fetch(`${t.url}${path}${path.includes('?') ? '&' : '?'}key=${key}`);
const used = (r: Response) => Number(r.headers.get('x-datapoints-used'));

test('the period is the UTC day or month', () => {
  const ms = Date.UTC(2030, 0, 31, 23, 59);
  assert.deepEqual(periodOf(ms, 'day'), { name: 'day:2030-01-31', endsAt: Date.UTC(2030, 1, 1) });
  assert.deepEqual(periodOf(ms, 'month'), { name: 'month:2030-01', endsAt: Date.UTC(2030, 1, 1) });
});

test('REST rows: prices, delta and history rows, V1 line sets; catalogs are free', () => {
  const events = {
    events: [{ markets: [{ participants: [{ lines: [{ prices: { 19: {}, 23: {} } }] }] }] }],
  };
  assert.equal(rowsOf(events), 2);
  assert.equal(rowsOf({ meta: {}, deltas: [{}, {}, {}] }), 3);
  assert.equal(rowsOf({ events: [{ lines: { 19: { moneyline: {} }, 23: {} } }] }), 2);
  assert.equal(rowsOf({ sports: [{ sport_id: 4 }] }), 0);
});

test('23: REST usage headers move by the market_price frames a socket was delivered', async () => {
  const key = keys['big']!;
  const snap = await get('/api/v2/sports/4/events/2030-01-01', key);
  assert.equal(snap.status, 200);
  const body = (await snap.json()) as unknown;
  assert.equal(Number(snap.headers.get('x-datapoints')), rowsOf(body));
  assert.ok(rowsOf(body) > 0);
  assert.equal(snap.headers.get('x-datapoints-limit'), '1000000');
  assert.equal(snap.headers.get('x-datapoints-period'), 'month');
  assert.equal(snap.headers.get('x-datapoints-reset'), '2030-02-01T00:00:00Z');
  assert.equal(snap.headers.get('x-datapoints-monthly-reset'), '2030-02-01T00:00:00Z');
  const u0 = used(snap);
  assert.equal(Number(snap.headers.get('x-datapoints-remaining')), 1_000_000 - u0);

  // A socket filtered to one sport; the multiplexed socket's markets channel is metered alike.
  const ws = await TextClient.connect(`${t.wsUrl}/api/v2/ws/markets?key=${key}&sport_ids=4`);
  const m = await MuxClient.connect(`${t.wsUrl}/api/v2/ws?key=${key}`);
  await m.subscribe('nba', 'markets', { sport_ids: [4] });
  await m.subscribe('scores', 'scores');
  await t.ingest(quoteItems(40, 2));
  await ws.until(() => ws.texts.length > 0);
  await sleep(200);
  const delivered =
    ws.texts.filter((x) => x.includes('"market_price"')).length + m.of('delta', 'nba').length;
  assert.ok(delivered > 0);
  // A keyed catalog route costs nothing: it shows the socket's points alone.
  const after = await get('/api/v2/markets', key);
  assert.equal(after.headers.get('x-datapoints'), '0');
  assert.equal(used(after), u0 + delivered);
  await Promise.all([ws.close(), m.close()]);
});

test('an exhausted allowance: close 1008, then 429 on upgrade and on REST, kept across a restart', async () => {
  const key = keys['tiny']!;
  const ws = await TextClient.connect(`${t.wsUrl}/api/v2/ws/markets?key=${key}`);
  await t.ingest(quoteItems(30, 3));
  const code = await ws.closed;
  assert.equal(code, 1008);
  assert.equal(ws.texts.filter((x) => x.includes('"market_price"')).length, 10);

  for (const path of ['/api/v2/ws/markets', '/api/v2/ws', '/api/v1/ws']) {
    const r = await TextClient.attempt(`${t.wsUrl}${path}?key=${key}`);
    assert.deepEqual(r, { status: 429 }, path);
  }
  const rest = await get('/api/v2/sports/4/events/2030-01-01', key);
  assert.equal(rest.status, 429);
  assert.deepEqual(await rest.json(), { error: 'Daily data point limit reached' });
  assert.equal(rest.headers.get('x-datapoints-remaining'), '0');
  assert.equal(rest.headers.get('retry-after'), String(12 * 3600));

  await t.close({ keepData: true });
  t = await start();
  assert.equal((await get('/api/v2/markets', key)).status, 429, 'still used up after a restart');

  clock.advance(12 * 3600 * 1000);
  const next = await get('/api/v2/markets', key);
  assert.equal(next.status, 200, 'a new day starts over');
  assert.equal(used(next), 0);
});

test('a tier without an allowance is not metered: no headers, no close', async () => {
  const r = await fetch(`${t.url}/api/v2/markets?key=${t.key}`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('x-datapoints'), null);
});

test('23: socket traffic leaves the REST request limiter alone', async () => {
  // The simulator feeds the sockets, so no HTTP request is made before the burst below.
  const rate = 4;
  const own = await startTestApp({
    ...overrides,
    'simulator.rate': 500,
    'http.requestsPerSecondPerAddress': rate,
  });
  try {
    const key = own.app.keys.create('big').key;
    const ws = await TextClient.connect(`${own.wsUrl}/api/v2/ws/markets?key=${key}`);
    const m = await MuxClient.connect(`${own.wsUrl}/api/v2/ws?key=${key}`);
    await m.subscribe('all', 'markets');
    for (let i = 0; i < 20; i++) m.send({ action: 'unsubscribe', id: `none${i}` });
    await ws.until(() => ws.texts.length >= 200);
    await m.until(() => m.of('delta', 'all').length >= 200);
    // The bucket is still full: as many requests at once as the rate allows all pass (the
    // limiter itself is tested in src/transports/edge-limits.test.ts).
    const statuses = await Promise.all(
      Array.from({ length: rate }, () =>
        fetch(`${own.url}/api/v2/markets?key=${key}`).then((r) => r.status),
      ),
    );
    assert.deepEqual(statuses, Array(rate).fill(200));
    await Promise.all([ws.close(), m.close()]);
  } finally {
    await own.close();
  }
});
