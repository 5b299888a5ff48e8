// The matching engine: markets, accounts and working orders, price-time matching, and the event
// stream. Every public method is one operation: it runs to completion, then the accounts it
// touched get one balance event each, the markets it touched one book event each, and the
// queued events are delivered (events.ts).
import type {
  ActivityPage,
  ActivityQuery,
  Balance,
  BalanceChange,
  Bbo,
  BookView,
  EventFilter,
  Exchange,
  ExchangeDeps,
  ExchangeListener,
  ExchangeSettings,
  Execution,
  ExecutionType,
  LedgerEntryType,
  Market,
  MarketListing,
  MarketQuery,
  MarketState,
  ModifyRequest,
  Order,
  OrderOpResult,
  OrderRequest,
  OrderResult,
  OrderState,
  OrdRejectReason,
  Position,
  PositionChange,
  Settlement,
  Trade,
  UnsolicitedCxlReason,
} from './api.js';
import { EventHub } from './events.js';
import { direction } from './intent.js';
import {
  type AccountRec,
  type ActivityRec,
  applyFill,
  type FillEffect,
  type PositionRec,
} from './ledger.js';
import {
  activityView,
  balanceView,
  bboView,
  bookView,
  ClosedOrders,
  MarketRec,
  orderView,
  positionView,
  type Working,
} from './records.js';
import { fee, MAX_MONEY, MONEY, PX, QTY, toUnits } from './units.js';
import { checkOrder, checkPrice, checkQuantity } from './validate.js';

export const DEFAULT_SETTINGS: ExchangeSettings = {
  startingBalance: 1000,
  takerFeeBps: 0,
  makerFeeBps: 0,
  tick: 0.01,
  minQty: 1,
  maxClosedOrdersPerAccount: 1000,
  maxActivitiesPerAccount: 10_000,
  maxTradesPerMarket: 1000,
};

/** Longest single timer: Node runs a setTimeout beyond 2^31 - 1 ms at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Fees above this could exceed what a covering fill pays back (see ledger.ts marketHold). */
export const MAX_FEE_BPS = 100;

type Reject = { reason: OrdRejectReason; text: string };

interface Touched {
  before: Balance;
  last: ActivityRec | null;
  market: string | null;
}

/** What `audit` reports: the sums the invariants are stated over (integer units). */
export interface Audit {
  cash: number;
  holds: number;
  /** Open interest of all markets, in money units (1 dollar per outstanding contract pair). */
  collateral: number;
  fees: number;
  deposits: number;
  /** Accounts whose cash is negative or below their holds. */
  overdrawn: string[];
}

export class ExchangeEngine implements Exchange {
  private readonly settings: ExchangeSettings;
  private readonly bySlug = new Map<string, MarketRec>();
  private readonly byId = new Map<number, MarketRec>();
  private readonly accounts = new Map<string, AccountRec>();
  private readonly working = new Map<string, Working>();
  /** Working orders by account, in the order they were placed. */
  private readonly byAccount = new Map<string, Set<Working>>();
  private readonly closed = new Map<string, ClosedOrders>();
  private readonly hub: EventHub;
  private readonly holdBps: number;
  private ids = { order: 0, trade: 0, exec: 0, ledger: 0, market: 0 };
  private deposits = 0;
  private feesCollected = 0;
  private depth = 0;
  private readonly touched = new Map<string, Touched>();
  private readonly dirty = new Set<MarketRec>();
  private readonly lastChange = new Map<string, BalanceChange>();

  constructor(
    private readonly deps: ExchangeDeps,
    settings: Partial<ExchangeSettings> = {},
  ) {
    this.settings = { ...DEFAULT_SETTINGS, ...settings };
    const { takerFeeBps, makerFeeBps } = this.settings;
    for (const bps of [takerFeeBps, makerFeeBps]) {
      if (!(Number.isInteger(bps) && bps >= 0 && bps <= MAX_FEE_BPS)) {
        throw new Error(`exchange fees must be whole basis points within 0-${MAX_FEE_BPS}`);
      }
    }
    this.holdBps = Math.max(takerFeeBps, makerFeeBps);
    this.hub = new EventHub(deps.onError ?? (() => {}));
  }

  // ---- markets ----

