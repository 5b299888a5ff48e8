// Spec §6 checks 10 and 12–20 over real sockets: heartbeats on the clock, one market_price frame
// per price change with every documented field and JSON type, the off-board sentinel, ignored
// client text, and the four query filters.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sleep, TextClient } from '../../conformance/client.js';
import type { QuoteChange } from '../../model/types.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { eventItems, quoteItems } from '../../testing/feed.js';
import { ManualScheduler } from '../../timers/scheduler.js';

let t: TestApp;
const clock = new ManualScheduler();
before(async () => {
  t = await startTestApp({}, undefined, undefined, { scheduler: clock });
  await t.ingest(eventItems());
});
after(() => t.close());

type Frame = { meta: Record<string, unknown>; data: Record<string, unknown> };
const frames = (c: TextClient) => c.texts.map((x) => JSON.parse(x) as Frame);
const prices = (c: TextClient) => frames(c).filter((f) => f.meta['type'] === 'market_price');
const beats = (c: TextClient) => frames(c).filter((f) => f.meta['type'] === 'heartbeat');

const connect = (query = '') =>
  TextClient.connect(`${t.wsUrl}/api/v2/ws/markets?key=${t.key}${query}`);

async function quoteChangesOf(n: number, seed: number, keys?: number): Promise<QuoteChange[]> {
  const from = t.app.state.position();
  const r = await t.ingest(quoteItems(n, seed, keys));
  assert.equal(r.body.rejected, 0);
  return (await t.app.history.changesSince(from, 10_000)).filter(
    (c): c is QuoteChange => c.kind === 'quote',
  );
}

const RFC3339_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

test('10: an idle socket gets {"meta":{"type":"heartbeat"},"data":{"now":…}} every 15 s', async () => {
  const c = await connect();
  clock.advance(14_999);
  await sleep(100);
  assert.equal(beats(c).length, 0);
  clock.advance(1);
  await c.until(() => beats(c).length === 1);
  clock.advance(30_000);
  await c.until(() => beats(c).length === 3);
  for (const hb of beats(c)) {
    assert.deepEqual(Object.keys(hb), ['meta', 'data']);
    assert.deepEqual(hb.meta, { type: 'heartbeat' });
    const now = hb.data['now'] as string;
    assert.match(now, RFC3339_SECONDS);
    assert.ok(Number.isFinite(Date.parse(now)));
  }
  assert.equal(
    beats(c)[0]!.data['now'],
    `${new Date(clock.now() - 30_000).toISOString().slice(0, 19)}Z`,
  );
  await c.close();
});

test('12–14: one frame per price change with the 14 documented fields and types', async () => {
  const c = await connect();
  const changes = await quoteChangesOf(40, 5);
  await c.until(() => prices(c).length === changes.length);
  await sleep(50);
  const got = prices(c);
  assert.equal(got.length, changes.length, 'exactly one frame per change');
  assert.deepEqual(
    got.map((f) => f.data['id']),
    changes.map((ch) => ch.seq),
  );
  const types: Record<string, string> = {
    id: 'number',
    event_id: 'string',
    affiliate_id: 'number',
    market_participant_id: 'number',
    market_id: 'number',
    line: 'string',
    price: 'string',
    price_delta: 'number',
    is_main_line: 'boolean',
    normalized_market_participant_id: 'number',
    normalized_market_participant_type: 'number',
    sport_id: 'number',
    updated_at: 'string',
  };
  for (const [i, f] of got.entries()) {
    assert.deepEqual(Object.keys(f.meta), ['type', 'version', 'timestamp']);
    assert.equal(f.meta['version'], 'v2');
    assert.ok(Number.isInteger(f.meta['timestamp']));
    assert.ok(Math.abs((f.meta['timestamp'] as number) - clock.now() / 1000) <= 2);
    assert.equal(Object.keys(f.data).length, 14);
    for (const [k, type] of Object.entries(types)) assert.equal(typeof f.data[k], type, k);
    for (const k of ['id', 'affiliate_id', 'market_participant_id', 'market_id', 'sport_id'])
      assert.ok(Number.isInteger(f.data[k]), k);
    assert.match(f.data['event_id'] as string, /^[0-9a-f]{32}$/);
    assert.match(f.data['updated_at'] as string, RFC3339_SECONDS);
    assert.match(f.data['price'] as string, /^-?\d+$/);
    const prev = f.data['previous_price'];
    const change = changes[i]!;
    if (change.before === null) {
      assert.equal(prev, null);
      assert.equal(f.data['price_delta'], 0);
    } else {
      assert.equal(typeof prev, 'string');
      assert.match(prev as string, /^-?\d+\.\d{4}$/);
      // 13: price_delta = price − previous_price.
      assert.equal(f.data['price_delta'], Number(f.data['price']) - Number(prev));
    }
  }
  // The feed's prices come in as American odds and go out unchanged.
  assert.deepEqual(
    got.map((f) => Number(f.data['price'])),
    changes.map((ch) => ch.after.price?.american),
  );
  await c.close();
});

