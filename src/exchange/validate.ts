// The checks an order request passes before it may touch a book, in the order the docs list
// (docs/exchange.md): each failure is one of the vendor's reject reasons (spec 4.7) with a
// sentence. Pure: the market's rules and the clock come in as arguments.
import type { MarketState, OrderRequest, OrderType, OrdRejectReason, TimeInForce } from './api.js';
import { type Direction, direction } from './intent.js';
import { MAX_MONEY, MAX_PX, MAX_QTY, MIN_PX, MONEY, PX, QTY, toUnits } from './units.js';

export interface MarketRules {
  state: MarketState;
  /** Price units. */
  tick: number;
  /** Quantity units. */
  minQty: number;
}

export interface CheckedOrder {
  dir: Direction;
  type: OrderType;
  tif: TimeInForce;
  /** Limit price in units; for a market order the worst price it may reach. */
  price: number;
  /** Quantity units; null for a market order sized by `cash`. */
  qty: number | null;
  /** Money units a market order may spend; null otherwise. */
  cash: number | null;
  gtt: number | null;
  postOnly: boolean;
}

export type Check =
  | { ok: true; order: CheckedOrder }
  | { ok: false; reason: OrdRejectReason; text: string };

const TIFS: ReadonlySet<string> = new Set<TimeInForce>([
  'TIME_IN_FORCE_DAY',
  'TIME_IN_FORCE_GOOD_TILL_CANCEL',
  'TIME_IN_FORCE_GOOD_TILL_DATE',
  'TIME_IN_FORCE_IMMEDIATE_OR_CANCEL',
  'TIME_IN_FORCE_FILL_OR_KILL',
]);

const reject = (reason: OrdRejectReason, text: string): Check => ({ ok: false, reason, text });

/** Whole contracts unless the market allows fractions (minimum below one contract). */
export function qtyStep(rules: MarketRules): number {
  return rules.minQty >= QTY ? QTY : 1;
}

export function checkQuantity(rules: MarketRules, quantity: number | undefined): number | string {
  if (quantity === undefined) return 'quantity is required';
  const q = toUnits(quantity, QTY);
  if (q === null || q <= 0) return `quantity must be a positive number of contracts: ${quantity}`;
  if (q % qtyStep(rules) !== 0) return `quantity must be whole contracts: ${quantity}`;
  if (q < rules.minQty) return `quantity below the minimum ${rules.minQty / QTY}: ${quantity}`;
  if (q > MAX_QTY) return `quantity above the maximum ${MAX_QTY / QTY}: ${quantity}`;
  return q;
}

/** A limit price in units, or the reject it earns. */
export function checkPrice(rules: MarketRules, price: number): number | Check {
  if (!Number.isFinite(price) || price * PX < MIN_PX - 1e-9 || price * PX > MAX_PX + 1e-9) {
    return reject(
      'ORD_REJECT_REASON_PRICE_OUT_OF_BOUNDS',
      `price must be within 0.01-0.99: ${price}`,
    );
  }
  const p = toUnits(price, PX);
  if (p === null || p % rules.tick !== 0) {
    return reject(
      'ORD_REJECT_REASON_INVALID_PRICE_INCREMENT',
      `price must be a multiple of the tick ${rules.tick / PX}: ${price}`,
    );
  }
  return p;
}

/** The worst price a market order may reach: from its slippage tolerance, else the bound. */
export function marketLimit(
  rules: MarketRules,
  buy: boolean,
  slip: OrderRequest['slippageTolerance'],
): number {
  if (!slip || !Number.isFinite(slip.currentPrice)) return buy ? MAX_PX : MIN_PX;
  const cur = slip.currentPrice * PX;
  let raw: number;
  if (slip.ticks !== undefined && Number.isFinite(slip.ticks)) {
    raw = cur + (buy ? 1 : -1) * Math.max(0, slip.ticks) * rules.tick;
  } else if (slip.bips !== undefined && Number.isFinite(slip.bips)) {
    raw = cur * (1 + ((buy ? 1 : -1) * Math.max(0, slip.bips)) / 10_000);
  } else {
    raw = cur;
  }
  const onTick = buy
    ? Math.floor(raw / rules.tick + 1e-9) * rules.tick
    : Math.ceil(raw / rules.tick - 1e-9) * rules.tick;
  return Math.min(MAX_PX, Math.max(MIN_PX, onTick));
}