  listMarket(listing: MarketListing): Market {
    const existing = this.bySlug.get(listing.slug);
    if (existing) return { ...existing.info };
    return this.op(() => {
      const now = this.deps.clock();
      const tick = toUnits(listing.tick ?? this.settings.tick, PX);
      const minQty = toUnits(listing.minQty ?? this.settings.minQty, QTY);
      if (tick === null || tick < 1 || minQty === null || minQty < 1) {
        throw new Error(`market ${listing.slug}: tick and minimum quantity must be positive units`);
      }
      const info: Market = {
        id: ++this.ids.market,
        slug: listing.slug,
        eventSlug: listing.eventSlug,
        eventId: listing.eventId,
        sport: listing.sport,
        league: listing.league,
        title: listing.title,
        question: listing.question,
        outcome: listing.yes.name,
        yes: listing.yes,
        no: listing.no,
        state: listing.state ?? 'MARKET_STATE_OPEN',
        tick: tick / PX,
        minQty: minQty / QTY,
        startsAt: listing.startsAt,
        createdAt: now,
        settlement: null,
      };
      const m = new MarketRec(info, tick, minQty);
      this.bySlug.set(info.slug, m);
      this.byId.set(info.id, m);
      this.marketChanged(m, now);
      return { ...info };
    });
  }

  markets(query: MarketQuery = {}): Market[] {
    const out: Market[] = [];
    for (const m of this.bySlug.values()) {
      if (query.states && !query.states.includes(m.info.state)) continue;
      if (query.eventId !== undefined && m.info.eventId !== query.eventId) continue;
      if (query.slugs && !query.slugs.includes(m.info.slug)) continue;
      out.push({ ...m.info });
    }
    return out;
  }

  marketBySlug(slug: string): Market | null {
    const m = this.bySlug.get(slug);
    return m ? { ...m.info } : null;
  }

  marketById(id: number): Market | null {
    const m = this.byId.get(id);
    return m ? { ...m.info } : null;
  }

  setMarketState(slug: string, state: MarketState): Market | null {
    const m = this.bySlug.get(slug);
    if (!m) return null;
    if (m.info.settlement || m.info.state === state) return { ...m.info };
    return this.op(() => {
      m.info.state = state;
      this.marketChanged(m, this.deps.clock());
      return { ...m.info };
    });
  }

  closeMarket(slug: string): Market | null {
    const m = this.bySlug.get(slug);
    if (!m) return null;
    if (m.info.settlement) return { ...m.info };
    return this.op(() => {
      const now = this.deps.clock();
      this.cancelEveryone(m, now, 'market closed');
      if (m.info.state !== 'MARKET_STATE_CLOSED') {
        m.info.state = 'MARKET_STATE_CLOSED';
        this.marketChanged(m, now);
      }
      return { ...m.info };
    });
  }

  settle(slug: string, yesWins: boolean): Settlement | null {
    const m = this.bySlug.get(slug);
    if (!m) return null;
    if (m.info.settlement) return { ...m.info.settlement };
    return this.op(() => {
      const now = this.deps.clock();
      this.cancelEveryone(m, now, 'market settled');
      const price: 0 | 1 = yesWins ? 1 : 0;
      for (const id of m.holders) {
        const acct = this.accounts.get(id);
        const pos = acct?.positions.get(slug);
        if (!acct || !pos || pos.expired) continue;
        if (pos.net === 0) {
          pos.expired = true;
          continue;
        }
        this.touch(acct, slug);
        const before = positionView(id, pos);
        const won = yesWins ? Math.max(0, pos.net) : Math.max(0, -pos.net);
        const payout = won * PX;
        const quantity = pos.net / QTY;
        pos.realized += payout - pos.cost;
        pos.cost = 0;
        pos.net = 0;
        pos.expired = true;
        pos.updateTime = now;
        acct.cash += payout;
        acct.updateTime = now;
        this.record(
          acct,
          'LEDGER_ENTRY_TYPE_RESOLUTION',
          slug,
          payout,
          'Market resolution',
          now,
          null,
          {
            quantity,
            price,
          },
        );
        this.positionEvent(
          id,
          slug,
          before,
          positionView(id, pos),
          'LEDGER_ENTRY_TYPE_RESOLUTION',
          null,
          now,
        );
      }
      m.oi = 0;
      m.info.state = 'MARKET_STATE_EXPIRED';
      m.info.settlement = { marketSlug: slug, price, at: now };
      this.marketChanged(m, now);
      return { ...m.info.settlement };
    });
  }

  book(slug: string, depth?: number): BookView | null {
    const m = this.bySlug.get(slug);
    return m ? bookView(m, depth) : null;
  }

  bbo(slug: string): Bbo | null {
    const m = this.bySlug.get(slug);
    return m ? bboView(m) : null;
  }

  settlement(slug: string): Settlement | null {
    const s = this.bySlug.get(slug)?.info.settlement;
    return s ? { ...s } : null;
  }

