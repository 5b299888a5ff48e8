// The exchange engine's public interface: what a dialect (Polymarket US) and the market makers
// call. Enum values are the vendor's wire names (spec 4.2-4.8) so a dialect maps nothing; every
// price is the YES price in dollars, every quantity is contracts, every amount of money is
// dollars, every time is epoch milliseconds. Inside, the engine counts in exact integer units
// (see units.ts); the numbers here are those units divided out, so they are the nearest doubles
// to exact decimals and format cleanly with `toFixed`.

/** Spec 4.2. Orders are accepted only in `MARKET_STATE_OPEN`. */
export type MarketState =
  | 'MARKET_STATE_OPEN'
  | 'MARKET_STATE_PREOPEN'
  | 'MARKET_STATE_SUSPENDED'
  | 'MARKET_STATE_HALTED'
  | 'MARKET_STATE_EXPIRED'
  | 'MARKET_STATE_TERMINATED'
  | 'MARKET_STATE_MATCH_AND_CLOSE_AUCTION'
  | 'MARKET_STATE_CLOSED';

/** Side on the single YES instrument (spec 4.4). */
export type OrderSide = 'ORDER_SIDE_BUY' | 'ORDER_SIDE_SELL';
export type OrderIntent =
  | 'ORDER_INTENT_BUY_LONG'
  | 'ORDER_INTENT_SELL_LONG'
  | 'ORDER_INTENT_BUY_SHORT'
  | 'ORDER_INTENT_SELL_SHORT';
export type OutcomeSide = 'OUTCOME_SIDE_YES' | 'OUTCOME_SIDE_NO';
export type OrderAction = 'ORDER_ACTION_BUY' | 'ORDER_ACTION_SELL';
export type OrderType = 'ORDER_TYPE_LIMIT' | 'ORDER_TYPE_MARKET';
/** `DAY` behaves as GTC (the vendor does not cancel it at the roll either). */
export type TimeInForce =
  | 'TIME_IN_FORCE_DAY'
  | 'TIME_IN_FORCE_GOOD_TILL_CANCEL'
  | 'TIME_IN_FORCE_GOOD_TILL_DATE'
  | 'TIME_IN_FORCE_IMMEDIATE_OR_CANCEL'
  | 'TIME_IN_FORCE_FILL_OR_KILL';

/** Spec 4.5. The engine decides synchronously, so the PENDING_* states never appear. */
export type OrderState =
  | 'ORDER_STATE_NEW'
  | 'ORDER_STATE_PARTIALLY_FILLED'
  | 'ORDER_STATE_FILLED'
  | 'ORDER_STATE_CANCELED'
  | 'ORDER_STATE_REPLACED'
  | 'ORDER_STATE_REJECTED'
  | 'ORDER_STATE_EXPIRED'
  | 'ORDER_STATE_PENDING_NEW'
  | 'ORDER_STATE_PENDING_REPLACE'
  | 'ORDER_STATE_PENDING_CANCEL'
  | 'ORDER_STATE_PENDING_RISK';

/** Spec 4.6 (`DONE_FOR_DAY` is never produced). */
export type ExecutionType =
  | 'EXECUTION_TYPE_NEW'
  | 'EXECUTION_TYPE_PARTIAL_FILL'
  | 'EXECUTION_TYPE_FILL'
  | 'EXECUTION_TYPE_CANCELED'
  | 'EXECUTION_TYPE_REPLACE'
  | 'EXECUTION_TYPE_REJECTED'
  | 'EXECUTION_TYPE_EXPIRED'
  | 'EXECUTION_TYPE_DONE_FOR_DAY';

/**
 * Spec 4.7. The vendor has no "insufficient funds", "self-match" or "post-only would match"
 * reason; those reject with `EXCHANGE_OPTION` and say which in `text`.
 */
export type OrdRejectReason =
  | 'ORD_REJECT_REASON_EXCHANGE_OPTION'
  | 'ORD_REJECT_REASON_UNKNOWN_MARKET'
  | 'ORD_REJECT_REASON_EXCHANGE_CLOSED'
  | 'ORD_REJECT_REASON_INCORRECT_QUANTITY'
  | 'ORD_REJECT_REASON_INVALID_PRICE_INCREMENT'
  | 'ORD_REJECT_REASON_INCORRECT_ORDER_TYPE'
  | 'ORD_REJECT_REASON_PRICE_OUT_OF_BOUNDS'
  | 'ORD_REJECT_REASON_NO_LIQUIDITY';

