// The private socket and the signed order routes (spec 2.3 as corrected by 0.1, 5; acceptance
// checks 17-23): execution reports with the REST id, partial fills, cancels, the asynchronous
// reject, order and position snapshots, balance snapshot and updates equal to REST, market
// filters and account isolation; and bad input that never changes a balance.
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

let s: PolymarketServer;
before(async () => {
  s = await startPolymarket();
});
after(() => s.close());

const priv = (k: SigningKey) => PmClient.open(s, '/v1/ws/private', k);
const exec = (f: Frame) => (f.orderSubscriptionUpdate as { execution: Frame }).execution;
const ord = (f: Frame) => exec(f).order as Frame;
const balanceOf = async (k: SigningKey) =>
  ((await call(s, k, 'GET', '/v1/account/balances')).body.balances as Frame[])[0]!;

test('check 17 (0.1 C4): ORDER sends the snapshot, then NEW, PARTIAL_FILL and CANCELED', async () => {
  const maker = s.key('m17');
  const taker = s.key('t17');
  const c = await priv(maker);
  c.subscribe('orders', 'SUBSCRIPTION_TYPE_ORDER');
  const [snap] = await c.waitFor((f) => f.requestId === 'orders');
  assert.deepEqual(snap, {
    requestId: 'orders',
    subscriptionType: 'SUBSCRIPTION_TYPE_ORDER',
    orderSubscriptionSnapshot: { orders: [], eof: true },
  });
  const id = await place(s, maker, limit(SLUG_A, 'ORDER_INTENT_BUY_LONG', '0.50', 10));
  const [, neu] = await c.waitFor((f) => f.requestId === 'orders', 2);
  assert.equal(exec(neu!).type, 'EXECUTION_TYPE_NEW');
  assert.equal(ord(neu!).id, id);
  assert.equal(ord(neu!).state, 'ORDER_STATE_NEW');
  await place(s, taker, limit(SLUG_A, 'ORDER_INTENT_SELL_LONG', '0.50', 4));
  const [, , fill] = await c.waitFor((f) => f.requestId === 'orders', 3);
  const e = exec(fill!);
  assert.equal(e.type, 'EXECUTION_TYPE_PARTIAL_FILL');
  assert.equal(e.lastShares, '4');
  assert.equal(e.aggressor, false);
  const o = ord(fill!);
  assert.equal((o.cumQuantity as number) + (o.leavesQuantity as number), o.quantity);
  assert.equal(o.state, 'ORDER_STATE_PARTIALLY_FILLED');
  assert.equal(
    (await call(s, maker, 'POST', `/v1/order/${id}/cancel`, { marketSlug: SLUG_A })).status,
    200,
  );
  const [, , , cxl] = await c.waitFor((f) => f.requestId === 'orders', 4);
  assert.equal(exec(cxl!).type, 'EXECUTION_TYPE_CANCELED');
  assert.equal(ord(cxl!).leavesQuantity, 0);
  c.close();
});

test('check 18: a price of "45" gets an id from REST, then a REJECTED report; the balance holds', async () => {
  const k = s.key('k18');
  const c = await priv(k);
  c.subscribe('orders', 'SUBSCRIPTION_TYPE_ORDER');
  await c.waitFor((f) => f.requestId === 'orders');
  const before = await balanceOf(k);
  const id = await place(s, k, limit(SLUG_A, 'ORDER_INTENT_BUY_LONG', '45', 1));
  assert.ok(id);
  const [, rej] = await c.waitFor((f) => f.requestId === 'orders', 2);
  assert.equal(exec(rej!).type, 'EXECUTION_TYPE_REJECTED');
  assert.equal(exec(rej!).orderRejectReason, 'ORD_REJECT_REASON_PRICE_OUT_OF_BOUNDS');
  assert.equal(ord(rej!).id, id);
  assert.deepEqual(await balanceOf(k), before);
  c.close();
});

