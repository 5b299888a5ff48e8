// The engine's internal records (integer units) and their public views (api.ts numbers).
import type {
  Activity,
  Balance,
  Bbo,
  BookLevel,
  BookView,
  Market,
  MarketStats,
  Order,
  OrderState,
  OrderType,
  OrdRejectReason,
  Position,
  TimeInForce,
  Trade,
  UnsolicitedCxlReason,
} from './api.js';
import type { LevelView, Resting } from './book.js';
import { OrderBook } from './book.js';
import type { Direction } from './intent.js';
import type { AccountRec, ActivityRec, PositionRec } from './ledger.js';
import { OwnOrders } from './own.js';
import { money, PX, price, qty } from './units.js';
import type { MarketRules } from './validate.js';

export interface Working extends Resting {
  slug: string;
  /** Null only for an order rejected for naming an unknown market. */
  market: MarketRec | null;
  dir: Direction;
  type: OrderType;
  tif: TimeInForce;
  /** Limit (or worst) price in units; 0 when rejected before it had one. */
  price: number;
  /** Quantity units. */
  qty: number;
  cum: number;
  leaves: number;
  /** The price the request carried, for a reject's report. */
  requestedPrice: number | null;
  requestedQty: number | null;
  cash: number | null;
  gtt: number | null;
  postOnly: boolean;
  state: OrderState;
  /** Sum of fill price x quantity, for the average price. */
  notional: number;
  fees: number;
  takerBps: number;
  makerBps: number;
  rejectReason: OrdRejectReason | null;
  cancelReason: UnsolicitedCxlReason | null;
  text: string;
  createTime: number;
  insertTime: number;
  updateTime: number;
  /** Cancels the GTD expiry timer. */
  timer: (() => void) | null;
}

export interface StatsRec {
  last: number | null;
  lastQty: number | null;
  open: number | null;
  high: number | null;
  low: number | null;
  shares: number;
  notional: number;
}

export class MarketRec {
  readonly book = new OrderBook();
  readonly stats: StatsRec = {
    last: null,
    lastQty: null,
    open: null,
    high: null,
    low: null,
    shares: 0,
    notional: 0,
  };
  /** Outstanding long contracts (quantity units). */
  oi = 0;
  /** Recent trades, oldest first, bounded by the engine. */
  readonly trades: Trade[] = [];
  /** Accounts with a position record in this market. */
  readonly holders = new Set<string>();
  /** Working orders by account, summed for holds and self-match checks. */
  readonly working = new Map<string, OwnOrders<Working>>();
  at: number;

  constructor(
    readonly info: Market,
    readonly tickUnits: number,
    readonly minQtyUnits: number,
  ) {
    this.at = info.createdAt;
  }

  rules(): MarketRules {
    return { state: this.info.state, tick: this.tickUnits, minQty: this.minQtyUnits };
  }

  workingOf(account: string): OwnOrders<Working> {
    let own = this.working.get(account);
    if (!own) {
      own = new OwnOrders();
      this.working.set(account, own);
    }
    return own;
  }
}

/**
 * An account's finished orders, bounded: the oldest is forgotten first. A queue of ids beside the
 * map, because deleting a Map's oldest entry over and over leaves V8 skipping the holes.
 */
export class ClosedOrders {
  private readonly byId = new Map<string, Working>();
  private queue: string[] = [];
  private head = 0;