export type UnsolicitedCxlReason =
  | 'UNSOLICITED_CXL_REASON_CONNECTION_LOSS'
  | 'UNSOLICITED_CXL_REASON_LOGOUT'
  | 'UNSOLICITED_CXL_REASON_EXCHANGE_OPTION'
  | 'UNSOLICITED_CXL_REASON_OTHER';

/** Spec 4.8. */
export type LedgerEntryType =
  | 'LEDGER_ENTRY_TYPE_ORDER_EXECUTION'
  | 'LEDGER_ENTRY_TYPE_DEPOSIT'
  | 'LEDGER_ENTRY_TYPE_WITHDRAWAL'
  | 'LEDGER_ENTRY_TYPE_RESOLUTION'
  | 'LEDGER_ENTRY_TYPE_COMMISSION'
  | 'LEDGER_ENTRY_TYPE_CORRECTION'
  | 'LEDGER_ENTRY_TYPE_NETTING'
  | 'LEDGER_ENTRY_TYPE_MANUAL_ADJUSTMENT'
  | 'LEDGER_ENTRY_TYPE_CONTRACT_EXPIRATION'
  | 'LEDGER_ENTRY_TYPE_UNDEFINED';

export interface Team {
  id: string;
  name: string;
  abbr: string;
}

/** How a market resolved: 1 when YES won, 0 when NO won. */
export interface Settlement {
  marketSlug: string;
  price: 0 | 1;
  at: number;
}

/** A binary question with one order book on its YES instrument. */
export interface Market {
  /** Numeric id (`GET /v1/market/id/{id}`); stable for the life of the engine. */
  id: number;
  /** Spec 4.9, e.g. `aec-nba-den-min-2026-06-02`; the first team is the YES side. */
  slug: string;
  /** The event slug, e.g. `nba-den-min-2026-06-02` (differs from the market slug). */
  eventSlug: string;
  /** The linked sportsbook event (canonical `SportEvent.id`), so venues can be compared. */
  eventId: string;
  sport: string;
  league: string;
  /** e.g. `Nuggets vs. Timberwolves`. */
  title: string;
  /** e.g. `Will the Nuggets beat the Timberwolves?`. */
  question: string;
  /** Name of the YES outcome (the YES team). */
  outcome: string;
  yes: Team;
  no: Team;
  state: MarketState;
  /** Minimum price increment (`orderPriceMinTickSize`), e.g. 0.01. */
  tick: number;
  /** Minimum order quantity in contracts (`minimumTradeQty`); below 1 allows fractions. */
  minQty: number;
  startsAt: number;
  createdAt: number;
  settlement: Settlement | null;
}

export interface Order {
  id: string;
  account: string;
  marketSlug: string;
  side: OrderSide;
  intent: OrderIntent;
  outcomeSide: OutcomeSide;
  action: OrderAction;
  type: OrderType;
  tif: TimeInForce;
  /** Limit price (YES); for market orders the worst price the order was allowed to reach, or null when it was rejected before pricing. */
  price: number | null;
  quantity: number;
  cumQuantity: number;
  leavesQuantity: number;
  /** Market orders sized in dollars; null otherwise. */
  cashOrderQty: number | null;
  goodTillTime: number | null;
  /** `participateDontInitiate`. */
  postOnly: boolean;
  state: OrderState;
  /** Average fill price (YES); null before the first fill. */
  avgPx: number | null;
  /** Commission collected on this order so far. */
  fees: number;
  takerFeeBps: number;
  makerFeeBps: number;
  rejectReason: OrdRejectReason | null;
  cancelReason: UnsolicitedCxlReason | null;
  /** Why it was rejected or cancelled, in words; empty otherwise. */
  text: string;
  createTime: number;
  /** When it (last) entered the book: set again by a modify that loses priority. */
  insertTime: number;
  updateTime: number;
}

/** One execution report (spec 2.3.1) for one order; `order` is the order after the event. */
export interface Execution {
  id: string;
  type: ExecutionType;
  order: Order;
  /** Fill quantity of this event; 0 for non-fill events. */
  lastShares: number;
  lastPx: number | null;
  tradeId: string | null;
  /** True when this order was the taker of the fill. */
  aggressor: boolean;
  /** Commission on this fill. */
  fee: number;
  text: string;
  at: number;
}

