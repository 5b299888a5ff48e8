// The matching engine: markets, accounts and working orders, and price-time matching. Every
// public method is one operation: it runs to completion, then the journal (journal.ts) gives
// each account it touched one balance event and each market one book event, and delivers.
// Admission (which orders may trade) is admission.ts; cash rules are ledger.ts.
import { available, checkBook, type Prepared, prepareOrder } from './admission.js';
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
  Settlement,
  Trade,
  UnsolicitedCxlReason,
} from './api.js';
import { Journal } from './journal.js';
import { type AccountRec, applyFill } from './ledger.js';
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
import { checkPrice, checkQuantity } from './validate.js';

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
  private readonly journal: Journal;
  private readonly holdBps: number;
  private ids = { order: 0, trade: 0, market: 0 };
  private deposits = 0;
  private feesCollected = 0;
  private depth = 0;

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
    this.journal = new Journal(deps.onError ?? (() => {}), this.settings.maxActivitiesPerAccount);
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
      this.journal.marketChanged(m, now);
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
      this.journal.marketChanged(m, this.deps.clock());
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
        this.journal.marketChanged(m, now);
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
        this.journal.touch(acct, slug);
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
        this.journal.record(
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
        this.journal.position(
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
      this.journal.marketChanged(m, now);
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
        this.journal.touch(acct, null);
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
    this.journal.lastChange.delete(account);
    this.op(() => {
      this.journal.touch(acct, null);
      const type = units > 0 ? 'LEDGER_ENTRY_TYPE_DEPOSIT' : 'LEDGER_ENTRY_TYPE_WITHDRAWAL';
      this.move(
        acct,
        units,
        type,
        description ?? (units > 0 ? 'Deposit' : 'Withdrawal'),
        this.deps.clock(),
      );
    });
    return this.journal.lastChange.get(account) ?? null;
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
    const blocked = checkBook(
      m,
      w,
      price,
      leaves,
      postOnly,
      this.accounts.get(account)!,
      this.holdBps,
    );
    if (blocked) return bad(blocked.reason, blocked.text);
    return this.op(() => {
      const acct = this.accounts.get(account)!;
      this.journal.touch(acct, w.slug);
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
      const executions = [this.journal.execution(w, 'EXECUTION_TYPE_REPLACE', now)];
      if (!keep) {
        this.match(w, now, executions);
        if (w.leaves > 0) m.book.add(w);
        else this.retire(w);
      }
      this.refreshHold(acct, m);
      this.journal.marketTouched(m, now);
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
    return this.journal.subscribe(listener, filter);
  }

  seq(): number {
    return this.journal.seq();
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
      if (this.depth === 0) this.journal.close(this.accounts);
    }
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
    this.journal.record(acct, type, null, units, description, now, null, null);
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

  private prepare(account: string, req: OrderRequest, now: number): Prepared {
    return prepareOrder(
      this.bySlug.get(req.marketSlug) ?? null,
      this.accounts.get(account),
      account,
      req,
      now,
      { taker: this.settings.takerFeeBps, maker: this.settings.makerFeeBps, hold: this.holdBps },
    );
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
      const exec = this.journal.execution(w, 'EXECUTION_TYPE_REJECTED', now);
      return { order: orderView(w), executions: [exec] };
    }
    const m = w.market;
    this.journal.touch(acct, m.info.slug);
    this.working.set(w.id, w);
    this.enlist(w);
    const executions = [this.journal.execution(w, 'EXECUTION_TYPE_NEW', now)];
    if (w.tif === 'TIME_IN_FORCE_FILL_OR_KILL' && available(m, w) < w.leaves) {
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
        this.journal.marketTouched(m, now);
      }
    } else if (this.working.has(w.id)) {
      this.retire(w);
    }
    this.refreshHold(acct, m);
    return { order: orderView(w), executions };
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
    this.journal.touch(makerAcct, slug);
    this.journal.touch(takerAcct, slug);
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
    this.journal.trade(trade);
    const fillType = (o: Working): ExecutionType =>
      o.leaves === 0 ? 'EXECUTION_TYPE_FILL' : 'EXECUTION_TYPE_PARTIAL_FILL';
    this.journal.execution(maker, fillType(maker), now, {
      q,
      px,
      trade: trade.id,
      fee: makerFee,
      aggressor: false,
    });
    const report = this.journal.execution(taker, fillType(taker), now, {
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
      this.journal.record(
        acct,
        'LEDGER_ENTRY_TYPE_ORDER_EXECUTION',
        slug,
        fx.cash,
        'Order execution',
        now,
        trade,
        null,
      );
      this.journal.fillPosition(acct.id, slug, fx, trade.id, now);
    }
    if (maker.leaves === 0) this.retire(maker);
    this.refreshHold(makerAcct, m);
    this.journal.marketTouched(m, now);
    return report;
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
    this.journal.touch(acct, w.slug);
    m.book.remove(w);
    m.working.get(w.account)?.sub(w.side, w.price, w.leaves);
    w.leaves = 0;
    w.state = state;
    w.cancelReason = why.cancel ?? null;
    w.text = why.text ?? '';
    w.updateTime = now;
    this.retire(w);
    this.refreshHold(acct, m);
    this.journal.marketTouched(m, now);
    return this.journal.execution(w, type, now);
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