  trades(slug: string, limit = Number.POSITIVE_INFINITY): Trade[] {
    const tape = this.bySlug.get(slug)?.trades ?? [];
    return tape.slice(Math.max(0, tape.length - limit));
  }

  // ---- accounts ----

  openAccount(account: string, startingBalance?: number): Balance {
    const existing = this.accounts.get(account);
    if (existing) return balanceView(existing);
    return this.op(() => {
      const now = this.deps.clock();
      const acct: AccountRec = {
        id: account,
        cash: 0,
        hold: 0,
        holds: new Map(),
        positions: new Map(),
        activities: [],
        updateTime: now,
      };
      this.accounts.set(account, acct);
      this.closed.set(account, new ClosedOrders());
      const start = toUnits(startingBalance ?? this.settings.startingBalance, MONEY);
      if (start !== null && start > 0 && start <= MAX_MONEY) {
        this.touch(acct, null);
        this.move(acct, start, 'LEDGER_ENTRY_TYPE_DEPOSIT', 'Starting balance', now);
      }
      return balanceView(acct);
    });
  }

  balance(account: string): Balance | null {
    const acct = this.accounts.get(account);
    return acct ? balanceView(acct) : null;
  }

  fund(account: string, amount: number, description?: string): BalanceChange | null {
    const acct = this.accounts.get(account);
    const units = toUnits(amount, MONEY);
    if (!acct || units === null || units === 0 || Math.abs(units) > MAX_MONEY) return null;
    if (acct.cash + units < acct.hold || acct.cash + units > MAX_MONEY) return null;
    this.lastChange.delete(account);
    this.op(() => {
      this.touch(acct, null);
      const type = units > 0 ? 'LEDGER_ENTRY_TYPE_DEPOSIT' : 'LEDGER_ENTRY_TYPE_WITHDRAWAL';
      this.move(
        acct,
        units,
        type,
        description ?? (units > 0 ? 'Deposit' : 'Withdrawal'),
        this.deps.clock(),
      );
    });
    return this.lastChange.get(account) ?? null;
  }

  positions(account: string, marketSlug?: string): Position[] {
    const acct = this.accounts.get(account);
    if (!acct) return [];
    const out: Position[] = [];
    for (const p of acct.positions.values()) {
      if (marketSlug === undefined || p.market === marketSlug) out.push(positionView(account, p));
    }
    return out;
  }

  activities(account: string, query: ActivityQuery = {}): ActivityPage {
    const acct = this.accounts.get(account);
    if (!acct) return { activities: [], nextCursor: null };
    const limit = Math.max(1, Math.min(1000, Math.floor(query.limit ?? 100)));
    const asc = query.sortOrder === 'asc';
    const after = query.cursor === undefined ? null : Number(query.cursor);
    const list = asc ? acct.activities : [...acct.activities].reverse();
    const out = [];
    let more = false;
    for (const a of list) {
      if (after !== null && Number.isFinite(after) && (asc ? a.n <= after : a.n >= after)) continue;
      if (query.marketSlug !== undefined && a.market !== query.marketSlug) continue;
      if (query.types && !query.types.includes(a.type)) continue;
      if (out.length === limit) {
        more = true;
        break;
      }
      out.push(a);
    }
    const last = out.at(-1);
    return {
      activities: out.map((a) => activityView(account, a)),
      nextCursor: more && last ? String(last.n) : null,
    };
  }

  // ---- orders ----

  createOrder(account: string, request: OrderRequest): OrderResult {
    return this.op(() => this.place(account, request));
  }

  previewOrder(account: string, request: OrderRequest): Order {
    const { w, reject } = this.prepare(account, request, this.deps.clock());
    if (reject) {
      w.state = 'ORDER_STATE_REJECTED';
      w.rejectReason = reject.reason;
      w.text = reject.text;
      w.leaves = 0;
    }
    return orderView(w);
  }

  order(account: string, orderId: string): Order | null {
    const w = this.working.get(orderId) ?? this.closed.get(account)?.get(orderId);
    return w && w.account === account ? orderView(w) : null;
  }

  openOrders(account: string, marketSlugs?: readonly string[]): Order[] {
    return this.workingOf(account, marketSlugs).map(orderView);
  }

  cancelOrder(account: string, orderId: string): OrderOpResult {
    const w = this.working.get(orderId);
    if (!w || w.account !== account) return this.missing(account, orderId);
    return this.op(() => {
      const exec = this.end(
        w,
        'EXECUTION_TYPE_CANCELED',
        'ORDER_STATE_CANCELED',
        this.deps.clock(),
        {},
      );
      return { ok: true, result: { order: orderView(w), executions: [exec] } };
    });
  }