export interface TradeParty {
  side: OrderSide;
  intent: OrderIntent;
  orderId: string;
  /** Private: a public encoder must leave it out. */
  account: string;
}

/** One fill between a resting (maker) order and an incoming (taker) order. */
export interface Trade {
  id: string;
  marketSlug: string;
  /** The maker's price. */
  price: number;
  quantity: number;
  at: number;
  maker: TradeParty;
  taker: TradeParty;
}

/** One aggregated price level. */
export interface BookLevel {
  price: number;
  quantity: number;
  orders: number;
}

export interface MarketStats {
  lastTradePx: number | null;
  lastTradeQty: number | null;
  openPx: number | null;
  highPx: number | null;
  lowPx: number | null;
  /** Contracts traded since the market opened. */
  sharesTraded: number;
  /** Dollars (YES price x quantity) traded. */
  notionalTraded: number;
  /** Outstanding contracts: the sum of all long positions (= the sum of all shorts). */
  openInterest: number;
  settlementPx: number | null;
}

export interface BookView {
  marketSlug: string;
  state: MarketState;
  /** Highest price first. */
  bids: BookLevel[];
  /** Lowest price first. */
  offers: BookLevel[];
  stats: MarketStats;
  /** Time of the last change to this market's book, state or stats. */
  at: number;
}

export interface Bbo {
  marketSlug: string;
  state: MarketState;
  bestBid: number | null;
  bestAsk: number | null;
  /** Price levels (not shares) per side. */
  bidDepth: number;
  askDepth: number;
  bidShares: number;
  askShares: number;
  lastTradePx: number | null;
  /** Mid of the BBO when both sides exist, else the last trade, else null (spec 2.2.2). */
  currentPx: number | null;
  sharesTraded: number;
  openInterest: number;
  settlementPx: number | null;
  at: number;
}

/**
 * An account's position in one market. `net` > 0 is long YES, < 0 short YES (= long NO).
 * `cost` is the cash paid for the open contracts (YES price per long contract, 1 - YES price per
 * short one); `avgPx` is their average entry YES price; `realized` excludes fees.
 */
export interface Position {
  account: string;
  marketSlug: string;
  net: number;
  qtyBought: number;
  qtySold: number;
  cost: number;
  realized: number;
  avgPx: number | null;
  fees: number;
  /** True once the market settled (the position is then flat). */
  expired: boolean;
  updateTime: number;
}

export interface PositionChange {
  account: string;
  marketSlug: string;
  /** Null when the position opens. */
  before: Position | null;
  /** Null when the position is closed out (flat and not expired). */
  after: Position | null;
  entryType: LedgerEntryType;
  tradeId: string | null;
  at: number;
}

export interface Balance {
  account: string;
  /** Cash (`currentBalance`); never negative. */
  cash: number;
  /** Cash held for working orders (`openOrders`). */
  openOrders: number;
  /** `cash - openOrders`. */
  buyingPower: number;
  updateTime: number;
}

/** One ledger entry (spec 4.8) as it changed the account's cash. */
export interface Activity {
  id: string;
  account: string;
  type: LedgerEntryType;
  marketSlug: string | null;
  /** Signed change to cash. */
  amount: number;
  /** Cash after the entry. */
  cashAfter: number;
  description: string;
  at: number;
  /** Set for order executions. */
  trade: Trade | null;
  /** Set for resolutions: contracts settled (signed like `net`) and the settlement price. */
  resolution: { quantity: number; price: 0 | 1 } | null;
}

export interface BalanceChange {
  /** The ledger entry id (the activity's id). */
  id: string;
  account: string;
  before: Balance;
  after: Balance;
  entryType: LedgerEntryType;
  description: string;
  marketSlug: string | null;
  at: number;
}

/** Order input, already shape-checked by the caller; values are checked by the engine. */
export interface OrderRequest {
  marketSlug: string;
  /** Either `intent`, or `outcomeSide` + `action` (which wins when both are sent, spec 4.4). */
  intent?: OrderIntent;
  outcomeSide?: OutcomeSide;
  action?: OrderAction;
  /** Default `ORDER_TYPE_LIMIT`. */
  type?: OrderType;
  /** YES price; required for limit orders. */
  price?: number;
  quantity?: number;
  /** Market buys: spend at most this many dollars instead of a quantity. */
  cashOrderQty?: number;
  /** Default GTC; market orders are always IOC. */
  tif?: TimeInForce;
  goodTillTime?: number;
  postOnly?: boolean;
  /** Market orders: the worst price is `currentPrice` -/+ `ticks` ticks (or `bips` basis points; ticks win). */
  slippageTolerance?: { currentPrice: number; bips?: number; ticks?: number };
}

