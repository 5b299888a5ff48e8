// REST: the odds endpoint in the push's shape, the sport directory, usage, and the vendor's
// error bodies (401, 403, 404, 422, 429 for rate and for credits).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventItems, quoteItems } from '../../testing/feed.js';
import { PLANS, type RoServer, startRo } from '../../testing/rapidodds.js';

let s: RoServer;
before(async () => {
  // The fake clock stands still, so every request of a test falls within one second.
  s = await startRo({
    'auth.plans': { ...PLANS, tiny: { ...PLANS.metered, credits: 3 } },
    'dialects.rapidodds.restRequestsPerSecond': 30,
  });
  await s.t.ingest(eventItems());
  await s.t.ingest(quoteItems(72, 3, 72));
  await s.t.ingest([
    {
      type: 'quote',
      event: 'nba-1',
      market: 'player-points',
      book: 'draftkings',
      selection: 'jayson-tatum.over',
      line: 27.5,
      price: { american: -115 },
    },
    {
      type: 'quote',
      event: 'nba-1',
      market: 'team-total',
      book: 'draftkings',
      selection: 'home.under',
      line: 112.5,
      price: { decimal: 1.9 },
    },
  ]);
});
after(() => s.close());

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${s.t.url}${path}`);
  return { status: res.status, body: await res.json() };
}

type Odds = {
  sport: string;
  games: {
    game: Record<string, unknown>;
    bookmakers: { name: string; markets: { key: string; outcomes: Record<string, unknown>[] }[] }[];
  }[];
};

test('odds: repeated market_type and bookmaker params; decimal prices; point, player_name and team_name only where they apply', async () => {
  const { key } = s.key('pro');
  const q =
    'market_type=head_to_head&market_type=alternate_lines&market_type=player_points' +
    '&market_type=alternate_team_total_points&bookmaker=DraftKings&bookmaker=Neds';
  const { status, body } = await get(`/sports/NBA/markets?api_key=${key}&${q}`);
  assert.equal(status, 200);
  const odds = body as Odds;
  assert.equal(odds.sport, 'NBA');
  assert.equal(odds.games.length, 2);
  const first = odds.games[0]!;
  assert.deepEqual(Object.keys(first.game), [
    'commence_time',
    'home_team',
    'away_team',
    'game_url',
  ]);
  assert.equal(first.game['commence_time'], '2030-01-01T00:00:00');
  assert.deepEqual(
    first.bookmakers.map((b) => b.name),
    ['DraftKings'],
    'unknown feeds yield nothing',
  );
  const markets = new Map(first.bookmakers[0]!.markets.map((m) => [m.key, m.outcomes]));
  assert.deepEqual(
    [...markets.keys()],
    ['head_to_head', 'alternate_lines', 'player_points', 'alternate_team_total_points'],
  );
  for (const o of markets.get('head_to_head')!) {
    assert.deepEqual(Object.keys(o), ['name', 'price']);
    assert.ok(typeof o['price'] === 'number' && o['price'] > 1);
  }
  for (const o of markets.get('alternate_lines')!)
    assert.deepEqual(Object.keys(o), ['name', 'price', 'point']);
  assert.deepEqual(markets.get('player_points'), [
    { name: 'Over', price: 1.87, player_name: 'Jayson Tatum', point: 27.5 },
  ]);
  assert.deepEqual(markets.get('alternate_team_total_points'), [
    { name: 'Under', price: 1.9, team_name: 'nba-bos', point: 112.5 },
  ]);
});

test('odds errors: 401 bad key, 403 no subscription, 404 unknown sport, 422 missing params', async () => {
  const { key } = s.key('pro');
  const odds = `market_type=head_to_head&bookmaker=Pinnacle`;
  assert.deepEqual(await get(`/sports/NBA/markets?api_key=oa_bad&${odds}`), {
    status: 401,
    body: { detail: 'Invalid API key.' },
  });
  assert.deepEqual(await get(`/sports/NBA/markets?${odds}`), {
    status: 401,
    body: { detail: 'Invalid API key.' },
  });
  const revoked = s.key('pro');
  s.t.app.keys.revoke(revoked.id);
  assert.deepEqual(await get(`/sports/NBA/markets?api_key=${revoked.key}&${odds}`), {
    status: 403,
    body: { detail: 'Subscription is not active.' },
  });
  assert.deepEqual(await get(`/sports/XYZ/markets?api_key=${key}&${odds}`), {
    status: 404,
    body: { detail: "Sport 'XYZ' not found." },
  });
  const r = await get(`/sports/NBA/markets?api_key=${key}&bookmaker=Pinnacle`);
  assert.equal(r.status, 422);
  assert.deepEqual(r.body, {
    detail: [{ loc: ['query', 'market_type'], msg: 'field required', type: 'value_error.missing' }],
  });
});

test('credits: charged only when games come back; out of credits is a 429 naming the balance', async () => {
  const { key } = s.key('tiny');
  const q = (sport: string) =>
    `/sports/${sport}/markets?api_key=${key}&market_type=head_to_head&bookmaker=Pinnacle`;
  const empty = await get(q('MLB'));
  assert.deepEqual(empty, { status: 200, body: { sport: 'MLB', games: [] } });
  for (let i = 0; i < 3; i++) assert.equal((await get(q('NBA'))).status, 200);
  const broke = await get(q('NBA'));
  assert.equal(broke.status, 429);
  const text = (broke.body as { detail: string }).detail;
  assert.equal(text, 'Insufficient credits. This request costs 1 credits, you have 0 remaining.');
  assert.match(text, /credit/i);
  assert.match(text, /you have (\d+) remaining/);
  const u = (await get(`/usage?api_key=${key}`)).body as Record<string, unknown>;
  assert.equal(u['credits_remaining'], 0);
  assert.equal(u['credits_used'], 3);
});

test('31 requests within a second from one key: at least one 429 that is not about credits', async () => {
  const { key } = s.key('pro');
  const results = await Promise.all(
    Array.from({ length: 31 }, () => get(`/sports?api_key=${key}`)),
  );
  const limited = results.filter((r) => r.status === 429);
  assert.ok(limited.length >= 1);
  for (const r of limited) {
    const text = (r.body as { detail: string }).detail;
    assert.equal(text, 'Rate limit exceeded. Maximum 30 requests per second.');
    assert.doesNotMatch(text, /credit/i);
  }
});

test('sports: a list, one sport with its market groups, 404 for an unknown one; usage has six fields', async () => {
  const { key } = s.key('pro');
  const list = (await get(`/sports?api_key=${key}`)).body as { id: string; name: string }[];
  assert.ok(list.some((x) => x.id === 'NBA' && x.name === 'NBA'));
  assert.deepEqual(
    list.map((x) => x.id),
    [...list.map((x) => x.id)].sort(),
  );
  const one = await get(`/sports?api_key=${key}&sport=nhl&markets=true`);
  assert.equal(one.status, 200);
  const info = one.body as { id: string; markets: Record<string, string[]> };
  assert.equal(info.id, 'NHL');
  assert.deepEqual(Object.keys(info.markets), ['game', 'team', 'player_props']);
  assert.ok(info.markets['game']!.includes('alternate_total_goals'));
  assert.ok(info.markets['team']!.includes('alternate_team_total_goals'));
  assert.ok(info.markets['player_props']!.includes('player_shots_on_goal'));
  assert.deepEqual(await get(`/sports?api_key=${key}&sport=AFLX`), {
    status: 404,
    body: { detail: "Sport 'AFLX' not found." },
  });
  const u = (await get(`/usage?api_key=${s.key('free').key}`)).body as Record<string, unknown>;
  assert.deepEqual(u, {
    tier: 'free',
    status: 'active',
    credits_used: 0,
    credits_limit: 250,
    credits_remaining: 250,
    resets: false,
  });
});