  get(id: string): Working | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  keep(w: Working, max: number): void {
    if (this.byId.has(w.id)) return;
    this.byId.set(w.id, w);
    this.queue.push(w.id);
    while (this.byId.size > max) this.byId.delete(this.queue[this.head++]!);
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}

const px = (units: number | null): number | null => (units === null ? null : price(units));

export function orderView(w: Working): Order {
  const market = w.type === 'ORDER_TYPE_MARKET';
  return {
    id: w.id,
    account: w.account,
    marketSlug: w.slug,
    side: w.dir.side,
    intent: w.dir.intent,
    outcomeSide: w.dir.outcomeSide,
    action: w.dir.action,
    type: w.type,
    tif: w.tif,
    price: w.price > 0 ? price(w.price) : w.requestedPrice,
    quantity: w.qty > 0 || market ? qty(w.qty) : (w.requestedQty ?? 0),
    cumQuantity: qty(w.cum),
    leavesQuantity: qty(w.leaves),
    cashOrderQty: w.cash === null ? null : money(w.cash),
    goodTillTime: w.gtt,
    postOnly: w.postOnly,
    state: w.state,
    avgPx: w.cum > 0 ? w.notional / w.cum / PX : null,
    fees: money(w.fees),
    takerFeeBps: w.takerBps,
    makerFeeBps: w.makerBps,
    rejectReason: w.rejectReason,
    cancelReason: w.cancelReason,
    text: w.text,
    createTime: w.createTime,
    insertTime: w.insertTime,
    updateTime: w.updateTime,
  };
}

export function positionView(account: string, p: PositionRec): Position {
  const held = Math.abs(p.net);
  let avg: number | null = null;
  if (held > 0) avg = p.net > 0 ? p.cost / held / PX : (PX - p.cost / held) / PX;
  return {
    account,
    marketSlug: p.market,
    net: qty(p.net),
    qtyBought: qty(p.bought),
    qtySold: qty(p.sold),
    cost: money(p.cost),
    realized: money(p.realized),
    avgPx: avg,
    fees: money(p.fees),
    expired: p.expired,
    updateTime: p.updateTime,
  };
}

export function balanceView(a: AccountRec): Balance {
  return {
    account: a.id,
    cash: money(a.cash),
    openOrders: money(a.hold),
    buyingPower: money(a.cash - a.hold),
    updateTime: a.updateTime,
  };
}

export function activityView(account: string, a: ActivityRec): Activity {
  return {
    id: a.id,
    account,
    type: a.type,
    marketSlug: a.market,
    amount: money(a.amount),
    cashAfter: money(a.cashAfter),
    description: a.description,
    at: a.at,
    trade: a.trade,
    resolution: a.resolution,
  };
}

const levelView = (l: LevelView): BookLevel => ({
  price: price(l.price),
  quantity: qty(l.qty),
  orders: l.orders,
});

export function statsView(m: MarketRec): MarketStats {
  const s = m.stats;
  return {
    lastTradePx: px(s.last),
    lastTradeQty: s.lastQty === null ? null : qty(s.lastQty),
    openPx: px(s.open),
    highPx: px(s.high),
    lowPx: px(s.low),
    sharesTraded: qty(s.shares),
    notionalTraded: money(s.notional),
    openInterest: qty(m.oi),
    settlementPx: m.info.settlement ? m.info.settlement.price : null,
  };
}

export function bookView(m: MarketRec, depth?: number): BookView {
  return {
    marketSlug: m.info.slug,
    state: m.info.state,
    bids: m.book.levels('buy', depth).map(levelView),
    offers: m.book.levels('sell', depth).map(levelView),
    stats: statsView(m),
    at: m.at,
  };
}

export function bboView(m: MarketRec): Bbo {
  const bid = m.book.bestBid();
  const ask = m.book.bestAsk();
  let bidShares = 0;
  let askShares = 0;
  for (const l of m.book.levels('buy')) bidShares += l.qty;
  for (const l of m.book.levels('sell')) askShares += l.qty;
  let current: number | null = m.stats.last;
  if (bid > 0 && ask > 0) current = (bid + ask) / 2;
  return {
    marketSlug: m.info.slug,
    state: m.info.state,
    bestBid: bid > 0 ? price(bid) : null,
    bestAsk: ask > 0 ? price(ask) : null,
    bidDepth: m.book.depth('buy'),
    askDepth: m.book.depth('sell'),
    bidShares: qty(bidShares),
    askShares: qty(askShares),
    lastTradePx: px(m.stats.last),
    currentPx: current === null ? null : current / PX,
    sharesTraded: qty(m.stats.shares),
    openInterest: qty(m.oi),
    settlementPx: m.info.settlement ? m.info.settlement.price : null,
    at: m.at,
  };
}
