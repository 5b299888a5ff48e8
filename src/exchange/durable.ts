// The exchange with its state on disk. Every operation that changes the engine is committed to
// the operation log (oplog.ts) before it runs, so once a call returns (and a REST answer says
// so) it survives a kill of the process. On start the log is replayed into a fresh engine: the
// engine is deterministic, and it reads time only through the clock and arms expiries only
// through the scheduler handed to it here, so the same operations at the same times rebuild
// exactly the same state, ids and seq included.
//
// Time: the clock is frozen for the length of an operation at the value that was logged with it.
// Timers: each one the engine arms gets a number (they are armed in the same order on replay);
// a firing is logged as that number, and replay runs the armed function at that point. Timers
// still pending after replay are armed on the real scheduler for what is left of their delay.
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
  Market,
  MarketListing,
  MarketQuery,
  MarketState,
  ModifyRequest,
  Order,
  OrderOpResult,
  OrderRequest,
  OrderResult,
  Position,
  Settlement,
  Trade,
} from './api.js';
import { DEFAULT_SETTINGS, ExchangeEngine } from './engine.js';
import { type LoggedOp, OpLog, type OpLogSync } from './oplog.js';

export interface PersistLog {
  info(ctx: object, msg: string): void;
  warn(ctx: object, msg: string): void;
}

export interface PersistOptions {
  /** The SQLite file of the operation log (created on first start). */
  path: string;
  synchronous: OpLogSync;
  log: PersistLog;
}

/** The Exchange methods that change state: the ones logged and replayed. */
const MUTATORS = new Set([
  'listMarket',
  'setMarketState',
  'closeMarket',
  'settle',
  'openAccount',
  'fund',
  'createOrder',
  'cancelOrder',
  'cancelAll',
  'modifyOrder',
  'closePosition',
]);

/** How long a timer whose firing could not be logged waits before it tries again. */
const RETRY_MS = 1000;

interface Timer {
  due: number;
  fn: () => void;
  /** Period of a repeating timer; null for a one-shot. */
  every: number | null;
}

export class DurableExchange implements Exchange {
  private readonly engine: ExchangeEngine;
  private readonly store: OpLog;
  /** The time of the operation running now; null between operations. */
  private frozen: number | null = null;
  private replaying = true;
  private timerCount = 0;
  /** Timers armed during replay and not yet fired or cancelled. */
  private readonly pending = new Map<number, Timer>();
  /** Cancels of timers armed on the real scheduler. */
  private readonly armed = new Map<number, () => void>();
  private readonly onError: (err: unknown) => void;

  /** Opens (or creates) the log at `persist.path` and replays it; throws when it is corrupt before its last record. */
  constructor(
    private readonly deps: ExchangeDeps,
    settings: Partial<ExchangeSettings>,
    persist: PersistOptions,
  ) {
    this.onError = deps.onError ?? (() => {});
    this.store = new OpLog(persist.path, persist.synchronous);
    try {
      const engineSettings = this.settingsOf(settings, persist.log);
      this.engine = new ExchangeEngine(
        {
          clock: () => this.frozen ?? deps.clock(),
          scheduler: {
            after: (ms, fn) => this.arm(ms, fn, null),
            every: (ms, fn) => this.arm(ms, fn, ms),
          },
          onError: this.onError,
        },
        engineSettings,
      );
      this.replay(persist.log);
    } catch (err) {
      this.store.close();
      throw err;
    }
  }

  /**
   * Runs `fn` (operations of its own, such as a round of the market makers) with one commit for
   * all the operations it makes. Nothing in it is acknowledged to a client before it returns.
   */
  batch<T>(fn: () => T): T {
    return this.store.batch(fn);
  }

  close(): void {
    for (const cancel of this.armed.values()) cancel();
    this.armed.clear();
    this.store.close();
  }

  // ---- operations that change state: logged first ----

  listMarket(listing: MarketListing): Market {
    const existing = this.engine.marketBySlug(listing.slug);
    if (existing) return existing;
    return this.logged('listMarket', [listing], () => this.engine.listMarket(listing));
  }