  cancelAll(account: string, marketSlugs?: readonly string[]): string[] {
    const mine = this.workingOf(account, marketSlugs);
    if (mine.length === 0) return [];
    return this.op(() => {
      const now = this.deps.clock();
      for (const w of mine) this.end(w, 'EXECUTION_TYPE_CANCELED', 'ORDER_STATE_CANCELED', now, {});
      return mine.map((w) => w.id);
    });
  }

  modifyOrder(account: string, orderId: string, change: ModifyRequest): OrderOpResult {
    const w = this.working.get(orderId);
    if (!w || w.account !== account || !w.market) return this.missing(account, orderId);
    const m = w.market;
    if (m.info.state !== 'MARKET_STATE_OPEN') {
      return {
        ok: false,
        error: 'market_closed',
        reason: 'ORD_REJECT_REASON_EXCHANGE_CLOSED',
        text: `market is not open: ${m.info.state}`,
      };
    }
    const now = this.deps.clock();
    const bad = (reason: OrdRejectReason, text: string): OrderOpResult => ({
      ok: false,
      error: 'rejected',
      reason,
      text,
    });
    const rules = m.rules();
    let price = w.price;
    if (change.price !== undefined) {
      const p = checkPrice(rules, change.price);
      if (typeof p !== 'number')
        return p.ok ? bad('ORD_REJECT_REASON_EXCHANGE_OPTION', '') : bad(p.reason, p.text);
      price = p;
    }
    let qty = w.qty;
    if (change.quantity !== undefined) {
      const q = checkQuantity(rules, change.quantity);
      if (typeof q === 'string') return bad('ORD_REJECT_REASON_INCORRECT_QUANTITY', q);
      qty = q;
    }
    if (qty <= w.cum)
      return bad(
        'ORD_REJECT_REASON_INCORRECT_QUANTITY',
        'quantity must exceed what already filled',
      );
    const tif = change.tif ?? w.tif;
    if (tif === 'TIME_IN_FORCE_IMMEDIATE_OR_CANCEL' || tif === 'TIME_IN_FORCE_FILL_OR_KILL') {
      return bad(
        'ORD_REJECT_REASON_INCORRECT_ORDER_TYPE',
        'a resting order cannot become IOC or FOK',
      );
    }
    let gtt = tif === 'TIME_IN_FORCE_GOOD_TILL_DATE' ? (change.goodTillTime ?? w.gtt) : null;
    if (
      tif === 'TIME_IN_FORCE_GOOD_TILL_DATE' &&
      (gtt === null || !Number.isFinite(gtt) || gtt <= now)
    ) {
      return bad(
        'ORD_REJECT_REASON_INCORRECT_ORDER_TYPE',
        'a GTD order needs a future goodTillTime',
      );
    }
    if (tif !== 'TIME_IN_FORCE_GOOD_TILL_DATE') gtt = null;
    const postOnly = change.postOnly ?? w.postOnly;
    const leaves = qty - w.cum;
    const blocked = this.blocked(m, w, price, leaves, postOnly);
    if (blocked) return bad(blocked.reason, blocked.text);
    return this.op(() => {
      const acct = this.accounts.get(account)!;
      this.touch(acct, w.slug);
      const keep = price === w.price && leaves <= w.leaves;
      const own = m.workingOf(account);
      own.sub(w.side, w.price, w.leaves);
      if (keep) m.book.shrink(w, leaves);
      else {
        m.book.remove(w);
        w.price = price;
        w.leaves = leaves;
        w.insertTime = now;
      }
      own.add(w.side, w.price, w.leaves);
      w.qty = qty;
      w.tif = tif;
      w.postOnly = postOnly;
      w.updateTime = now;
      if (w.gtt !== gtt) {
        w.timer?.();
        w.timer = null;
        w.gtt = gtt;
        this.arm(w, now);
      }
      const executions = [this.execution(w, 'EXECUTION_TYPE_REPLACE', now, {})];
      if (!keep) {
        this.match(w, now, executions);
        if (w.leaves > 0) m.book.add(w);
        else this.retire(w);
      }
      this.refreshHold(acct, m);
      this.marketTouched(m, now);
      return { ok: true, result: { order: orderView(w), executions } };
    });
  }

