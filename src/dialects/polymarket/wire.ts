// The vendor's JSON shapes (spec 1.4, 2.2, 2.3, 2.5, 5) from the exchange's objects: protobuf-JSON
// style, camelCase, enum names, money as `Amount` on orders and books and as plain numbers on
// balances, int64 as strings, RFC 3339 times. One serializer per shape, shared by REST and the
// sockets, so the two always agree (acceptance check 7). Pure functions.
import type {
  Balance,
  BalanceChange,
  Bbo,
  BookView,
  Execution,
  Market,
  Order,
  Position,
  PositionChange,
  Trade,
} from '../../exchange/api.js';

export interface Amount {
  value: string;
  currency: 'USD';
}

/** Prices to the engine's precision (1/1000), as the vendor's examples print them (`0.550`). */
export const px = (p: number): Amount => ({ value: p.toFixed(3), currency: 'USD' });
const pxOrNull = (p: number | null): Amount | null => (p === null ? null : px(p));
/** Decimal strings without trailing zeros: quantities (1/100 contract) and money (1/100000 $). */
export const qty = (n: number): string => String(Number(n.toFixed(2)));
const cash = (n: number): string => String(Number(n.toFixed(5)));
export const money = (n: number): Amount => ({ value: cash(n), currency: 'USD' });
/** int64 fields are strings; the deprecated whole-contract ones are rounded (spec 2.3.3). */
const int64 = (n: number): string => String(Math.round(n));
export const time = (ms: number): string => new Date(ms).toISOString();
const timeOrNull = (ms: number | null): string | null => (ms === null ? null : time(ms));
const dollars = (n: number): number => Number(n.toFixed(5));

export function marketMetadata(m: Market | null, slug: string) {
  if (!m) return { slug, icon: '', title: '', outcome: '', eventSlug: '' };
  return { slug: m.slug, icon: '', title: m.title, outcome: m.outcome, eventSlug: m.eventSlug };
}

const CLOSED_STATES = new Set([
  'MARKET_STATE_EXPIRED',
  'MARKET_STATE_TERMINATED',
  'MARKET_STATE_CLOSED',
]);

/**
 * Market detail: the SDK 0.1.1 fields (`id`, `title`, `outcome`, `active`, `closed`) and the
 * spec's REST fields (`question`, `orderPriceMinTickSize`, `minimumTradeQty`, …), both (0.1 C9).
 */
export function marketDetail(m: Market) {
  const closed = m.settlement !== null || CLOSED_STATES.has(m.state);
  return {
    id: m.id,
    slug: m.slug,
    title: m.title,
    outcome: m.outcome,
    description: m.question,
    question: m.question,
    active: m.state === 'MARKET_STATE_OPEN',
    closed,
    archived: false,
    state: m.state,
    eventSlug: m.eventSlug,
    category: 'sports',
    sportsMarketType: 'SPORTS_MARKET_TYPE_MONEYLINE',
    league: m.league,
    sport: m.sport,
    startTime: time(m.startsAt),
    gameStartTime: time(m.startsAt),
    createdAt: time(m.createdAt),
    orderPriceMinTickSize: m.tick,
    minimumTradeQty: m.minQty,
    marketSides: [
      { long: true, description: m.yes.name, identifier: m.yes.abbr },
      { long: false, description: m.no.name, identifier: m.no.abbr },
    ],
    /** The sportsbook event this market asks about (Linecast's canonical event id). */
    linecastEventId: m.eventId,
  };
}

const level = (l: { price: number; quantity: number }) => ({
  px: px(l.price),
  qty: qty(l.quantity),
});

/** `marketData` (spec 2.2.1): the whole book, stats as the REST superset. */
export function marketData(b: BookView) {
  const s = b.stats;
  return {
    marketSlug: b.marketSlug,
    bids: b.bids.map(level),
    offers: b.offers.map(level),
    state: b.state,
    stats: {
      lastTradePx: pxOrNull(s.lastTradePx),
      lastTradeQty: s.lastTradeQty === null ? '' : qty(s.lastTradeQty),
      openPx: pxOrNull(s.openPx),
      highPx: pxOrNull(s.highPx),
      lowPx: pxOrNull(s.lowPx),
      sharesTraded: qty(s.sharesTraded),
      notionalTraded: money(s.notionalTraded),
      openInterest: qty(s.openInterest),
      settlementPx: pxOrNull(s.settlementPx),
    },
    transactTime: time(b.at),
  };
}

