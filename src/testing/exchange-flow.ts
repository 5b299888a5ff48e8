// Seeded random order flows for the exchange, shared by the property tests (against the reference
// model) and the durability tests (a restored exchange against the one that kept running).
import type { Exchange, OrderIntent, OrderRequest, TimeInForce } from '../exchange/api.js';
import type { Rng } from '../sources/simulator/prng.js';
import { listing } from './exchange.js';

export const INTENTS: OrderIntent[] = [
  'ORDER_INTENT_BUY_LONG',
  'ORDER_INTENT_SELL_LONG',
  'ORDER_INTENT_BUY_SHORT',
  'ORDER_INTENT_SELL_SHORT',
];
const TIFS: TimeInForce[] = [
  'TIME_IN_FORCE_GOOD_TILL_CANCEL',
  'TIME_IN_FORCE_GOOD_TILL_CANCEL',
  'TIME_IN_FORCE_DAY',
  'TIME_IN_FORCE_IMMEDIATE_OR_CANCEL',
  'TIME_IN_FORCE_FILL_OR_KILL',
];

/** A random order in one of `slugs` (`frac` has tick 0.005 and minimum 0.5), invalid now and then. */
export function randomOrder(rng: Rng, slugs: readonly string[]): OrderRequest {
  const slug = rng.chance(0.03) ? 'no-such-market' : rng.pick(slugs);
  const frac = slug === 'frac';
  const tick = frac ? 0.005 : 0.01;
  let price = Math.round((0.5 + rng.normal() * 0.06) / tick) * tick;
  if (rng.chance(0.03)) price += tick / 2;
  if (rng.chance(0.02)) price = rng.pick([0, 1, 45, -0.1]);
  let quantity = frac ? Math.round(rng.range(0.5, 20) * 2) / 2 : 1 + rng.int(30);
  if (rng.chance(0.03)) quantity = rng.pick([0, 0.3, -1]);
  const req: OrderRequest = {
    marketSlug: slug,
    intent: rng.pick(INTENTS),
    quantity,
    tif: rng.pick(TIFS),
  };
  if (rng.chance(0.1)) {
    req.type = 'ORDER_TYPE_MARKET';
    if (rng.chance(0.3)) {
      delete req.quantity;
      req.cashOrderQty = Math.round(rng.range(1, 20) * 100) / 100;
    }
    if (rng.chance(0.5)) req.slippageTolerance = { currentPrice: 0.5, ticks: rng.int(8) };
  } else {
    req.price = Number(price.toFixed(4));
    req.postOnly = rng.chance(0.1);
  }
  return req;
}

/** What a flow over any Exchange keeps between steps: its accounts, markets and orders. */
export interface Flow {
  rng: Rng;
  accounts: readonly string[];
  slugs: string[];
  orderIds: Map<string, string>;
  listed: number;
}

/**
 * One random operation through the public interface only: creates (GTD ones too, so expiries
 * fire on the scheduler; NaN prices now and then), cancels, cancel-all, modifies, deposits,
 * withdrawals, position closes, suspensions, settlements with a new market listed. `now` is the
 * exchange's clock. Returns what it did, for assertion messages.
 */
export function flowStep(ex: Exchange, f: Flow, now: number): string {
  const { rng } = f;
  const account = rng.pick(f.accounts);
  const r = rng.next();
  const open = ex.openOrders(account);
  if (r < 0.55 || open.length === 0) {
    const req = randomOrder(rng, f.slugs);
    if (req.type !== 'ORDER_TYPE_MARKET' && rng.chance(0.15)) {
      req.tif = 'TIME_IN_FORCE_GOOD_TILL_DATE';
      req.goodTillTime = now + 500 + rng.int(5000);
    }
    if (rng.chance(0.01)) req.price = Number.NaN;
    const got = ex.createOrder(account, req);
    f.orderIds.set(got.order.id, account);
    return `create ${account} ${JSON.stringify(req)} -> ${got.order.state}`;
  }
  const target = rng.pick(open);
  if (r < 0.7) return `cancel ${target.id} ${ex.cancelOrder(account, target.id).ok}`;
  if (r < 0.73) return `cancelAll ${account} ${ex.cancelAll(account).length}`;
  if (r < 0.85) {
    const m = ex.marketBySlug(target.marketSlug)!;
    const change = rng.chance(0.5)
      ? { price: Number(((target.price ?? 0.5) + (rng.int(5) - 2) * m.tick).toFixed(4)) }
      : { quantity: target.cumQuantity + m.minQty * (1 + rng.int(20)) };
    return `modify ${target.id} ${JSON.stringify(change)} ${ex.modifyOrder(account, target.id, change).ok}`;
  }
  if (r < 0.91) {
    const amount = rng.chance(0.5) ? 50 : -rng.int(150);
    return `fund ${account} ${amount} ${ex.fund(account, amount) !== null}`;
  }
  if (r < 0.94) {
    const held = ex.positions(account).filter((p) => p.net !== 0);
    if (held.length === 0) return 'no position to close';
    const pos = rng.pick(held);
    return `close ${account} ${pos.marketSlug} ${ex.closePosition(account, pos.marketSlug).ok}`;
  }
  const slug = rng.pick(f.slugs);
  if (r < 0.97) {
    const state = rng.chance(0.5) ? 'MARKET_STATE_SUSPENDED' : 'MARKET_STATE_OPEN';
    ex.setMarketState(slug, state);
    return `state ${slug} ${state}`;
  }
  const yes = rng.chance(0.5);
  if (rng.chance(0.3)) ex.closeMarket(slug);
  ex.settle(slug, yes);
  const fresh = `m${++f.listed}`;
  ex.listMarket(listing(fresh));
  f.slugs = f.slugs.map((s) => (s === slug ? fresh : s));
  return `settle ${slug} ${yes}; list ${fresh}`;
}

/**
 * Everything the public interface shows about `accounts` and every market, as one plain value:
 * two exchanges in the same state give deepEqual values (the durability tests compare them).
 */
export function exchangeState(
  ex: Exchange,
  accounts: readonly string[],
  orderIds: ReadonlyMap<string, string> = new Map(),
): unknown {
  const markets = ex.markets();
  return {
    seq: ex.seq(),
    markets,
    books: markets.map((m) => [ex.book(m.slug), ex.bbo(m.slug), ex.trades(m.slug)]),
    accounts: accounts.map((a) => ({
      balance: ex.balance(a),
      positions: ex.positions(a),
      open: ex.openOrders(a),
      activities: ex.activities(a, { limit: 1000, sortOrder: 'asc' }),
    })),
    orders: [...orderIds].map(([id, account]) => ex.order(account, id)),
  };
}
