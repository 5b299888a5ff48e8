import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertInvariants, exchangeKit, listing, SLUG } from '../testing/exchange.js';
import type { OrderRequest } from './api.js';

const limit = (
  intent: OrderRequest['intent'],
  price: number,
  quantity: number,
  extra: Partial<OrderRequest> = {},
): OrderRequest => ({
  marketSlug: SLUG,
  intent,
  price,
  quantity,
  ...extra,
});

describe('exchange: intents map to sides on the YES book (spec 4.4)', () => {
  const cases = [
    ['ORDER_INTENT_BUY_LONG', 'ORDER_SIDE_BUY', 'bids'],
    ['ORDER_INTENT_SELL_SHORT', 'ORDER_SIDE_BUY', 'bids'],
    ['ORDER_INTENT_SELL_LONG', 'ORDER_SIDE_SELL', 'offers'],
    ['ORDER_INTENT_BUY_SHORT', 'ORDER_SIDE_SELL', 'offers'],
  ] as const;
  for (const [intent, side, bookSide] of cases) {
    it(`${intent} rests as ${side} at the YES price`, () => {
      const kit = exchangeKit();
      const { order } = kit.engine.createOrder('alice', limit(intent, 0.4, 10));
      assert.equal(order.side, side);
      assert.equal(order.state, 'ORDER_STATE_NEW');
      const book = kit.engine.book(SLUG)!;
      assert.deepEqual(book[bookSide], [{ price: 0.4, quantity: 10, orders: 1 }]);
      assertInvariants(kit);
    });
  }
  it('outcomeSide + action win over intent', () => {
    const kit = exchangeKit();
    const { order } = kit.engine.createOrder('alice', {
      ...limit('ORDER_INTENT_BUY_LONG', 0.4, 10),
      outcomeSide: 'OUTCOME_SIDE_NO',
      action: 'ORDER_ACTION_BUY',
    });
    assert.equal(order.intent, 'ORDER_INTENT_BUY_SHORT');
    assert.equal(order.side, 'ORDER_SIDE_SELL');
  });
});