/** `marketDataLite` (spec 2.2.2) with the REST-BBO extras. */
export function marketDataLite(b: Bbo) {
  return {
    marketSlug: b.marketSlug,
    currentPx: pxOrNull(b.currentPx),
    lastTradePx: pxOrNull(b.lastTradePx),
    bestBid: pxOrNull(b.bestBid),
    bestAsk: pxOrNull(b.bestAsk),
    bidDepth: b.bidDepth,
    askDepth: b.askDepth,
    sharesTraded: qty(b.sharesTraded),
    openInterest: qty(b.openInterest),
    settlementPx: pxOrNull(b.settlementPx),
    state: b.state,
    bidShares: qty(b.bidShares),
    askShares: qty(b.askShares),
  };
}

/** `trade` (spec 2.2.3): public, so no order ids or accounts. */
export function trade(t: Trade) {
  return {
    marketSlug: t.marketSlug,
    price: px(t.price),
    quantity: { value: qty(t.quantity), currency: 'USD' },
    tradeTime: time(t.at),
    maker: { side: t.maker.side, intent: t.maker.intent },
    taker: { side: t.taker.side, intent: t.taker.intent },
  };
}

/** Order (spec 2.5). */
export function order(o: Order, m: Market | null) {
  return {
    id: o.id,
    marketSlug: o.marketSlug,
    side: o.side,
    type: o.type,
    price: pxOrNull(o.price),
    quantity: o.quantity,
    cumQuantity: o.cumQuantity,
    leavesQuantity: o.leavesQuantity,
    tif: o.tif,
    goodTillTime: timeOrNull(o.goodTillTime),
    intent: o.intent,
    outcomeSide: o.outcomeSide,
    action: o.action,
    marketMetadata: marketMetadata(m, o.marketSlug),
    state: o.state,
    avgPx: pxOrNull(o.avgPx),
    cashOrderQty: o.cashOrderQty === null ? null : money(o.cashOrderQty),
    insertTime: time(o.insertTime),
    createTime: time(o.createTime),
    commissionNotionalTotalCollected: money(o.fees),
    commissionsBasisPoints: String(o.takerFeeBps),
    makerCommissionsBasisPoints: String(o.makerFeeBps),
    participateDontInitiate: o.postOnly,
  };
}

/** Execution report (spec 2.3.1); the reasons only on the events they explain. */
export function execution(e: Execution, m: Market | null) {
  return {
    id: e.id,
    order: order(e.order, m),
    lastShares: qty(e.lastShares),
    lastPx: pxOrNull(e.lastPx),
    type: e.type,
    text: e.text,
    ...(e.type === 'EXECUTION_TYPE_REJECTED' && e.order.rejectReason
      ? { orderRejectReason: e.order.rejectReason }
      : {}),
    ...(e.order.cancelReason ? { unsolicitedCancelReason: e.order.cancelReason } : {}),
    transactTime: time(e.at),
    tradeId: e.tradeId ?? '',
    aggressor: e.aggressor,
    commissionNotionalCollected: money(e.fee),
  };
}

/**
 * UserPosition (spec 2.3.3). `cashValue` (INFERRED): what the open contracts are worth at the
 * current price `mark` (null when the market has none).
 */