  setMarketState(slug: string, state: MarketState): Market | null {
    return this.logged('setMarketState', [slug, state], () =>
      this.engine.setMarketState(slug, state),
    );
  }

  closeMarket(slug: string): Market | null {
    return this.logged('closeMarket', [slug], () => this.engine.closeMarket(slug));
  }

  settle(slug: string, yesWins: boolean): Settlement | null {
    return this.logged('settle', [slug, yesWins], () => this.engine.settle(slug, yesWins));
  }

  openAccount(account: string, startingBalance?: number): Balance {
    const existing = this.engine.balance(account);
    if (existing) return existing;
    return this.logged('openAccount', [account, startingBalance], () =>
      this.engine.openAccount(account, startingBalance),
    );
  }

  fund(account: string, amount: number, description?: string): BalanceChange | null {
    return this.logged('fund', [account, amount, description], () =>
      this.engine.fund(account, amount, description),
    );
  }

  createOrder(account: string, request: OrderRequest): OrderResult {
    return this.logged('createOrder', [account, request], () =>
      this.engine.createOrder(account, request),
    );
  }

  cancelOrder(account: string, orderId: string): OrderOpResult {
    return this.logged('cancelOrder', [account, orderId], () =>
      this.engine.cancelOrder(account, orderId),
    );
  }

  cancelAll(account: string, marketSlugs?: readonly string[]): string[] {
    // The makers clear their quotes before each re-quote; most of the time there are none.
    if (this.engine.openOrders(account, marketSlugs).length === 0) return [];
    return this.logged('cancelAll', [account, marketSlugs], () =>
      this.engine.cancelAll(account, marketSlugs),
    );
  }

  modifyOrder(account: string, orderId: string, change: ModifyRequest): OrderOpResult {
    return this.logged('modifyOrder', [account, orderId, change], () =>
      this.engine.modifyOrder(account, orderId, change),
    );
  }

  closePosition(
    account: string,
    marketSlug: string,
    slippageTolerance?: OrderRequest['slippageTolerance'],
  ): OrderOpResult {
    return this.logged('closePosition', [account, marketSlug, slippageTolerance], () =>
      this.engine.closePosition(account, marketSlug, slippageTolerance),
    );
  }

  // ---- reads ----

  markets(query?: MarketQuery): Market[] {
    return this.engine.markets(query);
  }
  marketBySlug(slug: string): Market | null {
    return this.engine.marketBySlug(slug);
  }
  marketById(id: number): Market | null {
    return this.engine.marketById(id);
  }
  book(slug: string, depth?: number): BookView | null {
    return this.engine.book(slug, depth);
  }
  bbo(slug: string): Bbo | null {
    return this.engine.bbo(slug);
  }
  settlement(slug: string): Settlement | null {
    return this.engine.settlement(slug);
  }
  trades(slug: string, limit?: number): Trade[] {
    return this.engine.trades(slug, limit);
  }
  balance(account: string): Balance | null {
    return this.engine.balance(account);
  }
  positions(account: string, marketSlug?: string): Position[] {
    return this.engine.positions(account, marketSlug);
  }
  activities(account: string, query?: ActivityQuery): ActivityPage {
    return this.engine.activities(account, query);
  }
  previewOrder(account: string, request: OrderRequest): Order {
    return this.engine.previewOrder(account, request);
  }
  order(account: string, orderId: string): Order | null {
    return this.engine.order(account, orderId);
  }
  openOrders(account: string, marketSlugs?: readonly string[]): Order[] {
    return this.engine.openOrders(account, marketSlugs);
  }
  subscribe(listener: ExchangeListener, filter?: EventFilter): () => void {
    return this.engine.subscribe(listener, filter);
  }
  seq(): number {
    return this.engine.seq();
  }

  // ---- internals ----