  closePosition(
    account: string,
    marketSlug: string,
    slippageTolerance?: OrderRequest['slippageTolerance'],
  ): OrderOpResult {
    const pos = this.accounts.get(account)?.positions.get(marketSlug);
    if (!pos || pos.net === 0)
      return { ok: false, error: 'not_found', text: `no open position in ${marketSlug}` };
    const request: OrderRequest = {
      marketSlug,
      intent: pos.net > 0 ? 'ORDER_INTENT_SELL_LONG' : 'ORDER_INTENT_SELL_SHORT',
      type: 'ORDER_TYPE_MARKET',
      quantity: Math.abs(pos.net) / QTY,
      ...(slippageTolerance ? { slippageTolerance } : {}),
    };
    return { ok: true, result: this.createOrder(account, request) };
  }

  // ---- events ----

  subscribe(listener: ExchangeListener, filter?: EventFilter): () => void {
    return this.hub.subscribe(listener, filter);
  }

  seq(): number {
    return this.hub.seq();
  }

  /** The sums the invariants are stated over; the property tests check them after every step. */
  audit(): Audit {
    let cash = 0;
    let holds = 0;
    const overdrawn: string[] = [];
    for (const a of this.accounts.values()) {
      cash += a.cash;
      holds += a.hold;
      if (a.cash < 0 || a.cash < a.hold) overdrawn.push(a.id);
    }
    let collateral = 0;
    for (const m of this.bySlug.values()) collateral += m.oi * PX;
    return {
      cash,
      holds,
      collateral,
      fees: this.feesCollected,
      deposits: this.deposits,
      overdrawn,
    };
  }

  // ---- internals ----