test('check 19: ORDER_SNAPSHOT pages concatenate to GET /v1/orders/open; only the last has eof', async () => {
  const k = s.key('k19');
  const c = await priv(k);
  c.subscribe('empty', 'SUBSCRIPTION_TYPE_ORDER_SNAPSHOT');
  const [empty] = await c.waitFor((f) => f.requestId === 'empty');
  assert.deepEqual(empty!.orderSubscriptionSnapshot, { orders: [], eof: true });
  assert.equal(empty!.subscriptionType, 'SUBSCRIPTION_TYPE_ORDER_SNAPSHOT');
  for (let i = 0; i < 3; i++)
    await place(s, k, limit(SLUG_B, 'ORDER_INTENT_BUY_LONG', `0.1${i}`, 1));
  c.send({ subscribe: { request_id: 'snap', subscription_type: 2 } });
  const rest = (await call(s, k, 'GET', '/v1/orders/open')).body.orders as Frame[];
  assert.equal(rest.length, 3);
  const pages = await c.waitFor(
    (f) => f.requestId === 'snap' && (f.orderSubscriptionSnapshot as Frame).eof === true,
  );
  const all = c
    .of('snap')
    .flatMap((f) => (f.orderSubscriptionSnapshot as { orders: Frame[] }).orders);
  assert.deepEqual(all, rest);
  assert.equal(pages.length, 1);
  await call(s, k, 'POST', '/v1/orders/open/cancel', {});
  c.close();
});

test('paging: with a page size of 2, three orders come in two frames, eof on the last only', async () => {
  const p = await startPolymarket({ overrides: { 'dialects.polymarket.snapshotPageSize': 2 } });
  try {
    const k = p.key('pager');
    for (let i = 0; i < 3; i++)
      await place(p, k, limit(SLUG_B, 'ORDER_INTENT_BUY_LONG', `0.1${i}`, 1));
    const c = await PmClient.open(p, '/v1/ws/private', k);
    c.subscribe('snap', 'SUBSCRIPTION_TYPE_ORDER_SNAPSHOT');
    await c.waitFor((f) => f.requestId === 'snap', 2);
    const snaps = c
      .of('snap')
      .map((f) => f.orderSubscriptionSnapshot as { orders: Frame[]; eof: boolean });
    assert.deepEqual(
      snaps.map((x) => [x.orders.length, x.eof]),
      [
        [2, false],
        [1, true],
      ],
    );
    c.close();
  } finally {
    await p.close();
  }
});

test('checks 20, 21 (0.1 C1-C3, C5): position snapshot then both keys; balance snapshot and updates equal REST', async () => {
  const maker = s.key('m20');
  const taker = s.key('t20');
  const c = await priv(taker);
  c.subscribe('pos', 'SUBSCRIPTION_TYPE_POSITION');
  c.subscribe('bal', 'SUBSCRIPTION_TYPE_ACCOUNT_BALANCE');
  c.subscribe('orders', 'SUBSCRIPTION_TYPE_ORDER');
  const [posSnap] = await c.waitFor((f) => f.requestId === 'pos');
  assert.deepEqual(posSnap!.positionSubscriptionSnapshot, { positions: {}, eof: true });
  const [balSnap] = await c.waitFor((f) => f.requestId === 'bal');
  assert.deepEqual(
    balSnap!.accountBalancesSnapshot,
    (await call(s, taker, 'GET', '/v1/account/balances')).body,
  );
  const snapBal = (balSnap!.accountBalancesSnapshot as { balances: Frame[] }).balances[0]!;
  assert.deepEqual(balSnap!.accountBalanceSubscriptionSnapshot, {
    balance: snapBal.currentBalance,
    buyingPower: snapBal.buyingPower,
  });
  await c.waitFor((f) => f.requestId === 'orders');
  await place(s, maker, limit(SLUG_B, 'ORDER_INTENT_SELL_LONG', '0.55', 6));
  await place(s, taker, limit(SLUG_B, 'ORDER_INTENT_BUY_LONG', '0.55', 6));
  const [, pos] = await c.waitFor((f) => f.requestId === 'pos', 2);
  const ps = pos!.positionSubscription as Frame;
  assert.equal(ps.beforePosition, null);
  const afterPos = ps.afterPosition as Frame;
  assert.equal(afterPos.netPositionDecimal, '6');
  assert.equal((afterPos.marketMetadata as Frame).slug, SLUG_B);
  assert.equal(ps.entryType, 'LEDGER_ENTRY_TYPE_ORDER_EXECUTION');
  const fill = (
    await c.waitFor(
      (f) =>
        f.requestId === 'orders' &&
        'orderSubscriptionUpdate' in f &&
        exec(f).type === 'EXECUTION_TYPE_FILL',
    )
  )[0]!;
  assert.equal(ps.tradeId, exec(fill).tradeId);
  assert.deepEqual(pos!.positionSubscriptionUpdate, { marketSlug: SLUG_B, position: afterPos });
  const rest = (await call(s, taker, 'GET', `/v1/portfolio/positions?market=${SLUG_B}`)).body;
  assert.deepEqual((rest.positions as Frame)[SLUG_B], afterPos);
  const updates = await c.waitFor((f) => f.requestId === 'bal' && 'accountBalancesUpdate' in f);
  const last = updates.at(-1)!;
  const change = (last.accountBalancesUpdate as { balanceChange: Frame }).balanceChange;
  const now = await balanceOf(taker);
  assert.deepEqual(change.afterBalance, now);
  assert.deepEqual(last.accountBalanceSubscriptionUpdate, {
    balance: now.currentBalance,
    buyingPower: now.buyingPower,
  });
  c.close();
});

