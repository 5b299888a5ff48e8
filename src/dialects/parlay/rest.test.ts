// The REST endpoints a streaming client touches (spec §6 check 25, §5.2): the open sports list
// with ETag and its /v4 twin, a sport's events whose ids are the stream's, and usage.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { NBA1, NBA2, type PxServer, startParlay } from '../../testing/parlay.js';

let s: PxServer;
before(async () => {
  s = await startParlay();
});
after(() => s.close());

test('GET /v1/sports needs no key, has every field, answers 304 to its ETag; /v4/sports is the same', async () => {
  const r = await fetch(`${s.t.url}/v1/sports`);
  assert.equal(r.status, 200);
  const body = (await r.json()) as Record<string, unknown>[];
  assert.ok(body.some((x) => x['key'] === 'basketball_nba' && x['group'] === 'Basketball'));
  for (const item of body) {
    for (const f of ['key', 'group', 'title', 'description', 'active', 'has_outrights'])
      assert.ok(f in item, f);
  }
  const etag = r.headers.get('etag') ?? '';
  assert.ok(etag !== '');
  const again = await fetch(`${s.t.url}/v1/sports`, { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  assert.deepEqual(await (await fetch(`${s.t.url}/v4/sports`)).json(), body);
  const all = (await (await fetch(`${s.t.url}/v1/sports?all=true`)).json()) as unknown[];
  assert.ok(all.length > body.length, 'all=true adds inactive sports');
});

test("a sport's events carry the stream's event ids; usage reports the key's tier", async () => {
  const key = s.key('business');
  const r = await fetch(`${s.t.url}/v1/sports/basketball_nba/events`, {
    headers: { 'X-API-Key': key },
  });
  const events = (await r.json()) as Record<string, unknown>[];
  assert.deepEqual(
    events.map((e) => e['id']),
    [NBA1, NBA2],
  );
  assert.equal(events[0]?.['home_team'], 'nba-bos');
  assert.equal((await fetch(`${s.t.url}/v1/sports/basketball_nba/events`)).status, 401);
  const usage = await fetch(`${s.t.url}/v1/usage?apiKey=${s.key('pro')}`);
  assert.equal(usage.status, 200);
  assert.equal(((await usage.json()) as { tier: string }).tier, 'pro');
});

test("GET /v1/sports/{sport}/odds: the-odds-api's shape, h2h by default, prices as the stream's", async () => {
  const key = s.key('business');
  await s.quote(128);
  await s.quote(-140, { selection: 'away' });
  await s.quote(-110, { market: 'total', selection: 'over', line: 220.5 });
  const get = async (q: string) => {
    const r = await fetch(`${s.t.url}/v4/sports/basketball_nba/odds?apiKey=${key}${q}`);
    assert.equal(r.status, 200);
    return (await r.json()) as {
      id: string;
      bookmakers: {
        key: string;
        markets: { key: string; outcomes: Record<string, unknown>[] }[];
      }[];
    }[];
  };
  const [event] = await get('&oddsFormat=american');
  assert.equal(event?.id, NBA1);
  const market = event?.bookmakers[0]?.markets[0];
  assert.equal(event?.bookmakers[0]?.key, 'pinnacle');
  assert.equal(market?.key, 'h2h');
  assert.deepEqual(market?.outcomes, [
    { name: 'nba-bos', price: 128 },
    { name: 'nba-lal', price: -140 },
  ]);
  const totals = await get('&markets=totals');
  assert.deepEqual(totals[0]?.bookmakers[0]?.markets[0]?.outcomes, [
    { name: 'Over', price: 1.909, point: 220.5 },
  ]);
  const bad = await fetch(`${s.t.url}/v1/sports/basketball_nba/odds?apiKey=${key}&oddsFormat=x`);
  assert.equal(bad.status, 422);
});
