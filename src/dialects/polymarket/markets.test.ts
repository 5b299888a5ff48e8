// The markets socket (spec 2.2, 2.4; acceptance checks 4-16): snapshots and full-book updates,
// book equality with REST, spellings, limits, atomic rejections, unsubscribe, LITE, TRADE,
// debouncing on the manual clock, and the frame rules (no stray keys).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  call,
  type Frame,
  limit,
  PmClient,
  type PolymarketServer,
  place,
  type SigningKey,
  SLUG_A,
  SLUG_B,
  startPolymarket,
} from '../../testing/polymarket.js';
import { ManualScheduler } from '../../timers/scheduler.js';

let s: PolymarketServer;
let alice: SigningKey;
let bob: SigningKey;
const scheduler = new ManualScheduler(Date.now());
before(async () => {
  s = await startPolymarket({ scheduler });
  alice = s.key('alice');
  bob = s.key('bob');
  // A book on A: alice bids 0.40 and 0.45, offers 0.60.
  await place(s, alice, limit(SLUG_A, 'ORDER_INTENT_BUY_LONG', '0.40', 10));
  await place(s, alice, limit(SLUG_A, 'ORDER_INTENT_BUY_LONG', '0.45', 5));
  await place(s, alice, limit(SLUG_A, 'ORDER_INTENT_SELL_LONG', '0.60', 7));
});
after(() => s.close());

const open = () => PmClient.open(s, '/v1/ws/markets', bob);
const PAYLOADS = ['marketData', 'marketDataLite', 'trade'];
const amountOk = (a: unknown) => {
  const x = a as { value: string; currency: string };
  return x.currency === 'USD' && /^\d+(\.\d+)?$/.test(x.value);
};

/** Check 14 over every frame a test saw. */
function noStrayKeys(frames: Frame[]) {
  for (const f of frames) {
    if ('heartbeat' in f) {
      assert.deepEqual(f, { heartbeat: {} });
      continue;
    }
    if ('error' in f) continue;
    assert.equal(Object.keys(f).filter((k) => PAYLOADS.includes(k)).length, 1, JSON.stringify(f));
    assert.deepEqual(Object.keys(f).slice(0, 2), ['requestId', 'subscriptionType']);
  }
}

test('checks 4 and 14: heartbeats at the interval without subscribing, exactly one key', async () => {
  const c = await open();
  scheduler.advance(10_000);
  await c.until((fs) => fs.length >= 1, 'first heartbeat');
  scheduler.advance(10_000);
  await c.until((fs) => fs.length >= 2, 'second heartbeat');
  assert.deepEqual(c.frames, [{ heartbeat: {} }, { heartbeat: {} }]);
  c.close();
});

test('check 5: a WebSocket ping is answered with a pong', async () => {
  const c = await open();
  const pong = new Promise<Buffer>((resolve) => c.ws.once('pong', resolve));
  c.ws.ping('hi');
  assert.equal(String(await pong), 'hi');
  c.close();
});

test('checks 6 and 7: one marketData per slug, sorted, typed, and equal to REST', async () => {
  const c = await open();
  c.subscribe('books-1', 'SUBSCRIPTION_TYPE_MARKET_DATA', [SLUG_A, SLUG_B]);
  const frames = await c.waitFor((f) => f.requestId === 'books-1', 2);
  const bySlug = new Map(frames.map((f) => [(f.marketData as Frame).marketSlug, f]));
  assert.deepEqual([...bySlug.keys()].sort(), [SLUG_A, SLUG_B]);
  for (const f of frames) assert.equal(f.subscriptionType, 'SUBSCRIPTION_TYPE_MARKET_DATA');
  const md = bySlug.get(SLUG_A)!.marketData as { bids: Frame[]; offers: Frame[] };
  const prices = (l: Frame[]) => l.map((x) => Number((x.px as { value: string }).value));
  assert.deepEqual(prices(md.bids), [0.45, 0.4]);
  assert.deepEqual(prices(md.offers), [0.6]);
  for (const l of [...md.bids, ...md.offers]) {
    assert.ok(amountOk(l.px));
    assert.equal(typeof l.qty, 'string');
  }
  assert.deepEqual(
    md.bids.map((l) => l.qty),
    ['5', '10'],
  );
  const rest = await call(s, null, 'GET', `/v1/markets/${SLUG_A}/book`);
  assert.deepEqual(rest.body.marketData, md);
  // 0.1 C7: the same fields at the top level too.
  assert.deepEqual(rest.body.bids, md.bids);
  noStrayKeys(c.frames);
  c.close();
});