export interface ModifyRequest {
  price?: number;
  /** New total quantity (including what already filled). */
  quantity?: number;
  tif?: TimeInForce;
  goodTillTime?: number;
  postOnly?: boolean;
}

/**
 * The outcome of a create. Every create returns an order id, even a rejected one (spec 4.7 note):
 * the reject is also an `EXECUTION_TYPE_REJECTED` event on the account's order stream.
 */
export interface OrderResult {
  order: Order;
  /** Every execution report this request produced, in order (NEW, fills, cancel/reject). */
  executions: Execution[];
}

/** Why a cancel/modify/close on an existing order did nothing. Never changes a balance. */
export type OrderOpError =
  /** No such order for this account (another account's order reads as not found). */
  | 'not_found'
  /** The order is already terminal. */
  | 'not_open'
  /** The market is not open. */
  | 'market_closed'
  /** The requested change is invalid; `reason` says which. */
  | 'rejected';

export type OrderOpResult =
  | { ok: true; result: OrderResult }
  | { ok: false; error: OrderOpError; reason?: OrdRejectReason; text: string };

export interface ActivityQuery {
  marketSlug?: string;
  types?: LedgerEntryType[];
  /** Default 100. */
  limit?: number;
  /** `nextCursor` from the previous page. */
  cursor?: string;
  /** Default `desc` (newest first). */
  sortOrder?: 'asc' | 'desc';
}

export interface ActivityPage {
  activities: Activity[];
  /** Null at the end. */
  nextCursor: string | null;
}

/**
 * What the engine tells its subscribers. `seq` is the engine's own monotonic sequence (one per
 * event, across all markets and accounts). Events of one operation are delivered after the
 * operation is complete, so a listener that reads the engine sees the state after it.
 */
export type ExchangeEvent =
  /** The book, state or stats of a market changed: read `book`/`bbo` for the new state. */
  | { kind: 'book'; seq: number; at: number; marketSlug: string }
  /** A market's metadata changed (state, settlement) or a market was listed. */
  | { kind: 'market'; seq: number; at: number; market: Market }
  | { kind: 'trade'; seq: number; at: number; trade: Trade }
  /** One per execution report: NEW, each fill (maker and taker), CANCELED, REPLACE, REJECTED, EXPIRED. */
  | { kind: 'order'; seq: number; at: number; account: string; execution: Execution }
  /** One per party per fill (entry type ORDER_EXECUTION) and per position at settlement (RESOLUTION). */
  | { kind: 'position'; seq: number; at: number; account: string; change: PositionChange }
  /**
   * One per account per operation that changed its cash or holds (a fill, a deposit, a placed or
   * cancelled order), after that operation's other events; `change.id` and `entryType` name the
   * operation's last ledger entry (`LEDGER_ENTRY_TYPE_UNDEFINED` when only holds moved).
   */
  | { kind: 'balance'; seq: number; at: number; account: string; change: BalanceChange };

/** Which events a subscriber wants. Absent fields match everything. */
export interface EventFilter {
  /** Only this account's private events (order, position, balance); public events are kept. */
  account?: string;
  /** Only events about these markets (balance events always pass: they concern the account). */
  markets?: readonly string[];
  /** Only these kinds. */
  kinds?: readonly ExchangeEvent['kind'][];
}

export type ExchangeListener = (event: ExchangeEvent) => void;

/** What a market listing needs; the engine assigns id, state, createdAt. */
export interface MarketListing {
  slug: string;
  eventSlug: string;
  eventId: string;
  sport: string;
  league: string;
  title: string;
  question: string;
  yes: Team;
  no: Team;
  startsAt: number;
  /** Default from config (0.01). */
  tick?: number;
  /** Default from config (1). */
  minQty?: number;
  /** Default `MARKET_STATE_OPEN`. */
  state?: MarketState;
}

export interface MarketQuery {
  states?: readonly MarketState[];
  eventId?: string;
  slugs?: readonly string[];
}

