// The subscribe flow over real sockets: `connected` first, `subscribed` next, pushes of the
// games that changed per refresh cycle, unsubscribe, and nothing after a reconnect until asked.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventItems, quoteItems } from '../../testing/feed.js';
import {
  RoClient,
  type RoServer,
  sleep,
  startRo,
  subscribeFrame,
} from '../../testing/rapidodds.js';

let s: RoServer;
let key: string;
before(async () => {
  s = await startRo();
  key = s.key('pro').key;
  await s.t.ingest(eventItems());
});
after(() => s.close());

const NBA = subscribeFrame('NBA', ['DraftKings', 'Pinnacle'], ['head_to_head', 'alternate_lines']);

test('connected is the first frame, without the client sending anything', async () => {
  const c = await RoClient.open(s.t.wsUrl, key);
  await c.count(1);
  assert.deepEqual(c.frames()[0], {
    event: 'connected',
    tier: 'pro',
    message: 'Connected. Subscribe to a sport to start receiving odds.',
  });
  await c.close();
});

test('a subscribe sent on open is answered after connected, and nothing comes between', async () => {
  const c = await RoClient.open(s.t.wsUrl, key);
  c.send(NBA);
  await c.count(2);
  await sleep(50);
  const [first, second, ...rest] = c.frames();
  assert.equal(first?.event, 'connected');
  assert.deepEqual(second, {
    event: 'subscribed',
    sport: 'NBA',
    bookmakers: ['DraftKings', 'Pinnacle'],
    market_types: ['head_to_head', 'alternate_lines'],
    credits_per_push: 2,
  });
  assert.deepEqual(rest, []);
  await c.close();
});

test('credits_per_push is market_types x ceil(bookmakers / 5), over de-duplicated lists', async () => {
  const books = ['Bet365', 'DraftKings', 'Pinnacle', 'TAB', 'Sportsbet', 'Bovada', 'Unibet'];
  const markets = ['head_to_head', 'alternate_lines', 'alternate_total_points'];
  const books15 = [...books, 'Fliff', 'BetMGM', 'Fanatics', 'theScoreBet', 'Ladbrokes'];
  books15.push('Pointsbet', 'Betr', 'Dabble');
  const cases: [number, number, number][] = [
    [1, 1, 1],
    [1, 5, 1],
    [1, 6, 2],
    [2, 10, 4],
    [3, 15, 9],
  ];
  const c = await RoClient.open(s.t.wsUrl, key);
  for (const [m, b] of cases) {
    c.send(subscribeFrame('NBA', books15.slice(0, b), markets.slice(0, m)));
  }
  c.send(
    subscribeFrame('NBA', ['Pinnacle', 'Pinnacle', 'Bet365'], ['head_to_head', 'head_to_head']),
  );
  await c.until((f) => f.filter((x) => x.event === 'subscribed').length === cases.length + 1);
  const acks = c.of('subscribed');
  assert.deepEqual(
    acks.map((a) => a['credits_per_push']),
    [...cases.map((x) => x[2]), 1],
  );
  assert.deepEqual(acks.at(-1)?.['bookmakers'], ['Pinnacle', 'Bet365']);
  assert.deepEqual(acks.at(-1)?.['market_types'], ['head_to_head']);
  await c.close();
});

