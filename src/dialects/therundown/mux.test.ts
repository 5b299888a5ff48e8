// The multiplexed socket `/api/v2/ws` (spec §2.5): no traffic but heartbeats before the first
// subscribe, the documented ack, delta envelope and unsubscribe, per-subscription `sub_sequence`
// (1, 2, 3 … per subscription, our stamp), per-subscription filters, the `scores`/`plays`/`live`
// channels from in-play event updates, the live entitlement's `forbidden`, subscriptions per
// connection by tier, snapshots, and the connection counter shared with the other routes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sleep, TextClient } from '../../conformance/client.js';
import type { QuoteChange } from '../../model/types.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { EVENTS, eventItems, quoteItems } from '../../testing/feed.js';
import { liveItem, MuxClient } from '../../testing/therundown-mux.js';
import { ManualScheduler } from '../../timers/scheduler.js';

let t: TestApp;
const clock = new ManualScheduler();
const keys: Record<string, string> = {};
before(async () => {
  t = await startTestApp(
    {
      'auth.plans': {
        pro: { dialects: ['*'], maxConnections: 100 },
        ultra: { dialects: ['therundown'], maxConnections: 1, tiers: { therundown: 'ultra' } },
        super: { dialects: ['therundown'], maxConnections: 3, tiers: { therundown: 'super' } },
        basic: { dialects: ['therundown'], maxConnections: 5, tiers: { therundown: 'basic' } },
      },
      'dialects.therundown.liveTiers': ['pro', 'ultra', 'super'],
    },
    undefined,
    undefined,
    { scheduler: clock },
  );
  keys['pro'] = t.app.keys.create('pro').key;
  keys['ultra'] = t.app.keys.create('ultra').key;
  keys['super'] = t.app.keys.create('super', 'acct-s').key;
  keys['basic'] = t.app.keys.create('basic').key;
  await t.ingest(eventItems());
});
after(() => t.close());

const mux = (key = keys['pro']!) => MuxClient.connect(`${t.wsUrl}/api/v2/ws?key=${key}`);

async function quoteChanges(n: number, seed: number): Promise<QuoteChange[]> {
  const from = t.app.state.position();
  const r = await t.ingest(quoteItems(n, seed));
  assert.equal(r.body.rejected, 0);
  return (await t.app.history.changesSince(from, 10_000)).filter(
    (c): c is QuoteChange => c.kind === 'quote',
  );
}

test('before the first subscribe only heartbeats arrive; the ack is {type, id, sequence, message}', async () => {
  const c = await mux();
  await quoteChanges(10, 1);
  clock.advance(15_000);
  await c.until(() => c.frames().length === 1);
  assert.deepEqual(c.frames()[0]!.meta, { type: 'heartbeat' });
  const ack = await c.subscribe('m1', 'markets');
  assert.deepEqual(Object.keys(ack).sort(), ['id', 'message', 'sequence', 'type']);
  assert.equal(ack.type, 'subscribed');
  assert.equal(ack['message'], 'subscribed to markets');
  assert.equal(ack['sequence'], t.app.state.position().seq);
  await c.close();
});

test('markets deltas: the §2.1 envelope inside, sub_sequence 1..n, sequence = delta_last_id = data.id', async () => {
  const c = await mux();
  const plain = await TextClient.connect(`${t.wsUrl}/api/v2/ws/markets?key=${keys['pro']}`);
  await c.subscribe('all', 'markets');
  const changes = await quoteChanges(30, 2);
  await c.until(() => c.of('delta', 'all').length === changes.length);
  await plain.until(() => plain.texts.length >= changes.length);
  const deltas = c.of('delta', 'all');
  assert.deepEqual(
    deltas.map((d) => d['sub_sequence']),
    changes.map((_, i) => i + 1),
  );
  for (const [i, d] of deltas.entries()) {
    const seq = changes[i]!.seq;
    assert.deepEqual(Object.keys(d).sort(), [
      'data',
      'delta_last_id',
      'id',
      'sequence',
      'sub_sequence',
      'type',
    ]);
    assert.equal(d['sequence'], seq);
    assert.equal(d['delta_last_id'], String(seq));
    // The inner object is exactly the frame /api/v2/ws/markets sends for the same change.
    assert.deepEqual(d.data, JSON.parse(plain.texts[i]!));
  }
  await Promise.all([c.close(), plain.close()]);
});