test('check 8: a new resting order brings the whole book again, not a delta', async () => {
  const c = await open();
  c.subscribe('books-2', 'SUBSCRIPTION_TYPE_MARKET_DATA', [SLUG_A]);
  await c.waitFor((f) => f.requestId === 'books-2');
  const id = await place(s, alice, limit(SLUG_A, 'ORDER_INTENT_BUY_LONG', '0.30', 3));
  const [, next] = await c.waitFor((f) => f.requestId === 'books-2', 2);
  const md = next!.marketData as { bids: Frame[]; offers: Frame[] };
  assert.deepEqual(
    md.bids.map((l) => (l.px as { value: string }).value),
    ['0.450', '0.400', '0.300'],
  );
  assert.equal(md.offers.length, 1);
  await call(s, alice, 'POST', `/v1/order/${id}/cancel`, { marketSlug: SLUG_A });
  await c.waitFor((f) => f.requestId === 'books-2', 3);
  c.close();
});

test('check 9: snake_case with enum numbers behaves like camelCase; replies are camelCase', async () => {
  const c = await open();
  c.send({ subscribe: { request_id: 'x', subscription_type: 1, market_slugs: [SLUG_A] } });
  const [f] = await c.waitFor((x) => x.requestId === 'x');
  assert.equal(f!.subscriptionType, 'SUBSCRIPTION_TYPE_MARKET_DATA');
  assert.equal((f!.marketData as Frame).marketSlug, SLUG_A);
  c.send({ subscribe: { request_id: 'y', subscription_type: 2, market_slugs: [SLUG_A] } });
  const [g] = await c.waitFor((x) => x.requestId === 'y');
  assert.equal(g!.subscriptionType, 'SUBSCRIPTION_TYPE_MARKET_DATA_LITE');
  c.close();
});

test('check 10: 101 slugs is one error frame; nothing subscribed; the socket goes on', async () => {
  const c = await open();
  const slugs = Array.from({ length: 101 }, (_, i) => `slug-${i}`);
  c.subscribe('many', 'SUBSCRIPTION_TYPE_MARKET_DATA', slugs);
  const [e] = await c.waitFor((f) => f.requestId === 'many');
  assert.equal(e!.error, 'too many market slugs: 101 > 100');
  c.subscribe('ok', 'SUBSCRIPTION_TYPE_MARKET_DATA', [SLUG_A]);
  await c.waitFor((f) => f.requestId === 'ok');
  assert.equal(c.of('many').length, 1);
  c.close();
});

test('check 11: an unknown or already-subscribed slug refuses the whole request', async () => {
  const c = await open();
  c.subscribe('a', 'SUBSCRIPTION_TYPE_MARKET_DATA', [SLUG_A, 'no-such-market']);
  const [e] = await c.waitFor((f) => f.requestId === 'a');
  assert.equal(e!.error, 'market not found: no-such-market');
  c.subscribe('b', 'SUBSCRIPTION_TYPE_MARKET_DATA', [SLUG_B]);
  await c.waitFor((f) => f.requestId === 'b');
  c.subscribe('c', 'SUBSCRIPTION_TYPE_MARKET_DATA', [SLUG_A, SLUG_B]);
  const [e2] = await c.waitFor((f) => f.requestId === 'c');
  assert.equal(e2!.error, `already subscribed: ${SLUG_B}`);
  // Another type on the same slug is fine.
  c.subscribe('d', 'SUBSCRIPTION_TYPE_MARKET_DATA_LITE', [SLUG_B]);
  await c.waitFor((f) => f.requestId === 'd');
  assert.equal(c.of('a').length, 1);
  assert.equal(c.of('c').length, 1);
  c.close();
});