test('check 22: market filters on private subscriptions', async () => {
  const k = s.key('k22');
  const c = await priv(k);
  c.subscribe('onlyA', 'SUBSCRIPTION_TYPE_ORDER', [SLUG_A]);
  c.subscribe('all', 'SUBSCRIPTION_TYPE_ORDER');
  await c.waitFor((f) => f.requestId === 'all');
  await place(s, k, limit(SLUG_B, 'ORDER_INTENT_BUY_LONG', '0.05', 1));
  await place(s, k, limit(SLUG_A, 'ORDER_INTENT_BUY_LONG', '0.05', 1));
  await c.waitFor((f) => f.requestId === 'all' && 'orderSubscriptionUpdate' in f, 2);
  await c.waitFor((f) => f.requestId === 'onlyA' && 'orderSubscriptionUpdate' in f, 1);
  const slugs = (id: string) =>
    c
      .of(id)
      .filter((f) => 'orderSubscriptionUpdate' in f)
      .map((f) => ord(f).marketSlug);
  assert.deepEqual(slugs('onlyA'), [SLUG_A]);
  assert.deepEqual(slugs('all'), [SLUG_B, SLUG_A]);
  await call(s, k, 'POST', '/v1/orders/open/cancel', {});
  c.close();
});

test("check 23: two accounts never see each other; a cancel of another account's order is 404", async () => {
  const a = s.key('iso-a');
  const b = s.key('iso-b');
  const ca = await priv(a);
  const cb = await priv(b);
  for (const c of [ca, cb]) {
    c.subscribe('o', 'SUBSCRIPTION_TYPE_ORDER');
    c.subscribe('p', 'SUBSCRIPTION_TYPE_POSITION');
    c.subscribe('b', 'SUBSCRIPTION_TYPE_ACCOUNT_BALANCE');
    await c.waitFor((f) => f.requestId === 'b');
  }
  const before = await balanceOf(b);
  const id = await place(s, a, limit(SLUG_A, 'ORDER_INTENT_BUY_LONG', '0.06', 2));
  await ca.waitFor((f) => f.requestId === 'o' && 'orderSubscriptionUpdate' in f);
  const r = await call(s, b, 'POST', `/v1/order/${id}/cancel`, { marketSlug: SLUG_A });
  assert.equal(r.status, 404);
  assert.equal((await call(s, b, 'GET', `/v1/order/${id}`)).status, 404);
  // A barrier on b's socket, then: b saw only its three snapshots.
  cb.subscribe('barrier', 'SUBSCRIPTION_TYPE_ORDER_SNAPSHOT');
  await cb.waitFor((f) => f.requestId === 'barrier');
  assert.equal(cb.data().filter((f) => f.requestId !== 'barrier').length, 3);
  assert.deepEqual(await balanceOf(b), before);
  assert.equal((await call(s, a, 'GET', `/v1/order/${id}`)).body.order !== undefined, true);
  await call(s, a, 'POST', '/v1/orders/open/cancel', {});
  ca.close();
  cb.close();
});