  /**
   * Commits the call, then runs it at the logged time. A call made by a listener while an
   * operation delivers its events is logged after that operation, and replays after it.
   */
  private logged<T>(call: string, args: unknown[], fn: () => T): T {
    const at = this.frozen ?? this.deps.clock();
    while (args.length > 0 && args.at(-1) === undefined) args.pop();
    this.store.append(at, { call, args });
    return this.at(at, fn);
  }

  private at<T>(at: number, fn: () => T): T {
    const outer = this.frozen;
    this.frozen = at;
    try {
      return fn();
    } finally {
      this.frozen = outer;
    }
  }

  private arm(ms: number, fn: () => void, every: number | null): () => void {
    const id = ++this.timerCount;
    if (this.replaying) this.pending.set(id, { due: this.frozen! + ms, fn, every });
    else this.schedule(id, ms, fn, every);
    return () => {
      this.pending.delete(id);
      this.armed.get(id)?.();
      this.armed.delete(id);
    };
  }

  private schedule(id: number, ms: number, fn: () => void, every: number | null): void {
    const fire = () => {
      if (every === null) this.armed.delete(id);
      const at = this.deps.clock();
      try {
        this.store.append(at, { timer: id });
      } catch (err) {
        // Not logged, so it must not run: try again later, as the engine re-checks the time.
        this.onError(err);
        if (every === null) this.schedule(id, RETRY_MS, fn, null);
        return;
      }
      try {
        this.at(at, fn);
      } catch (err) {
        this.onError(err);
      }
    };
    this.armed.set(
      id,
      every === null ? this.deps.scheduler.after(ms, fire) : this.deps.scheduler.every(ms, fire),
    );
  }

  private replay(log: PersistLog): void {
    let records = 0;
    for (const rec of this.store.records((id, err) =>
      log.warn(
        { path: this.store.path, record: id, err: String(err) },
        'exchange log: the last record is unreadable (a torn write); dropped it, the records before it are restored',
      ),
    )) {
      this.apply(rec.id, rec.at, rec.op);
      records++;
    }
    this.replaying = false;
    const now = this.deps.clock();
    for (const [id, t] of this.pending) {
      this.schedule(id, Math.max(0, t.due - now), t.fn, t.every);
    }
    this.pending.clear();
    if (records > 0) {
      log.info({ path: this.store.path, records, seq: this.engine.seq() }, 'exchange restored');
    }
  }

  private apply(id: number, at: number, op: LoggedOp): void {
    if ('timer' in op) {
      const t = this.pending.get(op.timer);
      if (!t) throw new Error(`exchange log record ${id}: timer ${op.timer} was never armed`);
      if (t.every === null) this.pending.delete(op.timer);
      else t.due += t.every;
      this.at(at, t.fn);
      return;
    }
    if (!MUTATORS.has(op.call)) {
      throw new Error(`exchange log record ${id}: unknown operation ${op.call}`);
    }
    const method = this.engine[op.call as keyof ExchangeEngine] as (...args: unknown[]) => unknown;
    try {
      this.at(at, () => method.apply(this.engine, op.args));
    } catch {
      // It threw when it first ran too (listMarket on a bad tick), and changed nothing then.
    }
  }

  /**
   * The engine settings the log was written with: replaying with other fees or bounds would
   * rebuild another state, so a changed configuration is reported and the logged one kept.
   */
  private settingsOf(
    settings: Partial<ExchangeSettings>,
    log: PersistLog,
  ): Partial<ExchangeSettings> {
    const picked: Record<string, unknown> = {};
    for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof ExchangeSettings)[]) {
      if (settings[key] !== undefined) picked[key] = settings[key];
    }
    const given = JSON.stringify(picked);
    const stored = this.store.meta('settings');
    if (stored === null) {
      this.store.setMeta('settings', given);
      return picked;
    }
    if (stored !== given) {
      log.warn(
        { path: this.store.path, logged: JSON.parse(stored), configured: picked },
        'exchange settings differ from those its log was written with; keeping the logged ones (move the log away to start afresh)',
      );
    }
    return JSON.parse(stored) as Partial<ExchangeSettings>;
  }
}
