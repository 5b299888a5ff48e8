// A market that resolves: the book shows its new state, the settlement route answers in both
// spellings (0.1 C8), the holder's position closes with a RESOLUTION entry on the POSITION
// stream and the payout arrives as a balance update equal to REST.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  call,
  type Frame,
  limit,
  PmClient,
  type PolymarketServer,
  place,
  SLUG_B,
  startPolymarket,
} from '../../testing/polymarket.js';

let s: PolymarketServer;
before(async () => {
  s = await startPolymarket();
});
after(() => s.close());

test('settlement: book state, settlement route, RESOLUTION position and payout', async () => {
  const maker = s.key('settle-maker');
  const holder = s.key('settle-holder');
  await place(s, maker, limit(SLUG_B, 'ORDER_INTENT_SELL_LONG', '0.40', 5));
  await place(s, holder, limit(SLUG_B, 'ORDER_INTENT_BUY_LONG', '0.40', 5));
  assert.equal((await call(s, null, 'GET', `/v1/markets/${SLUG_B}/settlement`)).status, 404);
  const m = await PmClient.open(s, '/v1/ws/markets', holder);
  const p = await PmClient.open(s, '/v1/ws/private', holder);
  m.subscribe('book', 'SUBSCRIPTION_TYPE_MARKET_DATA', [SLUG_B]);
  p.subscribe('pos', 'SUBSCRIPTION_TYPE_POSITION');
  p.subscribe('bal', 'SUBSCRIPTION_TYPE_ACCOUNT_BALANCE');
  await m.waitFor((f) => f.requestId === 'book');
  await p.waitFor((f) => f.requestId === 'bal');
  const held = (
    p.of('pos')[0]!.positionSubscriptionSnapshot as { positions: Record<string, Frame> }
  ).positions[SLUG_B]!;
  assert.equal(held.netPositionDecimal, '5');

  s.t.app.exchange!.settle(SLUG_B, true);

  const [, book] = await m.waitFor((f) => f.requestId === 'book', 2);
  assert.equal((book!.marketData as Frame).state, 'MARKET_STATE_EXPIRED');
  const settled = await call(s, null, 'GET', `/v1/markets/${SLUG_B}/settlement`);
  assert.equal(settled.status, 200);
  assert.equal(settled.body.slug, SLUG_B);
  assert.equal(settled.body.settlement, 1);
  assert.deepEqual(settled.body.settlementPrice, { value: '1.000', currency: 'USD' });
  const market = (await call(s, null, 'GET', `/v1/market/slug/${SLUG_B}`)).body.market as Frame;
  assert.equal(market['closed'], true);

  const [resolution] = await p.waitFor(
    (f) =>
      f.requestId === 'pos' &&
      (f.positionSubscription as Frame | undefined)?.entryType === 'LEDGER_ENTRY_TYPE_RESOLUTION',
  );
  const ps = resolution!.positionSubscription as Frame;
  assert.equal((ps.beforePosition as Frame).netPositionDecimal, '5');
  const update = resolution!.positionSubscriptionUpdate as { marketSlug: string; position: Frame };
  assert.equal(update.marketSlug, SLUG_B);
  const updates = await p.waitFor((f) => f.requestId === 'bal' && 'accountBalancesUpdate' in f);
  const change = (updates.at(-1)!.accountBalancesUpdate as { balanceChange: Frame }).balanceChange;
  assert.equal(change.entryType, 'LEDGER_ENTRY_TYPE_RESOLUTION');
  const rest = (await call(s, holder, 'GET', '/v1/account/balances')).body.balances as Frame[];
  assert.deepEqual(change.afterBalance, rest[0]);
  // Bought 5 at 0.40 (2.00), paid 1 each: 1000 - 2 + 5.
  assert.equal(rest[0]!.currentBalance, 1003);
  const acts = (await call(s, holder, 'GET', '/v1/portfolio/activities')).body
    .activities as Frame[];
  assert.equal(acts[0]!.type, 'ACTIVITY_TYPE_POSITION_RESOLUTION');
  // Orders on a settled market are rejected on the stream, with an id from REST.
  const id = await place(s, holder, limit(SLUG_B, 'ORDER_INTENT_BUY_LONG', '0.40', 1));
  const o = (await call(s, holder, 'GET', `/v1/order/${id}`)).body.order as Frame;
  assert.equal(o.state, 'ORDER_STATE_REJECTED');
  m.close();
  p.close();
});