test('each subscription has its own filters and its own sub_sequence, also for a shared change', async () => {
  const c = await mux();
  await c.subscribe('nba', 'markets', { sport_ids: [4] });
  await c.subscribe('all', 'markets');
  await c.subscribe('ml', 'markets', { market_ids: [1], affiliate_ids: [19] });
  const changes = await quoteChanges(60, 3);
  await c.until(() => c.of('delta', 'all').length === changes.length);
  await sleep(50);
  const inner = (id: string) => c.of('delta', id).map((d) => d.data!.data!);
  const nba = inner('nba');
  assert.ok(nba.length > 0 && nba.length < changes.length);
  assert.ok(nba.every((d) => d['sport_id'] === 4));
  const ml = inner('ml');
  assert.ok(ml.length > 0);
  assert.ok(ml.every((d) => d['market_id'] === 1 && d['affiliate_id'] === 19));
  for (const id of ['nba', 'all', 'ml']) {
    assert.deepEqual(
      c.of('delta', id).map((d) => d['sub_sequence']),
      c.of('delta', id).map((_, i) => i + 1),
      `${id}: contiguous from 1`,
    );
  }
  // A change both 'nba' and 'all' match reaches both, each with its own stamp.
  const shared = nba[0]!['id'];
  assert.equal(inner('all').filter((d) => d['id'] === shared).length, 1);
  await c.close();
});

test('unsubscribe: {type:"unsubscribed"} and nothing more for that id; unknown ids are an error', async () => {
  const c = await mux();
  await c.subscribe('a', 'markets');
  await c.subscribe('b', 'markets');
  c.send({ action: 'unsubscribe', id: 'a' });
  await c.until(() => c.of('unsubscribed', 'a').length === 1);
  const changes = await quoteChanges(10, 4);
  await c.until(() => c.of('delta', 'b').length === changes.length);
  assert.equal(c.of('delta', 'a').length, 0);
  c.send({ action: 'unsubscribe', id: 'a' });
  await c.until(() => c.of('error', 'a').length === 1);
  assert.equal(c.of('error', 'a')[0]!['code'], 'unknown_id');
  await c.close();
});

test('bad messages get an error frame with a code; the socket stays open (our choice)', async () => {
  const c = await mux();
  const cases: [unknown, string][] = [
    ['not json', 'invalid_message'],
    [[1, 2], 'invalid_message'],
    [{ action: 'dance', id: 'x' }, 'unsupported_action'],
    [{ action: 'subscribe', id: 'bad id!', channel: 'markets' }, 'invalid_id'],
    [{ action: 'subscribe', id: 'c1', channel: 'weather' }, 'invalid_channel'],
    [{ action: 'subscribe', id: 'c2', channel: 'hedge' }, 'invalid_channel'],
    [
      { action: 'subscribe', id: 'c3', channel: 'markets', params: { sport_ids: '4' } },
      'invalid_params',
    ],
    [
      { action: 'subscribe', id: 'c4', channel: 'markets', params: { event_ids: [4] } },
      'invalid_params',
    ],
    [
      { action: 'subscribe', id: 'c5', channel: 'scores', params: { market_ids: [1] } },
      'invalid_params',
    ],
  ];
  for (const [msg, code] of cases) {
    const before = c.of('error').length;
    c.send(msg);
    await c.until(() => c.of('error').length === before + 1);
    assert.equal(c.of('error').at(-1)!['code'], code, JSON.stringify(msg));
    assert.equal(typeof c.of('error').at(-1)!['message'], 'string');
  }
  await c.subscribe('dup', 'markets');
  assert.equal((await c.subscribe('dup', 'scores'))['code'], 'duplicate_id');
  assert.ok(c.c.isOpen());
  await c.close();
});

test('subscriptions per connection follow the tier: Ultra 3, Super 5', async () => {
  const u = await mux(keys['ultra']);
  for (const id of ['a', 'b', 'c'])
    assert.equal((await u.subscribe(id, 'markets')).type, 'subscribed');
  const refused = await u.subscribe('d', 'scores');
  assert.equal(refused.type, 'error');
  assert.equal(refused['code'], 'subscription_limit');
  // Freeing one makes room.
  u.send({ action: 'unsubscribe', id: 'a' });
  await u.until(() => u.of('unsubscribed', 'a').length === 1);
  assert.equal((await u.subscribe('d', 'scores')).type, 'subscribed');
  await u.close();
  const s = await mux(keys['super']);
  for (const id of ['a', 'b', 'c', 'd', 'e'])
    assert.equal((await s.subscribe(id, 'markets')).type, 'subscribed');
  assert.equal((await s.subscribe('f', 'markets'))['code'], 'subscription_limit');
  await s.close();
});

test('plays and live need the live-game-state entitlement: error code forbidden', async () => {
  const c = await mux(keys['basic']);
  for (const channel of ['plays', 'live', 'live_game_state', 'game_state']) {
    const r = await c.subscribe(`x_${channel}`, channel);
    assert.equal(r.type, 'error');
    assert.equal(r['code'], 'forbidden');
    assert.equal(r['message'], 'Live game state requires Ultra plan or higher');
  }
  assert.equal((await c.subscribe('s', 'scores')).type, 'subscribed');
  await c.close();
});

