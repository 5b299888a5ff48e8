// Golden frames: every frame type of both sockets and the REST bodies they must agree with,
// byte-exact (key order included), on a manual clock so times are fixed. GOLDEN_UPDATE=1 rewrites.
import { after, before, test } from 'node:test';
import { expectGolden } from '../../testing/golden.js';
import {
  call,
  type Frame,
  limit,
  PmClient,
  type PolymarketServer,
  place,
  type SigningKey,
  SLUG_A,
  startPolymarket,
} from '../../testing/polymarket.js';
import { ManualScheduler } from '../../timers/scheduler.js';

const scheduler = new ManualScheduler(Date.UTC(2026, 5, 2, 19, 41, 5, 100));
let s: PolymarketServer;
let maker: SigningKey;
let taker: SigningKey;
before(async () => {
  s = await startPolymarket({ scheduler });
  maker = s.key('acct-maker');
  taker = s.key('acct-taker');
});
after(() => s.close());

const golden = (name: string, value: unknown): void =>
  expectGolden(new URL('./golden/', import.meta.url), name, JSON.stringify(value));

const last = (c: PmClient, id: string, key: string): Frame =>
  c.frames.filter((f) => f.requestId === id && key in f).at(-1)!;

test('golden: every frame of /v1/ws/markets and /v1/ws/private, and the REST twins', async () => {
  const m = await PmClient.open(s, '/v1/ws/markets', taker);
  const p = await PmClient.open(s, '/v1/ws/private', taker);
  scheduler.advance(10_000);
  await m.waitFor((f) => 'heartbeat' in f);
  golden('heartbeat', m.frames[0]);

  await place(s, maker, limit(SLUG_A, 'ORDER_INTENT_SELL_LONG', '0.55', 10));
  scheduler.advance(1_000);
  await place(s, maker, limit(SLUG_A, 'ORDER_INTENT_BUY_LONG', '0.45', 4));
  m.subscribe('books', 'SUBSCRIPTION_TYPE_MARKET_DATA', [SLUG_A]);
  m.subscribe('lite', 'SUBSCRIPTION_TYPE_MARKET_DATA_LITE', [SLUG_A]);
  m.subscribe('trades', 'SUBSCRIPTION_TYPE_TRADE', [SLUG_A]);
  m.subscribe('bad', 'SUBSCRIPTION_TYPE_TRADE', ['no-such-market']);
  await m.waitFor((f) => f.requestId === 'bad');
  golden('marketData', last(m, 'books', 'marketData'));
  golden('marketDataLite', last(m, 'lite', 'marketDataLite'));
  golden('error.market-not-found', last(m, 'bad', 'error'));

  p.subscribe('orders', 'SUBSCRIPTION_TYPE_ORDER');
  p.subscribe('positions', 'SUBSCRIPTION_TYPE_POSITION');
  p.subscribe('balance', 'SUBSCRIPTION_TYPE_ACCOUNT_BALANCE');
  await p.waitFor((f) => f.requestId === 'balance');
  golden('orderSubscriptionSnapshot', last(p, 'orders', 'orderSubscriptionSnapshot'));
  golden('positionSubscriptionSnapshot', last(p, 'positions', 'positionSubscriptionSnapshot'));
  golden('accountBalancesSnapshot', last(p, 'balance', 'accountBalancesSnapshot'));

  scheduler.advance(2_000);
  await place(s, taker, limit(SLUG_A, 'ORDER_INTENT_BUY_LONG', '0.55', 4));
  await m.waitFor((f) => f.requestId === 'trades');
  await p.waitFor((f) => f.requestId === 'balance' && 'accountBalancesUpdate' in f);
  await p.waitFor((f) => f.requestId === 'positions' && 'positionSubscription' in f);
  golden('trade', last(m, 'trades', 'trade'));
  golden('orderSubscriptionUpdate.fill', last(p, 'orders', 'orderSubscriptionUpdate'));
  golden('positionSubscription', last(p, 'positions', 'positionSubscription'));
  golden('accountBalancesUpdate', last(p, 'balance', 'accountBalancesUpdate'));

  await place(s, taker, limit(SLUG_A, 'ORDER_INTENT_BUY_LONG', '45', 1));
  await p.waitFor(
    (f) => f.requestId === 'orders' && JSON.stringify(f).includes('EXECUTION_TYPE_REJECTED'),
  );
  golden('orderSubscriptionUpdate.rejected', last(p, 'orders', 'orderSubscriptionUpdate'));

  golden('rest.book', (await call(s, null, 'GET', `/v1/markets/${SLUG_A}/book`)).body);
  golden('rest.market', (await call(s, null, 'GET', `/v1/market/slug/${SLUG_A}`)).body);
  golden('rest.balances', (await call(s, taker, 'GET', '/v1/account/balances')).body);
  golden('rest.unauthenticated', (await call(s, null, 'GET', '/v1/account/balances')).body);
  m.close();
  p.close();
});
