// Random order flows, seeded, against the naive reference model (src/testing/exchange-reference.ts):
// after every step the two agree on every order's state and fills, every account's cash and
// positions, and the trade tape, and the engine's invariants hold.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../sources/simulator/prng.js';
import {
  assertInvariants,
  type ExchangeKit,
  exchangeKit,
  listing,
  SLUG,
} from '../testing/exchange.js';
import { randomOrder } from '../testing/exchange-flow.js';
import { ReferenceExchange } from '../testing/exchange-reference.js';
import { MONEY, QTY } from './units.js';

const ACCOUNTS = ['a', 'b', 'c', 'd'];
const TAKER_BPS = 20;
const MAKER_BPS = 5;

interface World {
  kit: ExchangeKit;
  ref: ReferenceExchange;
  rng: Rng;
  slugs: string[];
  orderIds: Map<string, string>;
  listed: number;
}

function setup(seed: number): World {
  const kit = exchangeKit(
    { takerFeeBps: TAKER_BPS, makerFeeBps: MAKER_BPS, startingBalance: 200 },
    ACCOUNTS,
  );
  const ref = new ReferenceExchange(TAKER_BPS, MAKER_BPS);
  ref.listMarket(SLUG, 10, 100);
  kit.engine.listMarket(listing('frac', { tick: 0.005, minQty: 0.5 }));
  ref.listMarket('frac', 5, 50);
  for (const a of ACCOUNTS) ref.openAccount(a, 200);
  return { kit, ref, rng: new Rng(seed), slugs: [SLUG, 'frac'], orderIds: new Map(), listed: 0 };
}

function step(w: World): string {
  const { kit, ref, rng } = w;
  const now = kit.scheduler.now();
  const account = rng.pick(ACCOUNTS);
  const r = rng.next();
  const open = ref.resting().filter((o) => o.account === account);
  if (r < 0.6 || open.length === 0) {
    const req = randomOrder(rng, w.slugs);
    const got = kit.engine.createOrder(account, req);
    const want = ref.create(account, req, now);
    assert.equal(got.order.id, want.id, 'ids advance together');
    w.orderIds.set(want.id, account);
    return `create ${account} ${JSON.stringify(req)} -> ${got.order.state} ${got.order.text}`;
  }
  const target = rng.pick(open);
  if (r < 0.75) {
    const got = kit.engine.cancelOrder(account, target.id);
    assert.equal(got.ok, ref.cancel(account, target.id));
    return `cancel ${account} ${target.id}`;
  }
  if (r < 0.78) {
    assert.deepEqual(kit.engine.cancelAll(account).sort(), ref.cancelAll(account).sort());
    return `cancelAll ${account}`;
  }
  if (r < 0.92) {
    const tick = target.slug === 'frac' ? 0.005 : 0.01;
    const change = rng.chance(0.5)
      ? { price: Number((target.price / 1000 + (rng.int(5) - 2) * tick).toFixed(4)) }
      : { quantity: target.cum / QTY + (target.slug === 'frac' ? 0.5 : 1) * (1 + rng.int(20)) };
    const got = kit.engine.modifyOrder(account, target.id, change);
    assert.equal(
      got.ok,
      ref.modify(account, target.id, change),
      `modify ${target.id} ${JSON.stringify(change)}`,
    );
    return `modify ${account} ${target.id} ${JSON.stringify(change)}`;
  }
  if (r < 0.97) {
    const amount = rng.chance(0.5) ? 50 : -rng.int(150);
    assert.equal(kit.engine.fund(account, amount) !== null, ref.fund(account, amount));
    return `fund ${account} ${amount}`;
  }
  const slug = rng.pick(w.slugs);
  const yes = rng.chance(0.5);
  kit.engine.settle(slug, yes);
  ref.settle(slug, yes);
  const fresh = `m${++w.listed}`;
  kit.engine.listMarket(listing(fresh));
  ref.listMarket(fresh, 10, 100);
  w.slugs = w.slugs.map((s) => (s === slug ? fresh : s));
  return `settle ${slug} ${yes}; list ${fresh}`;
}

function compare(w: World, what: string): void {
  const { kit, ref } = w;
  for (const [id, account] of w.orderIds) {
    const want = ref.orders.get(id)!;
    const got = kit.engine.order(account, id);
    assert.ok(got, `${what}: order ${id} is known`);
    assert.deepEqual(
      [got.state, Math.round(got.cumQuantity * QTY), Math.round(got.leavesQuantity * QTY)],
      [want.state, want.cum, want.leaves],
      `${what}: order ${id}`,
    );
  }
  for (const a of ACCOUNTS) {
    assert.equal(
      Math.round(kit.engine.balance(a)!.cash * MONEY),
      ref.cash(a),
      `${what}: cash of ${a}`,
    );
    for (const p of kit.engine.positions(a)) {
      assert.equal(
        Math.round(p.net * QTY),
        ref.net(a, p.marketSlug),
        `${what}: position of ${a} in ${p.marketSlug}`,
      );
    }
  }
  const tape = kit.events.flatMap((e) => (e.kind === 'trade' ? [e.trade] : []));
  assert.deepEqual(
    tape.map((t) => [
      t.maker.orderId,
      t.taker.orderId,
      Math.round(t.price * 1000),
      Math.round(t.quantity * QTY),
    ]),
    ref.trades.map((t) => [t.maker, t.taker, t.price, t.qty]),
    `${what}: trade tape`,
  );
  assertInvariants(kit);
}

describe('exchange: random order flows agree with the reference model', () => {
  for (let seed = 1; seed <= 16; seed++) {
    it(`seed ${seed}`, () => {
      const w = setup(seed);
      for (let i = 0; i < 250; i++) {
        w.kit.scheduler.advance(1000);
        const what = `seed ${seed} step ${i}: ${step(w)}`;
        compare(w, what);
      }
      const states = new Set([...w.ref.orders.values()].map((o) => o.state));
      assert.ok(w.ref.trades.length > 10, 'the flow trades');
      assert.ok(
        states.has('ORDER_STATE_REJECTED') && states.has('ORDER_STATE_CANCELED'),
        'the flow rejects and cancels',
      );
    });
  }
});