test('scores, plays and live: in-play event updates in their envelopes', async () => {
  const c = await mux();
  await c.subscribe('s', 'scores', { sport_ids: [4] });
  await c.subscribe('p', 'plays');
  await c.subscribe('l', 'live_game_state');
  await c.subscribe('m', 'markets');
  const nba = EVENTS[0];
  const nfl = EVENTS[2];
  await t.ingest([liveItem(nba, { home: 0, away: 0, clock: 720, period: 1 })]);
  await t.ingest([liveItem(nba, { home: 2, away: 0, clock: 700, period: 1 })]);
  await t.ingest([
    liveItem(nba, {
      home: 2,
      away: 0,
      clock: 650,
      period: 1,
      incident: { n: 1, kind: 'timeout', side: 'away' },
    }),
  ]);
  await t.ingest([liveItem(nfl, { home: 7, away: 0, clock: 600, period: 1 })]);
  await c.until(() => c.of('delta', 'l').length === 4);
  await c.until(() => c.of('delta', 'p').length === 3);
  await sleep(50);
  assert.equal(c.of('delta', 'm').length, 0, 'event updates are not market prices');

  const scores = c.of('delta', 's').map((d) => d.data!);
  assert.equal(scores.length, 3, 'NBA only (sport_ids [4])');
  for (const s of scores) {
    assert.equal(s.meta!['type'], 'score');
    assert.equal(s.meta!['version'], 'v2');
    assert.equal(typeof s.meta!['timestamp'], 'number');
    assert.equal(s.data!['sport_id'], 4);
    assert.match(s.data!['event_id'] as string, /^[0-9a-f]{32}$/);
  }
  const score = scores[1]!.data!['score'] as Record<string, unknown>;
  assert.equal(score['event_status'], 'STATUS_IN_PROGRESS');
  assert.equal(score['score_home'], 2);
  assert.equal(score['score_away'], 0);
  assert.equal(score['game_period'], 1);
  assert.equal(score['game_clock'], 700);
  assert.equal(score['display_clock'], '11:40');
  assert.match(score['updated_at'] as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

  const plays = c.of('delta', 'p').map((d) => d.data!);
  assert.deepEqual(
    plays.map((p) => [
      p.meta!['type'],
      p.data!['play_type'],
      p.data!['points'],
      p.data!['sport_id'],
    ]),
    [
      ['play', 'score', 2, 4],
      ['play', 'timeout', 0, 4],
      ['play', 'score', 7, 2],
    ],
  );
  assert.equal(plays[0]!.data!['score_home'], 2);
  assert.equal(typeof plays[0]!.data!['team_id'], 'number');

  const live = c.of('delta', 'l').map((d) => d.data!);
  assert.ok(live.every((f) => f.meta!['type'] === 'live_game_state'));
  const state = live[2]!.data!['live_game_state'] as Record<string, unknown>;
  assert.equal(state['game_clock'], 650);
  assert.deepEqual(state['last_incident'], { n: 1, type: 'timeout' });
  assert.equal((live[1]!.data!['play'] as Record<string, unknown>)['play_type'], 'score');
  await c.close();
});

test('snapshot: true sends the current state as snapshot items, then snapshot_complete, then deltas', async () => {
  const c = await mux();
  await quoteChanges(20, 5);
  await c.subscribe('snap', 'markets', { sport_ids: [4], snapshot: true });
  await c.until(() => c.of('snapshot_complete', 'snap').length === 1);
  const items = c.of('snapshot', 'snap');
  const done = c.of('snapshot_complete', 'snap')[0]!;
  assert.equal(done['count'], items.length);
  assert.ok(items.length > 0);
  assert.ok(items.every((i) => i.data!.meta!['type'] === 'market_price'));
  assert.ok(items.every((i) => i.data!.data!['sport_id'] === 4));
  const order = c.frames().map((f) => f.type);
  assert.ok(order.indexOf('subscribed') < order.indexOf('snapshot'));
  await c.subscribe('snap2', 'scores', { sport_ids: [4], snapshot: true });
  await c.until(() => c.of('snapshot_complete', 'snap2').length === 1);
  assert.equal(c.of('snapshot', 'snap2').length, 2, 'the two NBA events');
  await c.close();
});

test('6: one connection counter across /api/v1/ws, /api/v2/ws and /api/v2/ws/markets', async () => {
  const key = keys['super'];
  const a = await TextClient.connect(`${t.wsUrl}/api/v1/ws?key=${key}`);
  const b = await mux(key);
  const d = await TextClient.connect(`${t.wsUrl}/api/v2/ws/markets?key=${key}`);
  const refused = await TextClient.attempt(`${t.wsUrl}/api/v2/ws?key=${key}`);
  assert.deepEqual(refused, { status: 429 });
  await b.close();
  for (let i = 0; i < 100 && t.app.hub.connectionCount > 2; i++) await sleep(20);
  const again = await mux(key);
  await Promise.all([a.close(), d.close(), again.close()]);
});
