// DONE-WHEN of issue 13 and acceptance check 24: the official `polymarket-us` SDK (npm 0.1.1,
// pinned) runs its documented flows against Linecast with only `apiBaseUrl` and
// `gatewayBaseUrl` changed: public REST, market data with book snapshot and updates, trades, a
// resting order placed and cancelled, a fill, and the private events, with zero `error` events.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PolymarketUS } from 'polymarket-us';
import {
  limit,
  type PolymarketServer,
  place,
  type SigningKey,
  SLUG_A,
  startPolymarket,
} from '../../testing/polymarket.js';
import { Waiters } from '../../testing/waiters.js';

let s: PolymarketServer;
let me: SigningKey;
let maker: SigningKey;
let client: PolymarketUS;
before(async () => {
  // Heartbeats every 200 ms so the SDK's `heartbeat` event fires within the test.
  // The vendor's REST limit (20/s per key) stays on: the SDK's flows fit in it.
  s = await startPolymarket({
    overrides: {
      'dialects.polymarket.heartbeatMs': 200,
      'dialects.polymarket.restRequestsPerSecond': 20,
    },
  });
  me = s.key('sdk-user');
  maker = s.key('sdk-maker');
  client = new PolymarketUS({
    keyId: me.keyId,
    secretKey: me.secret,
    apiBaseUrl: s.base,
    gatewayBaseUrl: s.base,
  });
});
after(() => s.close());

/** Every event an SDK socket emits, by name, and a way to wait for some. */
class Recorder {
  readonly events: [string, unknown][] = [];
  private readonly waiters = new Waiters();

  constructor(
    socket: { on(event: string, fn: (...args: unknown[]) => void): unknown },
    names: string[],
  ) {
    for (const name of [...names, 'error', 'heartbeat', 'close']) {
      socket.on(name, (payload: unknown) => {
        this.events.push([name, payload]);
        this.waiters.wake();
      });
    }
  }

  of(name: string): Record<string, unknown>[] {
    return this.events.filter(([n]) => n === name).map(([, p]) => p as Record<string, unknown>);
  }

  async wait(name: string, pred: (p: Record<string, unknown>) => boolean = () => true) {
    await this.waiters.until(
      () => this.of(name).some(pred),
      30_000,
      () => `${name}; have ${this.events.map(([n]) => n).join(',')}`,
    );
    return this.of(name).filter(pred).at(-1)!;
  }
}

type Obj = Record<string, unknown>;
const exec = (p: Obj) =>
  (p['orderSubscriptionUpdate'] as { execution: { type: string; order: Obj } }).execution;

test('the SDK reads the public gateway', async () => {
  const markets = await client.markets.list();
  assert.ok(markets.markets.some((m) => m.slug === SLUG_A));
  const bySlug = await client.markets.retrieveBySlug(SLUG_A);
  assert.equal(bySlug.market.slug, SLUG_A);
  const byId = await client.markets.retrieve(bySlug.market.id);
  assert.equal(byId.market.slug, SLUG_A);
  const book = await client.markets.book(SLUG_A);
  assert.equal(book.marketSlug, SLUG_A);
  assert.ok(Array.isArray(book.bids) && Array.isArray(book.offers));
  const bbo = await client.markets.bbo(SLUG_A);
  assert.equal(bbo.marketSlug, SLUG_A);
  const events = await client.events.list({ limit: 10 });
  const event = events.events.find((e) => e.markets?.some((m) => m.slug === SLUG_A));
  assert.ok(event);
  assert.equal((await client.events.retrieve(event.id)).event.slug, event.slug);
  assert.equal((await client.events.retrieveBySlug(event.slug)).event.id, event.id);
  const series = await client.series.list();
  assert.ok(series.series.length >= 1);
  assert.equal(
    (await client.series.retrieve(series.series[0]!.id)).series.slug,
    series.series[0]!.slug,
  );
  assert.ok((await client.sports.list()).sports.some((x) => x.slug === 'basketball'));
  assert.ok(Object.keys((await client.sports.teams({ league: 'nba' })).teams).length >= 2);
  assert.ok((await client.search.query({ query: 'nuggets' })).events.length >= 1);
  await assert.rejects(client.markets.book('no-such-market'), { name: 'NotFoundError' });
  await assert.rejects(client.markets.settlement(SLUG_A), { name: 'NotFoundError' });
});