test('check 12 and bad frames: wrong type, bad JSON, unknown command, duplicate id: error frames, socket open', async () => {
  const c = await open();
  c.subscribe('o', 'SUBSCRIPTION_TYPE_ORDER', [SLUG_A]);
  c.send('{not json');
  c.send({ hello: 1 });
  c.send({ subscribe: { subscriptionType: 'SUBSCRIPTION_TYPE_TRADE', marketSlugs: [SLUG_A] } });
  c.send({ unsubscribe: { requestId: 'nope' } });
  c.subscribe('t', 'SUBSCRIPTION_TYPE_TRADE', [SLUG_A]);
  c.subscribe('t', 'SUBSCRIPTION_TYPE_TRADE', [SLUG_B]);
  await c.until((fs) => fs.filter((f) => 'error' in f).length >= 6, 'six errors');
  assert.deepEqual(
    c.frames.filter((f) => 'error' in f),
    [
      {
        requestId: 'o',
        subscriptionType: 'SUBSCRIPTION_TYPE_ORDER',
        error: 'invalid subscription type',
      },
      { error: 'invalid request' },
      { error: 'invalid request' },
      { error: 'requestId is required' },
      { requestId: 'nope', error: 'subscription not found' },
      { requestId: 't', subscriptionType: 'SUBSCRIPTION_TYPE_TRADE', error: 'duplicate requestId' },
    ],
  );
  assert.equal(c.closed, false);
  c.close();
});

test('checks 13, 15, 16: unsubscribe stops one id; LITE agrees with the book; one trade per fill', async () => {
  const c = await open();
  c.subscribe('books', 'SUBSCRIPTION_TYPE_MARKET_DATA', [SLUG_A]);
  c.subscribe('lite', 'SUBSCRIPTION_TYPE_MARKET_DATA_LITE', [SLUG_A]);
  c.subscribe('trades', 'SUBSCRIPTION_TYPE_TRADE', [SLUG_A]);
  await c.waitFor((f) => f.requestId === 'lite');
  await c.waitFor((f) => f.requestId === 'books');
  const md = c.of('books')[0]!.marketData as { bids: Frame[] };
  const lite = c.of('lite')[0]!.marketDataLite as Frame;
  assert.equal(lite.bidDepth, md.bids.length);
  assert.deepEqual(lite.bestBid, md.bids[0]!.px);
  c.send({ unsubscribe: { requestId: 'books' } });
  // A barrier: once this answers, the unsubscribe before it has been applied.
  c.subscribe('barrier', 'SUBSCRIPTION_TYPE_MARKET_DATA_LITE', [SLUG_B]);
  await c.waitFor((f) => f.requestId === 'barrier');
  // Bob sells 7 into alice's bids: 5 at 0.45 then 2 at 0.40, two fills.
  await place(s, bob, limit(SLUG_A, 'ORDER_INTENT_SELL_LONG', '0.40', 7));
  const trades = await c.waitFor((f) => f.requestId === 'trades', 2);
  assert.deepEqual(
    trades.map((f) => {
      const t = f.trade as {
        price: { value: string };
        quantity: { value: string };
        maker: Frame;
        taker: Frame;
      };
      return [
        t.price.value,
        t.quantity.value,
        t.maker.side,
        t.maker.intent,
        t.taker.side,
        t.taker.intent,
      ];
    }),
    [
      [
        '0.450',
        '5',
        'ORDER_SIDE_BUY',
        'ORDER_INTENT_BUY_LONG',
        'ORDER_SIDE_SELL',
        'ORDER_INTENT_SELL_LONG',
      ],
      [
        '0.400',
        '2',
        'ORDER_SIDE_BUY',
        'ORDER_INTENT_BUY_LONG',
        'ORDER_SIDE_SELL',
        'ORDER_INTENT_SELL_LONG',
      ],
    ],
  );
  await c.waitFor((f) => f.requestId === 'lite', 2);
  // A fresh subscription shows the state after the fills; the unsubscribed id got nothing more.
  c.subscribe('books-after', 'SUBSCRIPTION_TYPE_MARKET_DATA', [SLUG_A]);
  const [after] = await c.waitFor((f) => f.requestId === 'books-after');
  assert.equal(c.of('books').length, 1);
  const stats = (after!.marketData as { stats: Frame }).stats;
  assert.deepEqual(stats.lastTradePx, { value: '0.400', currency: 'USD' });
  assert.equal(stats.sharesTraded, '7');
  noStrayKeys(c.frames);
  c.close();
});

