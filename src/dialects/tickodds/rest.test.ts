// Checks 25-29 of the spec (§6) and the live REST fallback: rate-limit headers and windows,
// the Developer daily cap and headline sports, the page-size clamp, icons without a key, and
// WebSocket traffic that never counts against REST.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TextClient } from '../../conformance/client.js';
import {
  board,
  eventItem,
  FIXTURES,
  type Harness,
  quote,
  startHarness,
} from '../../testing/tickodds.js';

let h: Harness;
before(async () => {
  h = await startHarness({
    'dialects.tickodds.plans': {
      developer: { live: false, connections: 0, perMinute: 1_000, daily: 20, headline: false },
      starter: { live: false, connections: 0, perMinute: 5, daily: 0, headline: true },
      live: { live: true, connections: 25, perMinute: 500, daily: 0, headline: true },
      pro: { live: true, connections: 100, perMinute: 2_000, daily: 0, headline: true },
      enterprise: { live: true, connections: 0, perMinute: 0, daily: 0, headline: true },
    },
  });
  await h.feed([
    eventItem('soccer'),
    eventItem('basketball'),
    eventItem('tennis', { status: 'scheduled' }),
    ...board(),
  ]);
});
after(() => h.t.close());

const get = (path: string, key?: string) =>
  fetch(`${h.t.url}${path}`, key ? { headers: { 'X-API-Key': key } } : {});

const codeOf = async (r: Response) => ((await r.json()) as { error: { code: string } }).error.code;

test('check 25: X-RateLimit-* on every response; past the minute limit 429 RATE_LIMITED with Retry-After', async () => {
  const key = h.keys.starter;
  for (let i = 0; i < 5; i++) {
    const r = await get('/api/v1/matches', key);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('x-ratelimit-limit'), '5');
    assert.equal(r.headers.get('x-ratelimit-remaining'), String(4 - i));
    const body = (await r.json()) as { ok: boolean; meta: { timestamp: string } };
    assert.equal(body.ok, true);
    assert.match(body.meta.timestamp, /Z$/);
  }
  const over = await get('/api/v1/matches', key);
  assert.equal(over.status, 429);
  assert.equal(over.headers.get('x-ratelimit-remaining'), '0');
  assert.ok(Number(over.headers.get('retry-after')) >= 1);
  assert.equal(await codeOf(over), 'RATE_LIMITED');
  // The window slides: two minutes on, the key is served again.
  h.clock.advance(120_000);
  assert.equal((await get('/api/v1/matches', key)).status, 200);
});

test('check 26: a Developer key hits DAILY_CAP after its daily calls; headline sports are SPORT_NOT_IN_PLAN', async () => {
  const key = h.keys.developer;
  const soccer = await get('/api/v1/matches?sport=Soccer', key);
  assert.equal(soccer.status, 403);
  assert.equal(await codeOf(soccer), 'SPORT_NOT_IN_PLAN');
  const hockey = await get('/api/v1/matches?sport=ice_hockey', key);
  assert.equal(hockey.status, 200);
  // Live endpoints need the Live plan.
  const live = await get('/api/v1/live/events', key);
  assert.equal(live.status, 403);
  assert.equal(await codeOf(live), 'FORBIDDEN');
  for (let i = 3; i < 20; i++) assert.equal((await get('/api/v1/sports', key)).status, 200);
  const capped = await get('/api/v1/sports', key);
  assert.equal(capped.status, 429);
  assert.equal(await codeOf(capped), 'DAILY_CAP');
  assert.ok(Number(capped.headers.get('retry-after')) > 0);
});

test('check 27: pageSize=500 is clamped to 200; bad page numbers are 400 BAD_REQUEST', async () => {
  const r = await get('/api/v1/matches?pageSize=500', h.keys.pro);
  const body = (await r.json()) as {
    pagination: { page: number; pageSize: number; total: number };
    data: unknown[];
  };
  assert.deepEqual(body.pagination, { page: 1, pageSize: 200, total: 3 });
  assert.equal(body.data.length, 3);
  const item = body.data[0] as Record<string, unknown>;
  assert.ok(!('odds' in item) && 'fixtureId' in item && 'kickoff' in item);
  const one = (await (await get('/api/v1/matches?pageSize=1&page=2', h.keys.pro)).json()) as {
    data: unknown[];
    pagination: { pageSize: number };
  };
  assert.equal(one.data.length, 1);
  const bad = await get('/api/v1/matches?page=0', h.keys.pro);
  assert.equal(bad.status, 400);
  assert.equal(await codeOf(bad), 'BAD_REQUEST');
});

test('check 28: /icons/sports/1.svg is served without a key', async () => {
  const r = await get('/icons/sports/1.svg');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'image/svg+xml');
  assert.match(await r.text(), /<svg[^>]*>.*Soccer/);
  assert.equal((await get('/icons/sports/999.svg')).status, 404);
});

test('check 29: WebSocket traffic does not change X-RateLimit-Remaining', async () => {
  const key = h.keys.live;
  const before = Number(
    (await get('/api/v1/live/status', key)).headers.get('x-ratelimit-remaining'),
  );
  const c = await TextClient.connect(`${h.t.wsUrl}/ws/live?apiKey=${key}`);
  await c.until(() => c.texts.length === 1);
  for (let i = 0; i < 10; i++) c.send('{"subscribe":["all"]}');
  await h.feed([
    quote('soccer', 'three-way', 'home', 2.0),
    quote('soccer', 'three-way', 'home', 2.1),
  ]);
  await c.until(() => c.texts.length === 3);
  const after_ = Number(
    (await get('/api/v1/live/status', key)).headers.get('x-ratelimit-remaining'),
  );
  assert.equal(after_, before - 1, 'only the REST call itself counted');
  await c.close();
});

test('live REST: sports with live counts, status, 401 without a key', async () => {
  const sports = (await (await get('/api/v1/live/sports', h.keys.pro)).json()) as {
    data: unknown[];
  };
  assert.deepEqual(sports.data, [
    { id: 'soccer', name: 'Soccer', liveCount: 1 },
    { id: 'basketball', name: 'Basketball', liveCount: 1 },
  ]);
  const status = (await (await get('/api/v1/live/status', h.keys.pro)).json()) as {
    data: { status: string; eventCount: number; lastUpdate: string };
  };
  assert.equal(status.data.status, 'ok');
  assert.equal(status.data.eventCount, 2);
  const anon = await get('/api/v1/live/events');
  assert.equal(anon.status, 401);
  assert.equal(await codeOf(anon), 'UNAUTHORIZED');
  const unknown = await get('/api/v1/matches/42', h.keys.pro);
  assert.equal(unknown.status, 404);
  assert.equal(FIXTURES.soccer.sport, 'soccer');
});