/**
 * The engine. Every method is synchronous and never throws on bad input (a bad order is a
 * rejected order); only `listMarket` throws, on a tick or minimum that is not whole engine units
 * (0.001 dollars, 0.01 contracts), which configuration validation rules out first.
 */
export interface Exchange {
  // Markets
  listMarket(listing: MarketListing): Market;
  markets(query?: MarketQuery): Market[];
  marketBySlug(slug: string): Market | null;
  marketById(id: number): Market | null;
  /** Changes state; leaving OPEN cancels nothing (orders rest until the market settles). */
  setMarketState(slug: string, state: MarketState): Market | null;
  /**
   * Cancels every working order (unsolicited, `EXCHANGE_OPTION`) and marks the market CLOSED, for
   * a question that will not resolve now (event cancelled or postponed); positions stay open
   * until `settle`. Null for an unknown slug.
   */
  closeMarket(slug: string): Market | null;
  /** Cancels all working orders, pays 1 per winning contract, marks the market EXPIRED. */
  settle(slug: string, yesWins: boolean): Settlement | null;
  /** Null for an unknown slug. `depth` caps the levels per side. */
  book(slug: string, depth?: number): BookView | null;
  bbo(slug: string): Bbo | null;
  settlement(slug: string): Settlement | null;
  /** The market's most recent trades, oldest first (at most `limit`; the tape is bounded). */
  trades(slug: string, limit?: number): Trade[];

  // Accounts and ledger
  /** Opens an account with `startingBalance` (default from config); returns the existing one if open. */
  openAccount(account: string, startingBalance?: number): Balance;
  balance(account: string): Balance | null;
  /**
   * Deposit (amount > 0) or withdrawal (< 0), and its balance event; null when the account is
   * unknown, the amount is not a positive or negative number of 0.00001 dollars, or a withdrawal
   * would take cash below what working orders hold.
   */
  fund(account: string, amount: number, description?: string): BalanceChange | null;
  positions(account: string, marketSlug?: string): Position[];
  activities(account: string, query?: ActivityQuery): ActivityPage;

  // Orders
  createOrder(account: string, request: OrderRequest): OrderResult;
  /** Validates and prices without placing: REJECTED with a reason, or NEW. No events. */
  previewOrder(account: string, request: OrderRequest): Order;
  order(account: string, orderId: string): Order | null;
  openOrders(account: string, marketSlugs?: readonly string[]): Order[];
  cancelOrder(account: string, orderId: string): OrderOpResult;
  /** Cancels every working order (in the given markets); returns the cancelled ids. */
  cancelAll(account: string, marketSlugs?: readonly string[]): string[];
  modifyOrder(account: string, orderId: string, change: ModifyRequest): OrderOpResult;
  /**
   * A market order (SELL_LONG for a long, SELL_SHORT for a short) for the whole position:
   * `{ok: true, result}` whose order may itself be REJECTED (as a create's), or `not_found`
   * when the account has no position in the market.
   */
  closePosition(
    account: string,
    marketSlug: string,
    slippageTolerance?: OrderRequest['slippageTolerance'],
  ): OrderOpResult;

  // Events
  subscribe(listener: ExchangeListener, filter?: EventFilter): () => void;
  /** The seq of the last event emitted (0 before any). */
  seq(): number;
}

/** Engine settings (from `exchange.*` in the config; see docs/configuration.md). */
export interface ExchangeSettings {
  /** Dollars a new account starts with. */
  startingBalance: number;
  takerFeeBps: number;
  makerFeeBps: number;
  /** Defaults for listed markets. */
  tick: number;
  minQty: number;
  /** Terminal orders kept per account for `order(id)` lookups (oldest forgotten first). */
  maxClosedOrdersPerAccount: number;
  /** Ledger entries kept per account for `activities` (oldest forgotten first). */
  maxActivitiesPerAccount: number;
  /** Trades kept per market for `trades` (oldest forgotten first). */
  maxTradesPerMarket: number;
}

/**
 * `createExchange(deps, settings?)` in `src/exchange/index.ts` builds one. Time comes only from
 * `deps.clock`, GTD expiry only from `deps.scheduler`; a throwing listener is reported to
 * `deps.onError` and never stops the engine.
 */
export interface ExchangeDeps {
  clock: () => number;
  scheduler: {
    after(ms: number, fn: () => void): () => void;
    every(ms: number, fn: () => void): () => void;
  };
  onError?: (err: unknown) => void;
}