test('15: a line going off the board is a market_price with price "0.0001", and back on is a real price', async () => {
  const c = await connect(`&event_ids=${await eventHex('nba-1')}`);
  const key = {
    event: 'nba-1',
    market: 'spread',
    book: 'draftkings',
    selection: 'home',
    line: -3.5,
  };
  await t.ingest([{ type: 'quote', ...key, price: { american: -110 } }]);
  await t.ingest([{ type: 'quote', ...key, status: 'off_board' }]);
  await t.ingest([{ type: 'quote', ...key, price: { american: -120 } }]);
  await c.until(() => prices(c).length === 3);
  const [on, off, back] = prices(c).map((f) => f.data);
  assert.equal(on!['price'], '-110');
  assert.equal(off!['price'], '0.0001');
  assert.equal(off!['previous_price'], '-110.0000');
  assert.equal(off!['price_delta'], 0);
  assert.equal(back!['price'], '-120');
  assert.equal(back!['previous_price'], '0.0001');
  await c.close();
});

async function eventHex(id: string): Promise<string> {
  const res = await fetch(`${t.url}/api/v2/sports/4/events/2030-01-01?key=${t.key}`);
  const body = (await res.json()) as { events: { event_id: string; teams: { name: string }[] }[] };
  const map: Record<string, string> = { 'nba-1': 'nba-lal', 'nba-2': 'nba-nyk' };
  const e = body.events.find((x) => x.teams[0]!.name === map[id]);
  if (e) return e.event_id;
  // Not an NBA event: derive it the documented way (MD5 of the canonical id).
  const { createHash } = await import('node:crypto');
  return createHash('md5').update(id).digest('hex');
}

test('16: text from the client is ignored: no reply, no close', async () => {
  const c = await connect();
  for (const text of ['hello', '{"action":"subscribe"}', 'ping', '']) c.send(text);
  c.send(Buffer.from([1, 2, 3]));
  await sleep(200);
  assert.equal(c.texts.length, 0);
  assert.ok(c.isOpen());
  const changes = await quoteChangesOf(3, 9);
  await c.until(() => prices(c).length === changes.length);
  await c.close();
});

test('17–20: filters by sport, affiliate and market, event; none means everything', async () => {
  const nbaHex = await eventHex('nba-2');
  const clients = {
    nba: await connect('&sport_ids=4'),
    books: await connect('&affiliate_ids=19,23&market_ids=1'),
    event: await connect(`&event_ids=${nbaHex}`),
    all: await connect(),
    nothing: await connect('&sport_ids=22'),
  };
  const changes = await quoteChangesOf(216, 11, 72);
  await clients.all.until(() => prices(clients.all).length === changes.length);
  await sleep(100);
  const all = prices(clients.all).map((f) => f.data);
  // 20: no filter: several sports and markets arrive.
  assert.ok(new Set(all.map((d) => d['sport_id'])).size >= 3);
  assert.ok(new Set(all.map((d) => d['market_id'])).size >= 3);
  const expect = (pred: (d: Record<string, unknown>) => boolean) =>
    all.filter(pred).map((d) => d['id']);
  const ids = (c: TextClient) => prices(c).map((f) => f.data['id']);
  // 17: sport_ids=4 ⇒ only NBA.
  assert.ok(prices(clients.nba).every((f) => f.data['sport_id'] === 4));
  assert.deepEqual(
    ids(clients.nba),
    expect((d) => d['sport_id'] === 4),
  );
  // 18: affiliate 19 or 23, and market 1.
  assert.ok(ids(clients.books).length > 0);
  assert.deepEqual(
    ids(clients.books),
    expect((d) => (d['affiliate_id'] === 19 || d['affiliate_id'] === 23) && d['market_id'] === 1),
  );
  // 19: one event.
  assert.ok(ids(clients.event).length > 0);
  assert.deepEqual(
    ids(clients.event),
    expect((d) => d['event_id'] === nbaHex),
  );
  // An id TheRundown has no sport for matches nothing, but the socket stays up with heartbeats.
  assert.equal(prices(clients.nothing).length, 0);
  clock.advance(15_000);
  await clients.nothing.until(() => beats(clients.nothing).length === 1);
  await clients.nba.until(() => beats(clients.nba).length === 1);
  await Promise.all(Object.values(clients).map((c) => c.close()));
});

