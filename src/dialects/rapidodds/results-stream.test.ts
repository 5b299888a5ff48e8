// `/results-ws` and `GET /results/...` against a live server (spec §1.3, §2.6, §5.4): the same
// handshake as `/ws`, `subscribed` echoing the results subscription, `results_update` pushes of
// the games whose score or status changed, equal to the REST answer, 1 credit per push.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextClient } from '../../conformance/client.js';
import { compileFilter } from '../../model/filter.js';
import { EVENTS } from '../../testing/feed.js';
import { type Frame, RoClient, type RoServer, startRo } from '../../testing/rapidodds.js';
import { gameIdOf } from './results.js';

const START = Date.UTC(2030, 0, 1, 11);

function item(i: number, status: string, live?: Record<string, number>) {
  const e = EVENTS[i]!;
  return {
    type: 'event',
    id: e.id,
    sport: e.sport,
    league: e.league,
    home: { id: e.home, name: e.home },
    away: { id: e.away, name: e.away },
    startsAt: START,
    status,
    ...(live ? { live } : {}),
  };
}

type Json = Record<string, unknown> & { games?: Frame[]; detail?: string };

const scheduled = () => EVENTS.map((_, i) => item(i, 'scheduled'));

async function get(
  s: RoServer,
  path: string,
  key: string,
): Promise<{ status: number; body: Json }> {
  const sep = path.includes('?') ? '&' : '?';
  const res = await fetch(`${s.t.url}${path}${sep}api_key=${key}`);
  return { status: res.status, body: (await res.json()) as Json };
}

async function results(s: RoServer, key: string): Promise<RoClient> {
  return RoClient.open(s.t.wsUrl, key, '/results-ws');
}

test('handshake as /ws: connected first; bad and Free keys get 403', async () => {
  const s = await startRo();
  const c = await results(s, s.key('pro').key);
  await c.count(1);
  assert.equal(c.frames()[0]!.event, 'connected');
  assert.equal(c.frames()[0]!['tier'], 'pro');
  for (const q of ['?api_key=oa_nope', '', `?api_key=${s.key('free').key}`]) {
    assert.deepEqual(await TextClient.attempt(`${s.t.wsUrl}/results-ws${q}`), { status: 403 });
  }
  await c.close();
  await s.close();
});