describe('exchange: bad orders reject with the documented reason and change no balance', () => {
  const cases: [string, OrderRequest, string][] = [
    [
      'unknown market',
      { ...limit('ORDER_INTENT_BUY_LONG', 0.5, 1), marketSlug: 'nope' },
      'ORD_REJECT_REASON_UNKNOWN_MARKET',
    ],
    ['price 45', limit('ORDER_INTENT_BUY_LONG', 45, 1), 'ORD_REJECT_REASON_PRICE_OUT_OF_BOUNDS'],
    [
      'price 0.001',
      limit('ORDER_INTENT_BUY_LONG', 0.001, 1),
      'ORD_REJECT_REASON_PRICE_OUT_OF_BOUNDS',
    ],
    [
      'price 0.995',
      limit('ORDER_INTENT_BUY_LONG', 0.995, 1),
      'ORD_REJECT_REASON_PRICE_OUT_OF_BOUNDS',
    ],
    [
      'price off tick',
      limit('ORDER_INTENT_BUY_LONG', 0.555, 1),
      'ORD_REJECT_REASON_INVALID_PRICE_INCREMENT',
    ],
    [
      'price finer than a mill',
      limit('ORDER_INTENT_BUY_LONG', 0.5001, 1),
      'ORD_REJECT_REASON_INVALID_PRICE_INCREMENT',
    ],
    [
      'zero quantity',
      limit('ORDER_INTENT_BUY_LONG', 0.5, 0),
      'ORD_REJECT_REASON_INCORRECT_QUANTITY',
    ],
    [
      'fractional quantity',
      limit('ORDER_INTENT_BUY_LONG', 0.5, 1.5),
      'ORD_REJECT_REASON_INCORRECT_QUANTITY',
    ],
    [
      'no side',
      { marketSlug: SLUG, price: 0.5, quantity: 1 },
      'ORD_REJECT_REASON_INCORRECT_ORDER_TYPE',
    ],
    [
      'limit without price',
      { marketSlug: SLUG, intent: 'ORDER_INTENT_BUY_LONG', quantity: 1 },
      'ORD_REJECT_REASON_INCORRECT_ORDER_TYPE',
    ],
    [
      'GTD in the past',
      limit('ORDER_INTENT_BUY_LONG', 0.5, 1, {
        tif: 'TIME_IN_FORCE_GOOD_TILL_DATE',
        goodTillTime: 1,
      }),
      'ORD_REJECT_REASON_INCORRECT_ORDER_TYPE',
    ],
    ['overdraw', limit('ORDER_INTENT_BUY_LONG', 0.5, 2001), 'ORD_REJECT_REASON_EXCHANGE_OPTION'],
    [
      'market order into an empty book',
      { marketSlug: SLUG, intent: 'ORDER_INTENT_BUY_LONG', type: 'ORDER_TYPE_MARKET', quantity: 1 },
      'ORD_REJECT_REASON_NO_LIQUIDITY',
    ],
  ];
  for (const [name, req, reason] of cases) {
    it(name, () => {
      const kit = exchangeKit();
      const before = kit.engine.balance('alice');
      const { order, executions } = kit.engine.createOrder('alice', req);
      assert.match(order.id, /^ord_/);
      assert.equal(order.state, 'ORDER_STATE_REJECTED');
      assert.equal(order.rejectReason, reason);
      assert.equal(order.leavesQuantity, 0);
      assert.deepEqual(
        executions.map((e) => e.type),
        ['EXECUTION_TYPE_REJECTED'],
      );
      assert.deepEqual(kit.engine.balance('alice'), before);
      assert.ok(
        kit.events.some(
          (e) => e.kind === 'order' && e.execution.type === 'EXECUTION_TYPE_REJECTED',
        ),
      );
      assert.ok(
        !kit.events.some(
          (e) => e.kind === 'balance' && e.seq > 0 && e.change.after.cash !== before?.cash,
        ),
      );
      assert.equal(kit.engine.order('alice', order.id)?.state, 'ORDER_STATE_REJECTED');
      assertInvariants(kit);
    });
  }
  it('a closed market rejects with EXCHANGE_CLOSED', () => {
    const kit = exchangeKit();
    kit.engine.setMarketState(SLUG, 'MARKET_STATE_SUSPENDED');
    const { order } = kit.engine.createOrder('alice', limit('ORDER_INTENT_BUY_LONG', 0.5, 1));
    assert.equal(order.rejectReason, 'ORD_REJECT_REASON_EXCHANGE_CLOSED');
  });
  it('an unknown account is rejected', () => {
    const kit = exchangeKit();
    const { order } = kit.engine.createOrder('mallory', limit('ORDER_INTENT_BUY_LONG', 0.5, 1));
    assert.equal(order.rejectReason, 'ORD_REJECT_REASON_EXCHANGE_OPTION');
    assert.equal(kit.engine.balance('mallory'), null);
  });
  it('fractions are allowed where the minimum is below one contract, never below it', () => {
    const kit = exchangeKit();
    kit.engine.listMarket(listing('frac', { minQty: 0.1, tick: 0.001 }));
    const ok = kit.engine.createOrder('alice', {
      ...limit('ORDER_INTENT_BUY_LONG', 0.555, 0.5),
      marketSlug: 'frac',
    });
    assert.equal(ok.order.state, 'ORDER_STATE_NEW');
    const low = kit.engine.createOrder('alice', {
      ...limit('ORDER_INTENT_BUY_LONG', 0.555, 0.05),
      marketSlug: 'frac',
    });
    assert.equal(low.order.rejectReason, 'ORD_REJECT_REASON_INCORRECT_QUANTITY');
  });
});