test('the SDK trades and streams with zero error events', async () => {
  const markets = client.ws.markets();
  const priv = client.ws.private();
  const m = new Recorder(markets, ['marketData', 'marketDataLite', 'trade']);
  const p = new Recorder(priv, [
    'orderSnapshot',
    'orderUpdate',
    'positionSnapshot',
    'positionUpdate',
    'accountBalanceSnapshot',
    'accountBalanceUpdate',
  ]);
  await markets.connect();
  await priv.connect();

  markets.subscribeMarketData('md', [SLUG_A]);
  markets.subscribeMarketDataLite('lite', [SLUG_A]);
  markets.subscribeTrades('trades', [SLUG_A]);
  priv.subscribeOrders('orders');
  priv.subscribePositions('positions');
  priv.subscribeAccountBalance('balance');
  const snapshot = await m.wait('marketData');
  assert.equal((snapshot['marketData'] as Obj)['marketSlug'], SLUG_A);
  await m.wait('marketDataLite');
  await p.wait('orderSnapshot');
  await p.wait('positionSnapshot');
  const balanceSnap = await p.wait('accountBalanceSnapshot');
  const balances = await client.account.balances();
  assert.deepEqual(balanceSnap['accountBalancesSnapshot'], balances);

  // A resting order, seen on the book and the order stream, then cancelled.
  const resting = await client.orders.create({
    marketSlug: SLUG_A,
    intent: 'ORDER_INTENT_BUY_LONG',
    type: 'ORDER_TYPE_LIMIT',
    price: { value: '0.40', currency: 'USD' },
    quantity: 5,
    tif: 'TIME_IN_FORCE_GOOD_TILL_CANCEL',
  });
  const neu = await p.wait('orderUpdate', (x) => exec(x).order['id'] === resting.id);
  assert.equal(exec(neu).type, 'EXECUTION_TYPE_NEW');
  await m.wait('marketData', (x) =>
    ((x['marketData'] as { bids: { px: { value: string } }[] }).bids ?? []).some(
      (l) => l.px.value === '0.400',
    ),
  );
  const open = await client.orders.list({ slugs: [SLUG_A] });
  assert.deepEqual(
    open.orders.map((o) => o.id),
    [resting.id],
  );
  assert.equal((await client.orders.retrieve(resting.id)).order.state, 'ORDER_STATE_NEW');
  await client.orders.cancel(resting.id, { marketSlug: SLUG_A });
  await p.wait(
    'orderUpdate',
    (x) => exec(x).order['id'] === resting.id && exec(x).type === 'EXECUTION_TYPE_CANCELED',
  );

  // A fill: the maker rests an offer, the SDK user takes it.
  await place(s, maker, limit(SLUG_A, 'ORDER_INTENT_SELL_LONG', '0.55', 3));
  const taken = await client.orders.create({
    marketSlug: SLUG_A,
    intent: 'ORDER_INTENT_BUY_LONG',
    type: 'ORDER_TYPE_LIMIT',
    price: { value: '0.55', currency: 'USD' },
    quantity: 3,
    tif: 'TIME_IN_FORCE_IMMEDIATE_OR_CANCEL',
  });
  const fill = await p.wait(
    'orderUpdate',
    (x) => exec(x).order['id'] === taken.id && exec(x).type === 'EXECUTION_TYPE_FILL',
  );
  assert.equal(
    (fill['orderSubscriptionUpdate'] as { execution: Obj }).execution['lastShares'],
    '3',
  );
  const trade = await m.wait('trade');
  assert.equal((trade['trade'] as { price: { value: string } }).price.value, '0.550');
  const pos = await p.wait('positionUpdate');
  const update = pos['positionSubscriptionUpdate'] as { marketSlug: string; position: Obj };
  assert.equal(update.marketSlug, SLUG_A);
  assert.equal(update.position['netPosition'], '3');
  const bal = await p.wait('accountBalanceUpdate');
  const after = await client.account.balances();
  assert.deepEqual(bal['accountBalanceSubscriptionUpdate'], {
    balance: after.balances[0]!.currentBalance,
    buyingPower: after.balances[0]!.buyingPower,
  });
  const positions = await client.portfolio.positions();
  assert.equal(positions.positions[SLUG_A]?.netPosition, '3');
  const activities = await client.portfolio.activities({ limit: 5 });
  assert.equal(activities.activities[0]?.type, 'ACTIVITY_TYPE_TRADE');
  const preview = await client.orders.preview({
    request: {
      marketSlug: SLUG_A,
      intent: 'ORDER_INTENT_SELL_LONG',
      type: 'ORDER_TYPE_LIMIT',
      price: { value: '0.60', currency: 'USD' },
      quantity: 1,
    },
  });
  assert.equal(preview.order.state, 'ORDER_STATE_NEW');
  await m.wait('heartbeat');
  await p.wait('heartbeat');

  markets.close();
  priv.close();
  assert.deepEqual(m.of('error'), []);
  assert.deepEqual(p.of('error'), []);
});
