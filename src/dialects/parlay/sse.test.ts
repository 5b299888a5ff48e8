// The SSE twins of the odds stream (spec §6 checks 21–22): the same frames as `data:` lines
// with no event names, heartbeats every `heartbeat_s` on the clock, and REST-style refusals.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type PxServer, startParlay } from '../../testing/parlay.js';
import { SseClient } from '../../testing/sse-client.js';

let s: PxServer;
let business: string;
before(async () => {
  s = await startParlay();
  business = s.key('business');
  await s.quote(128);
});
after(() => s.close());

const sse = (path: string, headers?: Record<string, string>) =>
  SseClient.connect(`${s.t.url}${path}`, headers);

test('X-API-Key opens text/event-stream: connected, hot_feed_status, initial_state, then heartbeats every heartbeat_s', async () => {
  const res = await fetch(`${s.t.url}/v1/sse/odds/basketball_nba`, {
    headers: { 'X-API-Key': business },
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  await res.body?.cancel();

  const c = await sse('/v1/sse/odds/basketball_nba?heartbeat_s=2', { 'X-API-Key': business });
  await c.until(() => c.events.length >= 3);
  assert.deepEqual(
    c.frames().map((f) => f['type']),
    ['connected', 'hot_feed_status', 'initial_state'],
  );
  s.clock.advance(1_999);
  s.clock.advance(1);
  await c.until(() => c.of('heartbeat').length === 1);
  s.clock.advance(2_000);
  await c.until(() => c.of('heartbeat').length === 2);
  await c.close();
});

test('the browser path: ?apiKey= on the hot alias; updates carry the newest last_update as the SSE id', async () => {
  const c = await sse(`/v1/sse/hot/basketball_nba?apiKey=${business}`);
  await c.until(() => c.of('initial_state').length === 1);
  await s.quote(140);
  s.clock.advance(1_000);
  await c.until(() => c.of('odds_update').length === 1);
  const row = (c.of('odds_update')[0]!['data'] as Record<string, unknown>[])[0]!;
  assert.equal(row['price_american'], 140);
  assert.equal(c.lastEventId, String(row['last_update']));
  await c.close();
});

test('refusals are HTTP: 402 below Business, 401 without or with a bad key, 422 for a bad parameter', async () => {
  const refused = async (path: string) => {
    const r = await fetch(`${s.t.url}${path}`);
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
  const pro = await refused(`/v1/sse/odds/basketball_nba?apiKey=${s.key('pro')}`);
  assert.equal(pro.status, 402);
  assert.equal(pro.body['error'], 'tier_gate_sse');
  assert.equal(typeof pro.body['message'], 'string');
  assert.equal((await refused('/v1/sse/odds/basketball_nba')).body['error'], 'missing_api_key');
  assert.equal((await refused('/v1/sse/odds/basketball_nba?apiKey=lc_0000_x')).status, 401);
  const bad = await refused(`/v1/sse/odds/basketball_nba?apiKey=${business}&heartbeat_s=99`);
  assert.equal(bad.status, 422);
  const detail = bad.body['detail'] as { loc: string[]; msg: string; type: string }[];
  assert.deepEqual(detail[0]?.loc, ['query', 'heartbeat_s']);
  assert.equal(typeof detail[0]?.msg, 'string');
});