  private op<T>(fn: () => T): T {
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
      if (this.depth === 0) this.endOp();
    }
  }

  private endOp(): void {
    for (const [id, t] of this.touched) {
      const acct = this.accounts.get(id);
      if (!acct) continue;
      const after = balanceView(acct);
      if (after.cash === t.before.cash && after.openOrders === t.before.openOrders) continue;
      const change: BalanceChange = {
        id: t.last?.id ?? `led_${++this.ids.ledger}`,
        account: id,
        before: t.before,
        after,
        entryType: t.last?.type ?? 'LEDGER_ENTRY_TYPE_UNDEFINED',
        description: t.last?.description ?? 'Open orders changed',
        marketSlug: t.last?.market ?? t.market,
        at: after.updateTime,
      };
      this.lastChange.set(id, change);
      this.hub.emit({ kind: 'balance', at: change.at, account: id, change });
    }
    for (const m of this.dirty) this.hub.emit({ kind: 'book', at: m.at, marketSlug: m.info.slug });
    this.touched.clear();
    this.dirty.clear();
    this.hub.flush();
  }

  private touch(acct: AccountRec, market: string | null): void {
    const t = this.touched.get(acct.id);
    if (t) {
      if (market !== null) t.market = market;
      return;
    }
    this.touched.set(acct.id, { before: balanceView(acct), last: null, market });
  }

  private marketTouched(m: MarketRec, now: number): void {
    m.at = now;
    this.dirty.add(m);
  }

  private marketChanged(m: MarketRec, now: number): void {
    this.marketTouched(m, now);
    this.hub.emit({ kind: 'market', at: now, market: { ...m.info } });
  }

  /** Cancels every working order in the market, of every account, as the exchange's doing. */
  private cancelEveryone(m: MarketRec, now: number, text: string): void {
    for (const own of m.working.values()) {
      for (const w of [...own.orders]) {
        this.end(w, 'EXECUTION_TYPE_CANCELED', 'ORDER_STATE_CANCELED', now, {
          cancel: 'UNSOLICITED_CXL_REASON_EXCHANGE_OPTION',
          text,
        });
      }
    }
  }

  /** Deposits and withdrawals: the only ledger entries that change the total of all cash. */
  private move(
    acct: AccountRec,
    units: number,
    type: LedgerEntryType,
    description: string,
    now: number,
  ): void {
    acct.cash += units;
    acct.updateTime = now;
    this.deposits += units;
    this.record(acct, type, null, units, description, now, null, null);
  }

  private record(
    acct: AccountRec,
    type: LedgerEntryType,
    market: string | null,
    amount: number,
    description: string,
    at: number,
    trade: Trade | null,
    resolution: ActivityRec['resolution'],
  ): void {
    const n = ++this.ids.ledger;
    const rec: ActivityRec = {
      n,
      id: `led_${n}`,
      type,
      market,
      amount,
      cashAfter: acct.cash,
      description,
      at,
      trade,
      resolution,
    };
    acct.activities.push(rec);
    if (acct.activities.length > this.settings.maxActivitiesPerAccount) acct.activities.shift();
    const t = this.touched.get(acct.id);
    if (t) t.last = rec;
  }

  /** The account's working orders, in the given markets (all when none are given). */
  private workingOf(account: string, marketSlugs?: readonly string[]): Working[] {
    const mine = this.byAccount.get(account);
    if (!mine) return [];
    if (!marketSlugs || marketSlugs.length === 0) return [...mine];
    const out: Working[] = [];
    for (const slug of new Set(marketSlugs)) {
      const own = this.bySlug.get(slug)?.working.get(account);
      if (own) out.push(...own.orders);
    }
    return out;
  }

  private missing(account: string, orderId: string): OrderOpResult {
    return this.closed.get(account)?.has(orderId)
      ? { ok: false, error: 'not_open', text: `order ${orderId} is no longer open` }
      : { ok: false, error: 'not_found', text: `order not found: ${orderId}` };
  }

  /** Builds the order and runs every check; `reject` is set when it may not trade. */
  private prepare(
    account: string,
    req: OrderRequest,
    now: number,
  ): { w: Working; reject: Reject | null } {
    const m = this.bySlug.get(req.marketSlug) ?? null;
    const acct = this.accounts.get(account);
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
      requestedPrice:
        typeof req.price === 'number' && Number.isFinite(req.price) ? req.price : null,
      requestedQty:
        typeof req.quantity === 'number' && Number.isFinite(req.quantity) ? req.quantity : null,
      cash: null,
      gtt: req.goodTillTime ?? null,
      postOnly: req.postOnly === true,
      state: 'ORDER_STATE_NEW',
      notional: 0,
      fees: 0,
      takerBps: this.settings.takerFeeBps,
      makerBps: this.settings.makerFeeBps,
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
      const priced = this.priceMarketOrder(m, w, o.qty, o.cash);
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
    return { w, reject: this.blocked(m, w, w.price, w.leaves, w.postOnly) };
  }

  /**
   * A market order becomes an IOC at the worst price it needs to fill, found by walking the
   * book (nothing else moves within one operation); sized in cash, it takes what the cash buys.
   */
  private priceMarketOrder(
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

  /** Self-match, post-only and buying power: the checks that depend on the book and the ledger. */
  /**
   * Self-match, post-only and buying power: the checks that depend on the book and the ledger,
   * for `w` at `price` with `leaves` (a new order, or a working one being modified).
   */
  private blocked(
    m: MarketRec,
    w: Working,
    price: number,
    leaves: number,
    postOnly: boolean,
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
      const acct = this.accounts.get(w.account)!;
      const hold = own.hold(acct.positions.get(m.info.slug)?.net ?? 0, this.holdBps);
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

  private place(account: string, req: OrderRequest): OrderResult {
    const now = this.deps.clock();
    const { w, reject } = this.prepare(account, req, now);
    w.id = `ord_${++this.ids.order}`;
    const acct = this.accounts.get(account);
    if (reject || !w.market || !acct) {
      const r = reject ?? { reason: 'ORD_REJECT_REASON_UNKNOWN_MARKET' as const, text: '' };
      w.state = 'ORDER_STATE_REJECTED';
      w.rejectReason = r.reason;
      w.text = r.text;
      w.leaves = 0;
      this.keepClosed(w);
      const exec = this.execution(w, 'EXECUTION_TYPE_REJECTED', now, {});
      return { order: orderView(w), executions: [exec] };
    }
    const m = w.market;
    this.touch(acct, m.info.slug);
    this.working.set(w.id, w);
    this.enlist(w);
    const executions = [this.execution(w, 'EXECUTION_TYPE_NEW', now, {})];
    if (w.tif === 'TIME_IN_FORCE_FILL_OR_KILL' && this.available(m, w) < w.leaves) {
      executions.push(
        this.end(w, 'EXECUTION_TYPE_CANCELED', 'ORDER_STATE_CANCELED', now, {
          text: 'fill or kill: not enough liquidity',
        }),
      );
      return { order: orderView(w), executions };
    }
    this.match(w, now, executions);
    if (w.leaves > 0) {
      if (w.tif === 'TIME_IN_FORCE_IMMEDIATE_OR_CANCEL' || w.tif === 'TIME_IN_FORCE_FILL_OR_KILL') {
        executions.push(
          this.end(w, 'EXECUTION_TYPE_CANCELED', 'ORDER_STATE_CANCELED', now, {
            text: 'immediate or cancel: rest cancelled',
          }),
        );
      } else {
        m.book.add(w);
        this.arm(w, now);
        this.marketTouched(m, now);
      }
    } else if (this.working.has(w.id)) {
      this.retire(w);
    }
    this.refreshHold(acct, m);
    return { order: orderView(w), executions };
  }

  private available(m: MarketRec, w: Working): number {
    let sum = 0;
    for (const r of m.book.crossing(w.side === 'buy' ? 'sell' : 'buy', w.price)) sum += r.leaves;
    return sum;
  }

  /**
   * Expires a GTD order at its time. Timers are capped (Node fires a longer setTimeout at once),
   * so a far-off expiry is re-armed from the clock until it is due.
   */
  private arm(w: Working, now: number): void {
    const gtt = w.gtt;
    if (gtt === null) return;
    const id = w.id;
    w.timer = this.deps.scheduler.after(Math.min(MAX_TIMER_MS, Math.max(0, gtt - now)), () => {
      const live = this.working.get(id);
      if (!live || live.gtt !== gtt) return;
      const at = this.deps.clock();
      if (at < gtt) {
        this.arm(live, at);
        return;
      }
      this.op(() => {
        this.end(live, 'EXECUTION_TYPE_EXPIRED', 'ORDER_STATE_EXPIRED', at, {
          text: 'good-till time reached',
        });
      });
    });
  }

  private match(w: Working, now: number, executions: Execution[]): void {
    const m = w.market!;
    const opp = w.side === 'buy' ? 'sell' : 'buy';
    while (w.leaves > 0) {
      const best = m.book.best(opp);
      if (best === 0 || (w.side === 'buy' ? best > w.price : best < w.price)) break;
      const maker = m.book.head(opp, best) as Working;
      executions.push(this.fill(m, maker, w, best, Math.min(w.leaves, maker.leaves), now));
    }
  }

  /** One fill: both ledgers, the book, the stats, the tape and the events. Returns the taker's report. */
  private fill(
    m: MarketRec,
    maker: Working,
    taker: Working,
    px: number,
    q: number,
    now: number,
  ): Execution {
    const slug = m.info.slug;
    const makerAcct = this.accounts.get(maker.account)!;
    const takerAcct = this.accounts.get(taker.account)!;
    this.touch(makerAcct, slug);
    this.touch(takerAcct, slug);
    const notional = px * q;
    const makerFee = fee(notional, maker.makerBps);
    const takerFee = fee(notional, taker.takerBps);
    const makerFx = applyFill(makerAcct, slug, maker.side, px, q, makerFee, now);
    const takerFx = applyFill(takerAcct, slug, taker.side, px, q, takerFee, now);
    this.feesCollected += makerFee + takerFee;
    m.oi += makerFx.longs + takerFx.longs;
    m.holders.add(maker.account).add(taker.account);
    m.working.get(maker.account)?.sub(maker.side, maker.price, q);
    m.working.get(taker.account)?.sub(taker.side, taker.price, q);
    m.book.fill(maker, q);
    for (const [o, f] of [
      [maker, makerFee],
      [taker, takerFee],
    ] as const) {
      if (o === taker) o.leaves -= q;
      o.cum += q;
      o.notional += notional;
      o.fees += f;
      o.updateTime = now;
      o.state = o.leaves === 0 ? 'ORDER_STATE_FILLED' : 'ORDER_STATE_PARTIALLY_FILLED';
    }
    const s = m.stats;
    s.last = px;
    s.lastQty = q;
    s.open ??= px;
    s.high = s.high === null ? px : Math.max(s.high, px);
    s.low = s.low === null ? px : Math.min(s.low, px);
    s.shares += q;
    s.notional += notional;
    const trade: Trade = {
      id: `trd_${++this.ids.trade}`,
      marketSlug: slug,
      price: px / PX,
      quantity: q / QTY,
      at: now,
      maker: {
        side: maker.dir.side,
        intent: maker.dir.intent,
        orderId: maker.id,
        account: maker.account,
      },
      taker: {
        side: taker.dir.side,
        intent: taker.dir.intent,
        orderId: taker.id,
        account: taker.account,
      },
    };
    m.trades.push(trade);
    if (m.trades.length > this.settings.maxTradesPerMarket) m.trades.shift();
    this.hub.emit({ kind: 'trade', at: now, trade });
    const fillType = (o: Working): ExecutionType =>
      o.leaves === 0 ? 'EXECUTION_TYPE_FILL' : 'EXECUTION_TYPE_PARTIAL_FILL';
    this.execution(maker, fillType(maker), now, {
      q,
      px,
      trade: trade.id,
      fee: makerFee,
      aggressor: false,
    });
    const report = this.execution(taker, fillType(taker), now, {
      q,
      px,
      trade: trade.id,
      fee: takerFee,
      aggressor: true,
    });
    for (const [acct, fx] of [
      [makerAcct, makerFx],
      [takerAcct, takerFx],
    ] as const) {
      this.record(
        acct,
        'LEDGER_ENTRY_TYPE_ORDER_EXECUTION',
        slug,
        fx.cash,
        'Order execution',
        now,
        trade,
        null,
      );
      this.fillPositionEvent(acct.id, slug, fx, trade.id, now);
    }
    if (maker.leaves === 0) this.retire(maker);
    this.refreshHold(makerAcct, m);
    this.marketTouched(m, now);
    return report;
  }

  private fillPositionEvent(
    account: string,
    slug: string,
    fx: FillEffect,
    tradeId: string,
    now: number,
  ): void {
    const after: PositionRec | null = fx.after.net === 0 ? null : fx.after;
    this.positionEvent(
      account,
      slug,
      fx.before ? positionView(account, fx.before) : null,
      after ? positionView(account, after) : null,
      'LEDGER_ENTRY_TYPE_ORDER_EXECUTION',
      tradeId,
      now,
    );
  }

  private positionEvent(
    account: string,
    slug: string,
    before: Position | null,
    after: Position | null,
    entryType: LedgerEntryType,
    tradeId: string | null,
    at: number,
  ): void {
    const change: PositionChange = {
      account,
      marketSlug: slug,
      before,
      after,
      entryType,
      tradeId,
      at,
    };
    this.hub.emit({ kind: 'position', at, account, change });
  }

  private execution(
    w: Working,
    type: ExecutionType,
    at: number,
    fill: { q?: number; px?: number; trade?: string; fee?: number; aggressor?: boolean },
  ): Execution {
    const exec: Execution = {
      id: `exe_${++this.ids.exec}`,
      type,
      order: orderView(w),
      lastShares: (fill.q ?? 0) / QTY,
      lastPx: fill.px === undefined ? null : fill.px / PX,
      tradeId: fill.trade ?? null,
      aggressor: fill.aggressor ?? false,
      fee: (fill.fee ?? 0) / MONEY,
      text: w.text,
      at,
    };
    this.hub.emit({ kind: 'order', at, account: w.account, execution: exec });
    return exec;
  }

  /** Ends a working order (cancel, expiry, IOC rest, settlement) and reports it. */
  private end(
    w: Working,
    type: ExecutionType,
    state: OrderState,
    now: number,
    why: { cancel?: UnsolicitedCxlReason; text?: string },
  ): Execution {
    const m = w.market!;
    const acct = this.accounts.get(w.account)!;
    this.touch(acct, w.slug);
    m.book.remove(w);
    m.working.get(w.account)?.sub(w.side, w.price, w.leaves);
    w.leaves = 0;
    w.state = state;
    w.cancelReason = why.cancel ?? null;
    w.text = why.text ?? '';
    w.updateTime = now;
    this.retire(w);
    this.refreshHold(acct, m);
    this.marketTouched(m, now);
    return this.execution(w, type, now, {});
  }

  /** Moves a finished order out of the working set into the account's bounded history. */
  private retire(w: Working): void {
    w.timer?.();
    w.timer = null;
    this.working.delete(w.id);
    w.market?.working.get(w.account)?.orders.delete(w);
    this.byAccount.get(w.account)?.delete(w);
    this.keepClosed(w);
  }

  /** Adds a new working order to its account's indexes (its leaves count toward the hold). */
  private enlist(w: Working): void {
    const own = w.market!.workingOf(w.account);
    own.orders.add(w);
    own.add(w.side, w.price, w.leaves);
    let mine = this.byAccount.get(w.account);
    if (!mine) {
      mine = new Set();
      this.byAccount.set(w.account, mine);
    }
    mine.add(w);
  }

  private keepClosed(w: Working): void {
    let closed = this.closed.get(w.account);
    if (!closed) {
      if (!this.accounts.has(w.account)) return;
      closed = new ClosedOrders();
      this.closed.set(w.account, closed);
    }
    closed.keep(w, this.settings.maxClosedOrdersPerAccount);
  }

  private refreshHold(acct: AccountRec, m: MarketRec): void {
    const slug = m.info.slug;
    const pos = acct.positions.get(slug);
    const hold = m.working.get(acct.id)?.hold(pos?.net ?? 0, this.holdBps) ?? 0;
    acct.hold += hold - (acct.holds.get(slug) ?? 0);
    if (hold === 0) acct.holds.delete(slug);
    else acct.holds.set(slug, hold);
  }
}