test('an event id for an event created after the upgrade still filters exactly', async () => {
  const id = 'nba-late';
  const hex = await eventHex(id);
  const c = await connect(`&event_ids=${hex}`);
  await t.ingest([
    {
      type: 'event',
      id,
      sport: 'basketball',
      league: 'nba',
      home: { id: 'nba-bos', name: 'Boston Celtics' },
      away: { id: 'nba-mia', name: 'Miami Heat' },
      startsAt: Date.UTC(2030, 0, 2),
      status: 'scheduled',
    },
    {
      type: 'quote',
      event: id,
      market: 'moneyline',
      book: 'fanduel',
      selection: 'home',
      price: { american: -150 },
    },
    {
      type: 'quote',
      event: 'nba-1',
      market: 'moneyline',
      book: 'fanduel',
      selection: 'home',
      price: { american: -151 },
    },
  ]);
  await c.until(() => prices(c).length === 1);
  await sleep(100);
  assert.equal(prices(c).length, 1);
  assert.equal(prices(c)[0]!.data['event_id'], hex);
  assert.equal(prices(c)[0]!.data['price'], '-150');
  await c.close();
});

test('legacy /api/v1/ws: market_price frames plus V1 event updates, `date` limiting the event updates', async () => {
  const today = await TextClient.connect(`${t.wsUrl}/api/v1/ws?key=${t.key}&date=2030-01-01`);
  const otherDay = await TextClient.connect(`${t.wsUrl}/api/v1/ws?key=${t.key}&date=2030-01-05`);
  const [home, away] = [
    { id: 'nhl-bos', name: 'Boston Bruins' },
    { id: 'nhl-tor', name: 'Toronto Maple Leafs' },
  ];
  await t.ingest([
    {
      type: 'event',
      id: 'nhl-1',
      sport: 'hockey',
      league: 'nhl',
      home,
      away,
      startsAt: Date.UTC(2030, 0, 1),
      status: 'live',
      live: { home: 1, away: 0, clock: 600, period: 1 },
    },
    {
      type: 'quote',
      event: 'nhl-1',
      market: 'moneyline',
      book: 'pinnacle',
      selection: 'away',
      price: { american: 180 },
    },
  ]);
  const kinds = (c: TextClient) => frames(c).map((f) => f.meta['type']);
  await today.until(() => kinds(today).includes('event') && kinds(today).includes('market_price'));
  const event = frames(today).find((f) => f.meta['type'] === 'event')!;
  assert.equal(event.meta['version'], 'v1');
  assert.equal(event.data['sport_id'], 6);
  assert.equal(
    (event.data['score'] as Record<string, unknown>)['event_status'],
    'STATUS_IN_PROGRESS',
  );
  const price = frames(today).find((f) => f.meta['type'] === 'market_price')!;
  assert.equal(price.data['market_id'], 41, 'in play: the live moneyline id');
  await otherDay.until(() => kinds(otherDay).includes('market_price'));
  await sleep(100);
  assert.ok(!kinds(otherDay).includes('event'));
  const bad = await TextClient.attempt(`${t.wsUrl}/api/v1/ws?key=${t.key}&date=tomorrow`);
  assert.deepEqual(bad, { status: 400 });
  await Promise.all([today.close(), otherDay.close()]);
});
