// Order admission: builds a working order from a request and decides whether it may trade:
// the request rules (validate.ts), pricing a market order off the book, then the checks that
// need the book and the ledger (self-match, post-only, buying power). Nothing here changes state.
import type { OrderRequest, OrdRejectReason } from './api.js';
import { direction } from './intent.js';
import type { AccountRec } from './ledger.js';
import type { MarketRec, Working } from './records.js';
import { PX, QTY } from './units.js';
import { checkOrder } from './validate.js';

export type Reject = { reason: OrdRejectReason; text: string };

export interface Prepared {
  w: Working;
  /** Set when the order may not trade. */
  reject: Reject | null;
}

export interface Fees {
  taker: number;
  maker: number;
  /** The bps holds reserve (the larger of the two). */
  hold: number;
}

/** Builds the order and runs every check; `reject` is set when it may not trade. */
export function prepareOrder(
  m: MarketRec | null,
  acct: AccountRec | undefined,
  account: string,
  req: OrderRequest,
  now: number,
  fees: Fees,
): Prepared {
  const check = acct
    ? checkOrder(m ? m.rules() : null, req, now)
    : ({
        ok: false,
        reason: 'ORD_REJECT_REASON_EXCHANGE_OPTION',
        text: `unknown account: ${account}`,
      } as const);
  const dir = direction(req) ?? direction({ intent: 'ORDER_INTENT_BUY_LONG' })!;
  const w: Working = {
    id: '',
    account,
    slug: req.marketSlug,
    market: m,
    side: dir.side === 'ORDER_SIDE_BUY' ? 'buy' : 'sell',
    dir,
    type: req.type === 'ORDER_TYPE_MARKET' ? 'ORDER_TYPE_MARKET' : 'ORDER_TYPE_LIMIT',
    tif: req.tif ?? 'TIME_IN_FORCE_GOOD_TILL_CANCEL',
    price: 0,
    qty: 0,
    cum: 0,
    leaves: 0,
    requestedPrice: typeof req.price === 'number' && Number.isFinite(req.price) ? req.price : null,
    requestedQty:
      typeof req.quantity === 'number' && Number.isFinite(req.quantity) ? req.quantity : null,
    cash: null,
    gtt: req.goodTillTime ?? null,
    postOnly: req.postOnly === true,
    state: 'ORDER_STATE_NEW',
    notional: 0,
    fees: 0,
    takerBps: fees.taker,
    makerBps: fees.maker,
    rejectReason: null,
    cancelReason: null,
    text: '',
    createTime: now,
    insertTime: now,
    updateTime: now,
    timer: null,
    entry: null,
  };
  if (!check.ok || !m) {
    return {
      w,
      reject: check.ok ? { reason: 'ORD_REJECT_REASON_UNKNOWN_MARKET', text: '' } : check,
    };
  }
  const o = check.order;
  Object.assign(w, {
    dir: o.dir,
    type: o.type,
    tif: o.tif,
    price: o.price,
    gtt: o.gtt,
    postOnly: o.postOnly,
    cash: o.cash,
  });
  w.side = o.dir.side === 'ORDER_SIDE_BUY' ? 'buy' : 'sell';
  w.qty = o.qty ?? 0;
  if (o.type === 'ORDER_TYPE_MARKET') {
    const priced = priceMarketOrder(m, w, o.qty, o.cash);
    if (!priced)
      return {
        w,
        reject: {
          reason: 'ORD_REJECT_REASON_NO_LIQUIDITY',
          text: 'no resting orders within the price limit',
        },
      };
  }
  w.leaves = w.qty;
  return { w, reject: checkBook(m, w, w.price, w.leaves, w.postOnly, acct!, fees.hold) };
}

/**
 * A market order becomes an IOC at the worst price it needs to fill, found by walking the
 * book (nothing else moves within one operation); sized in cash, it takes what the cash buys.
 */
function priceMarketOrder(
  m: MarketRec,
  w: Working,
  qty: number | null,
  cash: number | null,
): boolean {
  const opp = w.side === 'buy' ? 'sell' : 'buy';
  const step = m.minQtyUnits >= QTY ? QTY : 1;
  let need = qty ?? Number.POSITIVE_INFINITY;
  let budget = cash ?? Number.POSITIVE_INFINITY;
  let got = 0;
  let worst = 0;
  for (const r of m.book.crossing(opp, w.price)) {
    if (need <= 0 || budget <= 0) break;
    const unit = w.side === 'buy' ? r.price : PX - r.price;
    let take = Math.min(need, r.leaves);
    if (cash !== null) take = Math.min(take, Math.floor(budget / unit / step) * step);
    if (take <= 0) break;
    got += take;
    need -= take;
    budget -= take * unit;
    worst = r.price;
  }
  if (got === 0) return false;
  w.price = worst;
  if (qty === null) w.qty = got;
  return true;
}

/**
 * Self-match, post-only and buying power: the checks that depend on the book and the ledger,
 * for `w` at `price` with `leaves` (a new order, or a working one being modified).
 */
export function checkBook(
  m: MarketRec,
  w: Working,
  price: number,
  leaves: number,
  postOnly: boolean,
  acct: AccountRec,
  holdBps: number,
): Reject | null {
  const own = m.workingOf(w.account);
  const mine = own.orders.has(w);
  if (mine) own.sub(w.side, w.price, w.leaves);
  own.add(w.side, price, leaves);
  try {
    const opposite = w.side === 'buy' ? 'sell' : 'buy';
    if (own.crosses(opposite, price)) {
      const other = [...own.orders].find(
        (o) => o.side === opposite && (w.side === 'buy' ? o.price <= price : o.price >= price),
      );
      return {
        reason: 'ORD_REJECT_REASON_EXCHANGE_OPTION',
        text: `self-match: the order would trade against your own order ${other?.id ?? ''}`,
      };
    }
    const best = m.book.best(opposite);
    if (postOnly && best > 0 && (w.side === 'buy' ? best <= price : best >= price)) {
      return { reason: 'ORD_REJECT_REASON_EXCHANGE_OPTION', text: 'post-only order would match' };
    }
    const hold = own.hold(acct.positions.get(m.info.slug)?.net ?? 0, holdBps);
    const elsewhere = acct.hold - (acct.holds.get(m.info.slug) ?? 0);
    if (elsewhere + hold > acct.cash) {
      return { reason: 'ORD_REJECT_REASON_EXCHANGE_OPTION', text: 'insufficient buying power' };
    }
    return null;
  } finally {
    own.sub(w.side, price, leaves);
    if (mine) own.add(w.side, w.price, w.leaves);
  }
}

/** Quantity resting on the other side within the order's price (FOK). */
export function available(m: MarketRec, w: Working): number {
  let sum = 0;
  for (const r of m.book.crossing(w.side === 'buy' ? 'sell' : 'buy', w.price)) sum += r.leaves;
  return sum;
}