describe('exchange: garbage never crashes and never moves money', () => {
  it('requests with wrong types, infinities and nonsense enums are rejected with a reason', () => {
    const kit = exchangeKit();
    kit.engine.createOrder('bob', limit('ORDER_INTENT_SELL_LONG', 0.5, 10));
    const before = [kit.engine.balance('alice'), kit.engine.balance('bob')];
    const junk: unknown[] = [
      {},
      { marketSlug: SLUG },
      { marketSlug: SLUG, intent: 'ORDER_INTENT_NOPE', price: 0.5, quantity: 1 },
      {
        marketSlug: SLUG,
        outcomeSide: 'OUTCOME_SIDE_MAYBE',
        action: 'ORDER_ACTION_BUY',
        price: 0.5,
        quantity: 1,
      },
      { marketSlug: SLUG, intent: 'ORDER_INTENT_BUY_LONG', price: '0.5', quantity: 1 },
      { marketSlug: SLUG, intent: 'ORDER_INTENT_BUY_LONG', price: Number.NaN, quantity: 1 },
      {
        marketSlug: SLUG,
        intent: 'ORDER_INTENT_BUY_LONG',
        price: 0.5,
        quantity: Number.POSITIVE_INFINITY,
      },
      { marketSlug: SLUG, intent: 'ORDER_INTENT_BUY_LONG', price: 0.5, quantity: 1e12 },
      {
        marketSlug: SLUG,
        intent: 'ORDER_INTENT_BUY_LONG',
        price: 0.5,
        quantity: 1,
        tif: 'FOREVER',
      },
      {
        marketSlug: SLUG,
        intent: 'ORDER_INTENT_BUY_LONG',
        price: 0.5,
        quantity: 1,
        type: 'ORDER_TYPE_STOP',
      },
      {
        marketSlug: SLUG,
        intent: 'ORDER_INTENT_BUY_LONG',
        type: 'ORDER_TYPE_MARKET',
        cashOrderQty: -5,
      },
      {
        marketSlug: SLUG,
        intent: 'ORDER_INTENT_BUY_LONG',
        type: 'ORDER_TYPE_MARKET',
        quantity: 1,
        postOnly: true,
      },
      { marketSlug: 42, intent: 'ORDER_INTENT_BUY_LONG', price: 0.5, quantity: 1 },
    ];
    for (const req of junk) {
      const { order } = kit.engine.createOrder('alice', req as OrderRequest);
      assert.equal(order.state, 'ORDER_STATE_REJECTED', JSON.stringify(req));
      assert.ok(order.rejectReason, JSON.stringify(req));
      assert.equal(
        kit.engine.previewOrder('alice', req as OrderRequest).state,
        'ORDER_STATE_REJECTED',
      );
    }
    const open = kit.engine.openOrders('bob')[0]!;
    for (const change of [
      { price: Number.NaN },
      { quantity: -1 },
      { price: 2 },
      { tif: 'TIME_IN_FORCE_IMMEDIATE_OR_CANCEL' },
    ]) {
      const r = kit.engine.modifyOrder('bob', open.id, change as never);
      assert.equal(r.ok, false, JSON.stringify(change));
    }
    assert.equal(kit.engine.cancelOrder('alice', 'ord_does_not_exist').ok, false);
    assert.deepEqual(kit.engine.cancelAll('nobody'), []);
    assert.equal(kit.engine.book('nope'), null);
    assert.equal(kit.engine.fund('alice', Number.POSITIVE_INFINITY), null);
    assert.deepEqual([kit.engine.balance('alice'), kit.engine.balance('bob')], before);
    assertInvariants(kit);
  });
});

describe('exchange: preview', () => {
  it('prices and checks an order without placing it: no events, no hold', () => {
    const kit = exchangeKit();
    const from = kit.events.length;
    const ok = kit.engine.previewOrder('alice', limit('ORDER_INTENT_BUY_LONG', 0.5, 10));
    assert.deepEqual(
      [ok.state, ok.price, ok.quantity, ok.leavesQuantity],
      ['ORDER_STATE_NEW', 0.5, 10, 10],
    );
    const over = kit.engine.previewOrder('alice', limit('ORDER_INTENT_BUY_LONG', 0.5, 5000));
    assert.match(over.text, /buying power/);
    assert.equal(kit.events.length, from);
    assert.equal(kit.engine.balance('alice')?.openOrders, 0);
    assert.deepEqual(kit.engine.openOrders('alice'), []);
  });
});