export function checkOrder(rules: MarketRules | null, req: OrderRequest, now: number): Check {
  if (!rules)
    return reject('ORD_REJECT_REASON_UNKNOWN_MARKET', `market not found: ${req.marketSlug}`);
  if (rules.state !== 'MARKET_STATE_OPEN') {
    return reject('ORD_REJECT_REASON_EXCHANGE_CLOSED', `market is not open: ${rules.state}`);
  }
  const dir = direction(req);
  if (!dir) {
    return reject(
      'ORD_REJECT_REASON_INCORRECT_ORDER_TYPE',
      'intent or outcomeSide + action is required',
    );
  }
  const type = req.type ?? 'ORDER_TYPE_LIMIT';
  if (type !== 'ORDER_TYPE_LIMIT' && type !== 'ORDER_TYPE_MARKET') {
    return reject('ORD_REJECT_REASON_INCORRECT_ORDER_TYPE', `unknown order type: ${String(type)}`);
  }
  const market = type === 'ORDER_TYPE_MARKET';
  let tif =
    req.tif ?? (market ? 'TIME_IN_FORCE_IMMEDIATE_OR_CANCEL' : 'TIME_IN_FORCE_GOOD_TILL_CANCEL');
  if (!TIFS.has(tif))
    return reject('ORD_REJECT_REASON_INCORRECT_ORDER_TYPE', `unknown time in force: ${tif}`);
  if (market && tif !== 'TIME_IN_FORCE_FILL_OR_KILL') tif = 'TIME_IN_FORCE_IMMEDIATE_OR_CANCEL';
  if (market && req.postOnly) {
    return reject('ORD_REJECT_REASON_INCORRECT_ORDER_TYPE', 'a market order cannot be post-only');
  }
  let gtt: number | null = null;
  if (tif === 'TIME_IN_FORCE_GOOD_TILL_DATE') {
    if (
      req.goodTillTime === undefined ||
      !Number.isFinite(req.goodTillTime) ||
      req.goodTillTime <= now
    ) {
      return reject(
        'ORD_REJECT_REASON_INCORRECT_ORDER_TYPE',
        'a GTD order needs a future goodTillTime',
      );
    }
    gtt = req.goodTillTime;
  }
  let price: number;
  if (market) {
    price = marketLimit(rules, dir.side === 'ORDER_SIDE_BUY', req.slippageTolerance);
  } else {
    if (req.price === undefined)
      return reject('ORD_REJECT_REASON_INCORRECT_ORDER_TYPE', 'a limit order needs a price');
    const p = checkPrice(rules, req.price);
    if (typeof p !== 'number') return p;
    price = p;
  }
  if (market && req.quantity === undefined && req.cashOrderQty !== undefined) {
    const cash = toUnits(req.cashOrderQty, MONEY);
    if (cash === null || cash <= 0 || cash > MAX_MONEY) {
      return reject(
        'ORD_REJECT_REASON_INCORRECT_QUANTITY',
        `cashOrderQty must be a positive amount: ${req.cashOrderQty}`,
      );
    }
    return { ok: true, order: { dir, type, tif, price, qty: null, cash, gtt, postOnly: false } };
  }
  const q = checkQuantity(rules, req.quantity);
  if (typeof q === 'string') return reject('ORD_REJECT_REASON_INCORRECT_QUANTITY', q);
  return {
    ok: true,
    order: { dir, type, tif, price, qty: q, cash: null, gtt, postOnly: req.postOnly === true },
  };
}