test('bad input: malformed JSON, missing slug, bad enum, off tick, below minimum, overdraw, unknown slug', async () => {
  const k = s.key('bad');
  const c = await priv(k);
  c.subscribe('o', 'SUBSCRIPTION_TYPE_ORDER');
  await c.waitFor((f) => f.requestId === 'o');
  const before = await balanceOf(k);
  const bad400 = async (body: unknown) => {
    const r = await call(s, k, 'POST', '/v1/orders', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(typeof r.body.message, 'string');
  };
  await bad400('{"marketSlug":');
  await bad400('[1,2]');
  await bad400({ intent: 'ORDER_INTENT_BUY_LONG', quantity: 1 });
  await bad400(limit(SLUG_A, 'ORDER_INTENT_BUY_SIDEWAYS', '0.5', 1));
  await bad400(limit(SLUG_A, 'ORDER_INTENT_BUY_LONG', 'abc', 1));
  const rejected: [Record<string, unknown>, string][] = [
    [
      limit(SLUG_A, 'ORDER_INTENT_BUY_LONG', '0.555', 1),
      'ORD_REJECT_REASON_INVALID_PRICE_INCREMENT',
    ],
    [limit(SLUG_A, 'ORDER_INTENT_BUY_LONG', '0.00', 1), 'ORD_REJECT_REASON_PRICE_OUT_OF_BOUNDS'],
    [limit(SLUG_A, 'ORDER_INTENT_BUY_LONG', '0.50', 0.5), 'ORD_REJECT_REASON_INCORRECT_QUANTITY'],
    [
      limit(SLUG_A, 'ORDER_INTENT_BUY_LONG', '0.50', 1_000_000),
      'ORD_REJECT_REASON_EXCHANGE_OPTION',
    ],
    [
      limit('no-such-market', 'ORDER_INTENT_BUY_LONG', '0.50', 1),
      'ORD_REJECT_REASON_UNKNOWN_MARKET',
    ],
  ];
  for (const [body] of rejected) await place(s, k, body);
  const reports = await c.waitFor(
    (f) => f.requestId === 'o' && 'orderSubscriptionUpdate' in f,
    rejected.length,
  );
  assert.deepEqual(
    reports.map((f) => [exec(f).type, exec(f).orderRejectReason]),
    rejected.map(([, reason]) => ['EXECUTION_TYPE_REJECTED', reason]),
  );
  assert.equal(
    (await call(s, k, 'POST', '/v1/order/nope/cancel', { marketSlug: SLUG_A })).status,
    404,
  );
  assert.equal((await call(s, k, 'POST', '/v1/order/nope/cancel', {})).status, 400);
  assert.equal(
    (await call(s, k, 'POST', '/v1/order/nope/modify', { marketSlug: SLUG_A })).status,
    404,
  );
  assert.deepEqual(await balanceOf(k), before);
  // Private error frames keep the socket open.
  c.subscribe('x', 'SUBSCRIPTION_TYPE_MARKET_DATA');
  c.subscribe('y', 'SUBSCRIPTION_TYPE_ORDER', ['no-such-market']);
  await c.until((fs) => fs.filter((f) => 'error' in f).length >= 2, 'two errors');
  assert.deepEqual(
    c.frames.filter((f) => 'error' in f).map((f) => f.error),
    ['invalid subscription type', 'market not found: no-such-market'],
  );
  assert.equal(c.closed, false);
  c.close();
});

test('preview, get, modify, close-position, activities', async () => {
  const m = s.key('m-ops');
  const k = s.key('k-ops');
  const preview = await call(s, k, 'POST', '/v1/order/preview', {
    request: limit(SLUG_A, 'ORDER_INTENT_BUY_LONG', '0.30', 2),
  });
  assert.equal((preview.body.order as Frame).state, 'ORDER_STATE_NEW');
  assert.deepEqual((await call(s, k, 'GET', '/v1/orders/open')).body, { orders: [] });
  const id = await place(s, k, limit(SLUG_A, 'ORDER_INTENT_BUY_LONG', '0.30', 2));
  const mod = await call(s, k, 'POST', `/v1/order/${id}/modify`, {
    marketSlug: SLUG_A,
    price: { value: '0.31', currency: 'USD' },
  });
  assert.equal(mod.status, 200);
  const got = (await call(s, k, 'GET', `/v1/order/${id}`)).body.order as Frame;
  assert.deepEqual(got.price, { value: '0.310', currency: 'USD' });
  // The maker sells into it; k is long 2 and closes with a market order against m's bid.
  await place(s, m, limit(SLUG_A, 'ORDER_INTENT_SELL_LONG', '0.31', 2));
  await place(s, m, limit(SLUG_A, 'ORDER_INTENT_BUY_LONG', '0.29', 2));
  const close = await call(s, k, 'POST', '/v1/order/close-position', {
    marketSlug: SLUG_A,
    synchronousExecution: true,
  });
  assert.equal(close.status, 200, JSON.stringify(close.body));
  assert.ok((close.body.executions as Frame[]).length >= 1);
  const positions = (await call(s, k, 'GET', '/v1/portfolio/positions')).body;
  assert.deepEqual(positions, { positions: {}, nextCursor: '', eof: true });
  const acts = (await call(s, k, 'GET', '/v1/portfolio/activities?limit=10')).body;
  const types = (acts.activities as Frame[]).map((a) => a.type);
  assert.ok(types.filter((t) => t === 'ACTIVITY_TYPE_TRADE').length >= 2, JSON.stringify(types));
  await call(s, m, 'POST', '/v1/orders/open/cancel', {});
});