describe('exchange: matching', () => {
  it('fills at the maker price with price-time priority and reports maker and taker', () => {
    const kit = exchangeKit({}, ['a', 'b', 'c']);
    const { engine } = kit;
    const first = engine.createOrder('a', limit('ORDER_INTENT_SELL_LONG', 0.55, 10)).order;
    const second = engine.createOrder('b', limit('ORDER_INTENT_BUY_SHORT', 0.55, 10)).order;
    engine.createOrder('b', limit('ORDER_INTENT_BUY_SHORT', 0.56, 10));
    const { order, executions } = engine.createOrder('c', limit('ORDER_INTENT_BUY_LONG', 0.6, 15));
    assert.equal(order.state, 'ORDER_STATE_FILLED');
    assert.equal(order.avgPx, 0.55);
    assert.deepEqual(
      executions.map((e) => [e.type, e.lastShares, e.lastPx, e.aggressor]),
      [
        ['EXECUTION_TYPE_NEW', 0, null, false],
        ['EXECUTION_TYPE_PARTIAL_FILL', 10, 0.55, true],
        ['EXECUTION_TYPE_FILL', 5, 0.55, true],
      ],
    );
    const trades = engine.trades(SLUG);
    assert.deepEqual(
      trades.map((t) => [t.maker.orderId, t.quantity, t.price]),
      [
        [first.id, 10, 0.55],
        [second.id, 5, 0.55],
      ],
    );
    assert.equal(trades[0]?.maker.intent, 'ORDER_INTENT_SELL_LONG');
    assert.equal(trades[0]?.taker.side, 'ORDER_SIDE_BUY');
    assert.equal(engine.order('b', second.id)?.state, 'ORDER_STATE_PARTIALLY_FILLED');
    assert.deepEqual(engine.book(SLUG)!.offers, [
      { price: 0.55, quantity: 5, orders: 1 },
      { price: 0.56, quantity: 10, orders: 1 },
    ]);
    assertInvariants(kit);
  });

  it('IOC cancels the rest, FOK fills whole or not at all', () => {
    const kit = exchangeKit();
    const { engine } = kit;
    engine.createOrder('alice', limit('ORDER_INTENT_SELL_LONG', 0.5, 5));
    const fok = engine.createOrder(
      'bob',
      limit('ORDER_INTENT_BUY_LONG', 0.5, 6, { tif: 'TIME_IN_FORCE_FILL_OR_KILL' }),
    );
    assert.equal(fok.order.state, 'ORDER_STATE_CANCELED');
    assert.equal(fok.order.cumQuantity, 0);
    const ioc = engine.createOrder(
      'bob',
      limit('ORDER_INTENT_BUY_LONG', 0.5, 6, { tif: 'TIME_IN_FORCE_IMMEDIATE_OR_CANCEL' }),
    );
    assert.equal(ioc.order.state, 'ORDER_STATE_CANCELED');
    assert.equal(ioc.order.cumQuantity, 5);
    assert.equal(ioc.order.leavesQuantity, 0);
    assert.deepEqual(
      ioc.executions.map((e) => e.type),
      ['EXECUTION_TYPE_NEW', 'EXECUTION_TYPE_PARTIAL_FILL', 'EXECUTION_TYPE_CANCELED'],
    );
    assert.deepEqual(engine.openOrders('bob'), []);
    assertInvariants(kit);
  });

  it('post-only rejects when it would match and rests otherwise', () => {
    const kit = exchangeKit();
    kit.engine.createOrder('alice', limit('ORDER_INTENT_SELL_LONG', 0.5, 5));
    const cross = kit.engine.createOrder(
      'bob',
      limit('ORDER_INTENT_BUY_LONG', 0.5, 5, { postOnly: true }),
    );
    assert.equal(cross.order.state, 'ORDER_STATE_REJECTED');
    assert.match(cross.order.text, /post-only/);
    const rest = kit.engine.createOrder(
      'bob',
      limit('ORDER_INTENT_BUY_LONG', 0.49, 5, { postOnly: true }),
    );
    assert.equal(rest.order.state, 'ORDER_STATE_NEW');
  });

  it('prevents self-matching: an order crossing its own account is rejected whole', () => {
    const kit = exchangeKit();
    kit.engine.createOrder('alice', limit('ORDER_INTENT_SELL_LONG', 0.5, 5));
    const { order } = kit.engine.createOrder('alice', limit('ORDER_INTENT_BUY_LONG', 0.55, 5));
    assert.equal(order.rejectReason, 'ORD_REJECT_REASON_EXCHANGE_OPTION');
    assert.match(order.text, /self-match/);
    assert.equal(kit.engine.trades(SLUG).length, 0);
  });

  it('market orders take the book up to the slippage limit; cashOrderQty buys what the dollars reach', () => {
    const kit = exchangeKit();
    const { engine } = kit;
    engine.createOrder('alice', limit('ORDER_INTENT_SELL_LONG', 0.5, 10));
    engine.createOrder('alice', limit('ORDER_INTENT_SELL_LONG', 0.6, 10));
    const slip = engine.createOrder('bob', {
      marketSlug: SLUG,
      intent: 'ORDER_INTENT_BUY_LONG',
      type: 'ORDER_TYPE_MARKET',
      quantity: 15,
      slippageTolerance: { currentPrice: 0.5, ticks: 5 },
    });
    assert.equal(slip.order.cumQuantity, 10);
    assert.equal(slip.order.state, 'ORDER_STATE_CANCELED');
    const cash = engine.createOrder('bob', {
      marketSlug: SLUG,
      intent: 'ORDER_INTENT_BUY_LONG',
      type: 'ORDER_TYPE_MARKET',
      cashOrderQty: 3.1,
    });
    assert.equal(cash.order.cumQuantity, 5);
    assert.equal(cash.order.state, 'ORDER_STATE_FILLED');
    assertInvariants(kit);
  });

  it('GTD orders expire on the scheduler', () => {
    const kit = exchangeKit();
    const at = kit.scheduler.now() + 60_000;
    const { order } = kit.engine.createOrder(
      'alice',
      limit('ORDER_INTENT_BUY_LONG', 0.4, 10, {
        tif: 'TIME_IN_FORCE_GOOD_TILL_DATE',
        goodTillTime: at,
      }),
    );
    assert.equal(kit.engine.balance('alice')?.openOrders, 4);
    kit.scheduler.advance(59_999);
    assert.equal(kit.engine.order('alice', order.id)?.state, 'ORDER_STATE_NEW');
    kit.scheduler.advance(1);
    assert.equal(kit.engine.order('alice', order.id)?.state, 'ORDER_STATE_EXPIRED');
    assert.equal(kit.engine.balance('alice')?.openOrders, 0);
    assertInvariants(kit);
  });

  it('a GTD order months ahead outlives the longest timer and still expires on time', () => {
    const kit = exchangeKit();
    const day = 86_400_000;
    const at = kit.scheduler.now() + 90 * day;
    const { order } = kit.engine.createOrder(
      'alice',
      limit('ORDER_INTENT_BUY_LONG', 0.4, 1, {
        tif: 'TIME_IN_FORCE_GOOD_TILL_DATE',
        goodTillTime: at,
      }),
    );
    kit.scheduler.advance(30 * day);
    assert.equal(kit.engine.order('alice', order.id)?.state, 'ORDER_STATE_NEW');
    kit.scheduler.advance(60 * day - 1);
    assert.equal(kit.engine.order('alice', order.id)?.state, 'ORDER_STATE_NEW');
    kit.scheduler.advance(1);
    assert.equal(kit.engine.order('alice', order.id)?.state, 'ORDER_STATE_EXPIRED');
  });
});