test('subscribe: subscribed echoes status/include/days with credits_per_push 1; pushes carry the changed games, equal to REST', async () => {
  const s = await startRo();
  await s.t.ingest(scheduled());
  const { key } = s.key('pro');
  const c = await results(s, key);
  c.send({ action: 'subscribe', sport: 'nba', status: 'live', include: ['scores'], days: 2 });
  await c.count(2);
  assert.deepEqual(c.frames()[1], {
    event: 'subscribed',
    sport: 'NBA',
    status: 'live',
    include: ['scores'],
    days: 2,
    credits_per_push: 1,
  });

  await s.t.ingest([item(0, 'live', { home: 0, away: 0, clock: 720, period: 1 })]);
  await s.t.ingest([item(0, 'live', { home: 3, away: 2, clock: 500, period: 1 })]);
  s.cycle();
  await c.until((f) => f.length === 3);
  const push = c.frames()[2]!;
  assert.equal(push.event, 'results_update');
  assert.equal(push['credits_charged'], 1);
  assert.match(String(push['timestamp']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
  const data = push['data'] as { sport: string; games: Frame[] };
  assert.equal(data.games.length, 1, 'only the game that changed');
  const rest = await get(
    s,
    `/results/NBA?status=live&include=scores&game_id=${gameIdOf('nba-1')}`,
    key,
  );
  assert.equal(rest.status, 200);
  assert.deepEqual(data, rest.body);
  const score = data.games[0]!['score'] as Record<string, unknown>;
  assert.deepEqual(score['home'], { team: 'nba-bos', points: 3 });
  assert.equal('players' in data.games[0]!, false, 'include without players');

  // A cycle with no change sends nothing; the game ending reaches a live subscriber.
  s.cycle();
  await s.t.ingest([item(0, 'ended', { home: 101, away: 99, clock: 0, period: 4 })]);
  s.cycle();
  await c.until((f) => f.length === 4);
  const last = (c.frames()[3]!['data'] as { games: Frame[] }).games[0]!;
  assert.equal((last['game'] as Frame)['status'], 'CONCLUDED');
  assert.deepEqual(((last['score'] as Frame)['totals'] as Frame)['full_time'], {
    home: 101,
    away: 99,
    total: 200,
  });

  c.send({ action: 'unsubscribe', sport: 'NBA' });
  await c.until((f) => f.length === 5);
  assert.deepEqual(c.frames()[4], { event: 'unsubscribed', sport: 'NBA' });
  await c.close();
  await s.close();
});

test('credits: 1 per push, the error names credits and keeps the socket; REST charges 1 only with games; metadata is free', async () => {
  const s = await startRo({
    'auth.plans': { metered: { dialects: ['*'], metered: true, credits: 2 } },
  });
  await s.t.ingest(scheduled());
  const { key } = s.key('metered');
  const usage = async () => (await get(s, '/usage', key)).body['credits_remaining'] as number;

  assert.deepEqual(
    ((await get(s, '/results/sports', key)).body as unknown as Frame[]).slice(0, 2),
    [
      { id: 'BUNDESLIGA', name: 'BUNDESLIGA' },
      { id: 'EPL', name: 'EPL' },
    ],
  );
  assert.equal(await usage(), 2, '/results/sports is free');
  const none = await get(s, '/results/NBA?status=live', key);
  assert.deepEqual(none.body, { sport: 'NBA', games: [] });
  assert.equal(await usage(), 2, 'no games, no charge');
  const all = await get(s, '/results/NBA', key);
  assert.equal(all.body.games?.length, 2);
  assert.equal(await usage(), 1, 'games cost 1');

  const c = await results(s, key);
  c.send({ action: 'subscribe', sport: 'NBA' });
  await c.count(2);
  for (const [n, home] of [
    [3, 1],
    [4, 2],
  ] as const) {
    await s.t.ingest([item(1, 'live', { home, away: 0, clock: 600, period: 1 })]);
    s.cycle();
    await c.until((f) => f.length === n);
  }
  assert.deepEqual(
    c.frames().map((f) => f.event),
    ['connected', 'subscribed', 'results_update', 'error'],
  );
  assert.match(String(c.frames()[3]!['message']), /credit.*you have 0 remaining/);
  assert.ok(c.isOpen());
  const broke = await get(s, '/results/NBA', key);
  assert.equal(broke.status, 429);
  assert.match(String(broke.body.detail), /credit/);
  await c.close();
  await s.close();
});

test('bad input: REST 400/404 in the vendor form; stream errors never mention credits', async () => {
  const s = await startRo();
  await s.t.ingest(scheduled());
  const { key } = s.key('pro');
  assert.deepEqual(await get(s, '/results/NBA?include=score', key), {
    status: 400,
    body: { detail: 'Invalid include value(s): score.' },
  });
  assert.equal((await get(s, '/results/NBA?status=soon', key)).status, 400);
  assert.equal((await get(s, '/results/NBA?days=-1', key)).status, 400);
  assert.deepEqual(await get(s, '/results/XYZ', key), {
    status: 404,
    body: { detail: "Sport 'XYZ' not found." },
  });
  assert.deepEqual((await get(s, '/results/NBA?game_id=8216', key)).body.games, []);
  assert.equal((await get(s, '/results/sports', 'oa_nope')).status, 401);

  const c = await results(s, key);
  c.send({ action: 'subscribe', sport: 'NBA', include: ['score'] });
  c.send({ action: 'subscribe', sport: 'NBA', status: 'whenever' });
  c.send({ action: 'subscribe', sport: 'XYZ' });
  c.send('{not json');
  await c.count(5);
  const errors = c.frames().slice(1);
  assert.deepEqual(
    errors.map((f) => f['code']),
    ['invalid_subscription', 'invalid_subscription', 'unknown_sport', 'invalid_json'],
  );
  for (const e of errors) assert.doesNotMatch(String(e['message']), /credit/i);
  assert.ok(c.isOpen());
  await c.close();
  await s.close();
});

test('a finished game stays in the results after state lets it go, with its final score', async () => {
  const s = await startRo();
  await s.t.ingest(scheduled());
  await s.t.ingest([item(0, 'live', { home: 0, away: 0, clock: 720, period: 1 })]);
  await s.t.ingest([item(0, 'ended', { home: 98, away: 90, clock: 0, period: 4 })]);
  const { key } = s.key('pro');
  const before = await get(s, '/results/NBA?status=concluded', key);
  s.t.app.state.evictFinished(Number.POSITIVE_INFINITY);
  assert.equal(s.t.app.state.events(compileFilter({ events: ['nba-1'] })).length, 0);
  const after = await get(s, '/results/NBA?status=concluded', key);
  assert.equal(after.body.games?.length, 1);
  assert.deepEqual(after.body, before.body);
  await s.close();
});