export function userPosition(p: Position, m: Market | null, mark: number | null) {
  const net = p.net;
  const value = mark === null ? null : net >= 0 ? net * mark : -net * (1 - mark);
  return {
    netPosition: int64(net),
    qtyBought: int64(p.qtyBought),
    qtySold: int64(p.qtySold),
    qtyAvailable: int64(Math.abs(net)),
    cost: money(p.cost),
    realized: money(p.realized),
    bodPosition: '0',
    expired: p.expired,
    updateTime: time(p.updateTime),
    marketMetadata: marketMetadata(m, p.marketSlug),
    cashValue: value === null ? null : money(value),
    avgPx: pxOrNull(p.avgPx),
    fees: money(p.fees),
    baseCost: null,
    costPerShare: net === 0 ? null : money(p.cost / Math.abs(net)),
    netPositionDecimal: qty(net),
    qtyBoughtDecimal: qty(p.qtyBought),
    qtySoldDecimal: qty(p.qtySold),
    bodPositionDecimal: '0',
    qtyAvailableDecimal: qty(Math.abs(net)),
    comboLegDetails: [],
    positionId: `${p.account}:${net < 0 ? 'SHORT' : 'LONG'}:${p.marketSlug}`,
  };
}

export type PositionLookup = (p: Position) => ReturnType<typeof userPosition>;

/**
 * A POSITION frame's payloads: the spec's `positionSubscription` and SDK 0.1.1's
 * `positionSubscriptionUpdate` (0.1 C1), the latter with the closed position when it closed.
 */
export function positionPayloads(c: PositionChange, encode: PositionLookup) {
  const before = c.before ? encode(c.before) : null;
  const after = c.after ? encode(c.after) : null;
  const closed = c.before
    ? encode({ ...c.before, net: 0, cost: 0, avgPx: null, updateTime: c.at })
    : null;
  return {
    positionSubscription: {
      beforePosition: before,
      afterPosition: after,
      updateTime: time(c.at),
      entryType: c.entryType,
      tradeId: c.tradeId ?? '',
      referenceId: '',
      description: '',
      allocationGroupId: '',
      transferReferenceTradeIds: [],
      shortTransfer: false,
      updateTradeDate: null,
    },
    positionSubscriptionUpdate: { marketSlug: c.marketSlug, position: after ?? closed },
  };
}

/** UserBalance (spec 2.3.4): money as JSON numbers. */
export function userBalance(b: Balance) {
  return {
    currentBalance: dollars(b.cash),
    currency: 'USD',
    lastUpdated: time(b.updateTime),
    buyingPower: dollars(b.buyingPower),
    assetNotional: 0,
    assetAvailable: 0,
    pendingCredit: 0,
    openOrders: dollars(b.openOrders),
    unsettledFunds: 0,
    pendingWithdrawals: [],
    marginRequirement: 0,
  };
}

/** The body of `GET /v1/account/balances` and of `accountBalancesSnapshot`. */
export const balances = (b: Balance) => ({ balances: [userBalance(b)] });

/** SDK 0.1.1's `{balance, buyingPower}` (0.1 C2, C3). */
export const sdkBalance = (b: Balance) => ({
  balance: dollars(b.cash),
  buyingPower: dollars(b.buyingPower),
});

/** An ACCOUNT_BALANCE update's payloads: the spec's key and SDK 0.1.1's (0.1 C2). */
export function balanceUpdatePayloads(c: BalanceChange) {
  return {
    accountBalancesUpdate: {
      balanceChange: {
        beforeBalance: userBalance(c.before),
        afterBalance: userBalance(c.after),
        description: c.description,
        updateTime: time(c.at),
        modifiedSecurityId: c.marketSlug ?? '',
        entryType: c.entryType,
        accountName: c.account,
        id: c.id,
      },
    },
    accountBalanceSubscriptionUpdate: sdkBalance(c.after),
  };
}

/** A data frame: `requestId`, `subscriptionType`, then the payload key(s), in that order. */
export function frame(requestId: string, type: string, payloads: Record<string, unknown>): string {
  return JSON.stringify({ requestId, subscriptionType: type, ...payloads });
}

export const HEARTBEAT = '{"heartbeat":{}}';

/** An error frame (spec 2.4): never on a data frame, always a non-empty `error`. */
export function errorFrame(error: string, requestId?: string, type?: string): string {
  return JSON.stringify({
    ...(requestId !== undefined ? { requestId } : {}),
    ...(type !== undefined ? { subscriptionType: type } : {}),
    error,
  });
}