describe('exchange: cancel and modify', () => {
  it("cancels only the owner's orders; cancel-all takes every working order", () => {
    const kit = exchangeKit();
    const { engine } = kit;
    const a = engine.createOrder('alice', limit('ORDER_INTENT_BUY_LONG', 0.4, 10)).order;
    engine.createOrder('alice', limit('ORDER_INTENT_BUY_LONG', 0.41, 10));
    const before = engine.balance('alice');
    const theft = engine.cancelOrder('bob', a.id);
    assert.deepEqual(theft.ok ? null : theft.error, 'not_found');
    assert.deepEqual(engine.balance('alice'), before);
    const ok = engine.cancelOrder('alice', a.id);
    assert.ok(ok.ok);
    assert.equal(ok.result.order.state, 'ORDER_STATE_CANCELED');
    assert.equal(ok.result.order.leavesQuantity, 0);
    const again = engine.cancelOrder('alice', a.id);
    assert.equal(again.ok ? null : again.error, 'not_open');
    assert.equal(engine.cancelAll('alice').length, 1);
    assert.equal(engine.balance('alice')?.openOrders, 0);
    assertInvariants(kit);
  });

  it('modify keeps priority when it only shrinks and loses it when the price moves', () => {
    const kit = exchangeKit({}, ['a', 'b', 'c']);
    const { engine } = kit;
    const a = engine.createOrder('a', limit('ORDER_INTENT_BUY_LONG', 0.4, 10)).order;
    engine.createOrder('b', limit('ORDER_INTENT_BUY_LONG', 0.4, 10));
    const shrink = engine.modifyOrder('a', a.id, { quantity: 5 });
    assert.ok(shrink.ok);
    assert.equal(shrink.result.executions[0]?.type, 'EXECUTION_TYPE_REPLACE');
    engine.createOrder(
      'c',
      limit('ORDER_INTENT_SELL_LONG', 0.4, 5, { tif: 'TIME_IN_FORCE_IMMEDIATE_OR_CANCEL' }),
    );
    assert.equal(engine.order('a', a.id)?.state, 'ORDER_STATE_FILLED');
    const b = engine.openOrders('b')[0]!;
    engine.createOrder('a', limit('ORDER_INTENT_BUY_LONG', 0.39, 10));
    const moved = engine.modifyOrder('b', b.id, { price: 0.39 });
    assert.ok(moved.ok);
    engine.createOrder(
      'c',
      limit('ORDER_INTENT_SELL_LONG', 0.39, 5, { tif: 'TIME_IN_FORCE_IMMEDIATE_OR_CANCEL' }),
    );
    assert.equal(engine.trades(SLUG).at(-1)?.maker.account, 'a', 'the moved order queues behind');
    const bad = engine.modifyOrder('b', b.id, { price: 0.395 });
    assert.equal(bad.ok ? null : bad.reason, 'ORD_REJECT_REASON_INVALID_PRICE_INCREMENT');
    const crossing = engine.modifyOrder('b', b.id, { price: 0.6 });
    assert.ok(crossing.ok, 'a modify may cross and then rests (nothing to match)');
    assertInvariants(kit);
  });
});