test('a cycle pushes the changed games of each subscribed sport once, with only what was asked', async () => {
  const c = await RoClient.open(s.t.wsUrl, key);
  c.send(NBA);
  c.send(subscribeFrame('nhl', ['DraftKings'], ['alternate_total_goals']));
  await c.until((f) => f.filter((x) => x.event === 'subscribed').length === 2);
  assert.equal(c.of('subscribed')[1]?.['sport'], 'NHL', 'sport ids match case-insensitively');
  await s.t.ingest(quoteItems(72, 5, 72));
  s.cycle();
  await c.until((f) => f.filter((x) => x.event === 'odds_update').length === 2);
  const pushes = c.of('odds_update');
  assert.deepEqual(pushes.map((p) => p['sport']).sort(), ['NBA', 'NHL']);
  for (const p of pushes) {
    assert.match(String(p['timestamp']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    const data = p['data'] as {
      sport: string;
      games: { bookmakers: { name: string; markets: { key: string }[] }[] }[];
    };
    assert.equal(data.sport, p['sport']);
    assert.ok(data.games.length > 0);
    const books = new Set(data.games.flatMap((g) => g.bookmakers.map((b) => b.name)));
    const keys = new Set(
      data.games.flatMap((g) => g.bookmakers.flatMap((b) => b.markets.map((m) => m.key))),
    );
    if (p['sport'] === 'NBA') {
      assert.deepEqual([...books].sort(), ['DraftKings', 'Pinnacle']);
      assert.deepEqual([...keys].sort(), ['alternate_lines', 'head_to_head']);
    } else {
      assert.deepEqual([...books], ['DraftKings']);
      assert.deepEqual([...keys], ['alternate_total_goals']);
    }
  }
  // A cycle with nothing new sends nothing.
  s.cycle();
  await sleep(100);
  assert.equal(c.of('odds_update').length, 2);
  await c.close();
});

test('only the games that changed are pushed, each whole', async () => {
  const c = await RoClient.open(s.t.wsUrl, key);
  c.send(NBA);
  await c.count(2);
  await s.t.ingest([
    {
      type: 'quote',
      event: 'nba-2',
      market: 'moneyline',
      book: 'pinnacle',
      selection: 'home',
      line: null,
      price: { decimal: 1.5 },
    },
  ]);
  s.cycle();
  await c.until((f) => f.some((x) => x.event === 'odds_update'));
  const data = c.of('odds_update')[0]?.['data'] as { games: { game: { home_team: string } }[] };
  assert.deepEqual(
    data.games.map((g) => g.game.home_team),
    ['nba-mia'],
  );
  const rest = (await (
    await fetch(
      `${s.t.url}/sports/NBA/markets?api_key=${key}&market_type=head_to_head&market_type=alternate_lines&bookmaker=DraftKings&bookmaker=Pinnacle`,
    )
  ).json()) as { games: { game: { home_team: string } }[] };
  assert.deepEqual(
    data.games[0],
    rest.games.find((g) => g.game.home_team === 'nba-mia'),
  );
  await c.close();
});

test('unsubscribe is acknowledged, stops that sport only, and is idempotent', async () => {
  const c = await RoClient.open(s.t.wsUrl, key);
  c.send(NBA);
  c.send(subscribeFrame('NFL', ['DraftKings'], ['head_to_head']));
  await c.count(3);
  c.send({ action: 'unsubscribe', sport: 'NBA' });
  c.send({ action: 'unsubscribe', sport: 'MLB' });
  await c.count(5);
  assert.deepEqual(c.frames().slice(3), [
    { event: 'unsubscribed', sport: 'NBA' },
    { event: 'unsubscribed', sport: 'MLB' },
  ]);
  await s.t.ingest(quoteItems(72, 9, 72));
  s.cycle();
  await c.until((f) => f.some((x) => x.event === 'odds_update'));
  await sleep(100);
  assert.deepEqual(
    c.of('odds_update').map((p) => p['sport']),
    ['NFL'],
  );
  await c.close();
});

test('a fresh connection after a drop gets nothing until it subscribes again', async () => {
  const first = await RoClient.open(s.t.wsUrl, key);
  first.send(NBA);
  await first.count(2);
  await first.close();
  const again = await RoClient.open(s.t.wsUrl, key);
  await again.count(1);
  await s.t.ingest(quoteItems(72, 13, 72));
  s.cycle();
  await sleep(150);
  assert.deepEqual(
    again.frames().map((f) => f.event),
    ['connected'],
  );
  await again.close();
});