test('debounced subscriptions get the latest image once per interval (2.2.4)', async () => {
  const c = await open();
  c.send({
    subscribe: {
      requestId: 'slow',
      subscriptionType: 'SUBSCRIPTION_TYPE_MARKET_DATA',
      marketSlugs: [SLUG_B],
      responsesDebounced: true,
    },
  });
  await c.waitFor((f) => f.requestId === 'slow');
  const ids: string[] = [];
  for (const p of ['0.20', '0.21', '0.22'])
    ids.push(await place(s, alice, limit(SLUG_B, 'ORDER_INTENT_BUY_LONG', p, 1)));
  // Nothing until the interval passes, then one frame with all three levels.
  assert.equal(c.of('slow').length, 1);
  scheduler.advance(250);
  const [, flushed] = await c.waitFor((f) => f.requestId === 'slow', 2);
  assert.equal((flushed!.marketData as { bids: Frame[] }).bids.length, 3);
  scheduler.advance(1_000);
  await call(s, alice, 'POST', '/v1/orders/open/cancel', { slugs: [SLUG_B] });
  scheduler.advance(250);
  const frames = await c.waitFor((f) => f.requestId === 'slow', 3);
  assert.equal(frames.length, 3);
  assert.deepEqual((frames[2]!.marketData as { bids: Frame[] }).bids, []);
  c.close();
});

test('check 25 (0.1 C6): a client that reconnects with a fresh signature replays its requestIds', async () => {
  // The reconnecting client the check asks for: on close, sign again and replay every subscribe.
  const subscriptions = [
    {
      requestId: 'books-1',
      subscriptionType: 'SUBSCRIPTION_TYPE_MARKET_DATA',
      marketSlugs: [SLUG_A],
    },
    { requestId: 'trades-1', subscriptionType: 'SUBSCRIPTION_TYPE_TRADE', marketSlugs: [SLUG_A] },
  ];
  const connectAndReplay = async () => {
    const c = await open();
    for (const sub of subscriptions) c.send({ subscribe: sub });
    return c;
  };
  const first = await connectAndReplay();
  await first.waitFor((f) => f.requestId === 'books-1');
  s.t.app.hub.closeKeys(new Set([bob.keyId]));
  await first.until(() => first.closed, 'server-side close');
  assert.equal(first.closeCode, 1008);
  scheduler.advance(1_000);
  const second = await connectAndReplay();
  await second.waitFor((f) => f.requestId === 'books-1');
  second.subscribe('probe', 'SUBSCRIPTION_TYPE_MARKET_DATA_LITE', [SLUG_B]);
  await second.waitFor((f) => f.requestId === 'probe');
  assert.deepEqual(
    second.frames.filter((f) => 'error' in f),
    [],
  );
  second.close();
});