describe('exchange: ledger', () => {
  it('a long and a short pay 1 between them; settlement pays the winner and conserves cash', () => {
    const kit = exchangeKit({ takerFeeBps: 20 });
    const { engine } = kit;
    engine.createOrder('alice', limit('ORDER_INTENT_BUY_SHORT', 0.55, 40));
    const { order } = engine.createOrder('bob', limit('ORDER_INTENT_BUY_LONG', 0.55, 40));
    assert.equal(order.fees, 0.044);
    assert.deepEqual(engine.balance('alice'), {
      account: 'alice',
      cash: 982,
      openOrders: 0,
      buyingPower: 982,
      updateTime: kit.scheduler.now(),
    });
    assert.equal(engine.balance('bob')?.cash, 1000 - 22 - 0.044);
    const [long] = engine.positions('bob');
    assert.deepEqual([long?.net, long?.cost, long?.avgPx, long?.fees], [40, 22, 0.55, 0.044]);
    const [short] = engine.positions('alice');
    assert.deepEqual([short?.net, short?.cost, short?.avgPx], [-40, 18, 0.55]);
    assert.equal(engine.bbo(SLUG)?.openInterest, 40);
    assertInvariants(kit);
    engine.settle(SLUG, true);
    assert.equal(engine.balance('bob')?.cash, 1000 - 22 - 0.044 + 40);
    assert.equal(engine.balance('alice')?.cash, 982);
    assert.deepEqual(
      [
        engine.positions('bob')[0]?.net,
        engine.positions('bob')[0]?.realized,
        engine.positions('bob')[0]?.expired,
      ],
      [0, 18, true],
    );
    assert.equal(engine.positions('alice')[0]?.realized, -18);
    assert.equal(engine.marketBySlug(SLUG)?.state, 'MARKET_STATE_EXPIRED');
    assert.deepEqual(engine.settlement(SLUG), {
      marketSlug: SLUG,
      price: 1,
      at: kit.scheduler.now(),
    });
    assert.deepEqual(
      engine.activities('bob').activities.map((a) => a.type),
      [
        'LEDGER_ENTRY_TYPE_RESOLUTION',
        'LEDGER_ENTRY_TYPE_ORDER_EXECUTION',
        'LEDGER_ENTRY_TYPE_DEPOSIT',
      ],
    );
    assertInvariants(kit);
  });

  it('selling a long pays the price; closing a position flattens it with realized P&L', () => {
    const kit = exchangeKit({}, ['a', 'b', 'mm']);
    const { engine } = kit;
    engine.createOrder('mm', limit('ORDER_INTENT_SELL_SHORT', 0.4, 10));
    engine.createOrder('a', limit('ORDER_INTENT_SELL_LONG', 0.4, 10));
    engine.createOrder('mm', limit('ORDER_INTENT_BUY_SHORT', 0.4, 10));
    engine.createOrder('b', limit('ORDER_INTENT_BUY_LONG', 0.4, 10));
    engine.createOrder('mm', limit('ORDER_INTENT_SELL_LONG', 0.45, 10));
    const close = engine.closePosition('a', SLUG);
    assert.ok(close.ok);
    assert.equal(close.result.order.intent, 'ORDER_INTENT_SELL_SHORT');
    assert.equal(close.result.order.side, 'ORDER_SIDE_BUY');
    assert.equal(close.result.order.state, 'ORDER_STATE_FILLED');
    const [pos] = engine.positions('a');
    assert.equal(pos?.net, 0);
    assert.equal(Math.round((pos?.realized ?? 0) * 100) / 100, -0.5);
    const none = engine.closePosition('a', SLUG);
    assert.equal(none.ok ? null : none.error, 'not_found');
    assertInvariants(kit);
  });

  it('holds cash for working orders; fund deposits and refuses to overdraw', () => {
    const kit = exchangeKit();
    const { engine } = kit;
    engine.createOrder('alice', limit('ORDER_INTENT_BUY_LONG', 0.5, 1000));
    assert.deepEqual(
      [engine.balance('alice')?.openOrders, engine.balance('alice')?.buyingPower],
      [500, 500],
    );
    assert.equal(engine.fund('alice', -501), null);
    const change = engine.fund('alice', 250);
    assert.equal(change?.entryType, 'LEDGER_ENTRY_TYPE_DEPOSIT');
    assert.equal(change?.after.cash, 1250);
    assert.equal(engine.fund('nobody', 10), null);
    assert.equal(engine.fund('alice', Number.NaN), null);
    const over = engine.createOrder('alice', limit('ORDER_INTENT_BUY_SHORT', 0.6, 2000));
    assert.match(over.order.text, /buying power/);
    assertInvariants(kit);
  });
});

describe('exchange: events', () => {
  it('one operation: order reports, trade and positions, then one balance per account and one book event', () => {
    const kit = exchangeKit();
    kit.engine.createOrder('alice', limit('ORDER_INTENT_SELL_LONG', 0.5, 5));
    const from = kit.events.length;
    kit.engine.createOrder('bob', limit('ORDER_INTENT_BUY_LONG', 0.5, 5));
    const kinds = kit.events.slice(from).map((e) => e.kind);
    assert.deepEqual(kinds, [
      'order',
      'trade',
      'order',
      'order',
      'position',
      'position',
      'balance',
      'balance',
      'book',
    ]);
    const mine: string[] = [];
    kit.engine.subscribe((e) => mine.push(e.kind), {
      account: 'bob',
      kinds: ['order', 'balance', 'position'],
    });
    kit.engine.createOrder('alice', limit('ORDER_INTENT_SELL_LONG', 0.6, 5));
    assert.deepEqual(mine, []);
  });

  it('a listener that throws is reported and the others still get the event', () => {
    const kit = exchangeKit();
    kit.engine.subscribe(() => {
      throw new Error('boom');
    });
    kit.engine.createOrder('alice', limit('ORDER_INTENT_BUY_LONG', 0.5, 5));
    assert.ok(kit.errors.length > 0);
    assert.ok(kit.events.some((e) => e.kind === 'order'));
  });
});
