// What one engine operation records and reports: ledger entries, execution reports, position
// and market events as they happen, then at the end one balance event per account whose cash
// or holds moved and one book event per market that changed, and delivery (events.ts).
import type {
  Balance,
  BalanceChange,
  EventFilter,
  ExchangeListener,
  Execution,
  ExecutionType,
  LedgerEntryType,
  Position,
  Trade,
} from './api.js';
import { EventHub, type Unsequenced } from './events.js';
import type { AccountRec, ActivityRec, FillEffect } from './ledger.js';
import { balanceView, type MarketRec, orderView, positionView, type Working } from './records.js';
import { MONEY, PX, QTY } from './units.js';

interface Touched {
  before: Balance;
  last: ActivityRec | null;
  market: string | null;
}

export interface FillReport {
  q: number;
  px: number;
  trade: string;
  fee: number;
  aggressor: boolean;
}

export class Journal {
  private readonly hub: EventHub;
  private ledgerIds = 0;
  private execIds = 0;
  private readonly touched = new Map<string, Touched>();
  private readonly dirty = new Set<MarketRec>();
  /** The balance event each account got from the last operation that moved it. */
  readonly lastChange = new Map<string, BalanceChange>();

  constructor(
    onError: (err: unknown) => void,
    private readonly maxActivities: number,
  ) {
    this.hub = new EventHub(onError);
  }

  subscribe(listener: ExchangeListener, filter?: EventFilter): () => void {
    return this.hub.subscribe(listener, filter);
  }

  seq(): number {
    return this.hub.seq();
  }

  /** Remembers the account's balance before the operation first changes it. */
  touch(acct: AccountRec, market: string | null): void {
    const t = this.touched.get(acct.id);
    if (t) {
      if (market !== null) t.market = market;
      return;
    }
    this.touched.set(acct.id, { before: balanceView(acct), last: null, market });
  }

  /** The market's book, state or stats changed: one book event at the end. */
  marketTouched(m: MarketRec, now: number): void {
    m.at = now;
    this.dirty.add(m);
  }

  marketChanged(m: MarketRec, now: number): void {
    this.marketTouched(m, now);
    this.emit({ kind: 'market', at: now, market: { ...m.info } });
  }

  trade(trade: Trade): void {
    this.emit({ kind: 'trade', at: trade.at, trade });
  }

  /** Appends a ledger entry to the account's bounded history. */
  record(
    acct: AccountRec,
    type: LedgerEntryType,
    market: string | null,
    amount: number,
    description: string,
    at: number,
    trade: Trade | null,
    resolution: ActivityRec['resolution'],
  ): void {
    const n = ++this.ledgerIds;
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
    if (acct.activities.length > this.maxActivities) acct.activities.shift();
    const t = this.touched.get(acct.id);
    if (t) t.last = rec;
  }

  position(
    account: string,
    slug: string,
    before: Position | null,
    after: Position | null,
    entryType: LedgerEntryType,
    tradeId: string | null,
    at: number,
  ): void {
    const change = { account, marketSlug: slug, before, after, entryType, tradeId, at };
    this.emit({ kind: 'position', at, account, change });
  }

  /** One party's position event for a fill: null before when it opens, null after when it closes. */
  fillPosition(account: string, slug: string, fx: FillEffect, tradeId: string, at: number): void {
    this.position(
      account,
      slug,
      fx.before ? positionView(account, fx.before) : null,
      fx.after.net === 0 ? null : positionView(account, fx.after),
      'LEDGER_ENTRY_TYPE_ORDER_EXECUTION',
      tradeId,
      at,
    );
  }

  /** Reports the order as it is now. */
  execution(w: Working, type: ExecutionType, at: number, fill?: FillReport): Execution {
    const exec: Execution = {
      id: `exe_${++this.execIds}`,
      type,
      order: orderView(w),
      lastShares: (fill?.q ?? 0) / QTY,
      lastPx: fill ? fill.px / PX : null,
      tradeId: fill?.trade ?? null,
      aggressor: fill?.aggressor ?? false,
      fee: (fill?.fee ?? 0) / MONEY,
      text: w.text,
      at,
    };
    this.emit({ kind: 'order', at, account: w.account, execution: exec });
    return exec;
  }

  /** Ends the operation: balance and book events, then delivery. */
  close(accounts: ReadonlyMap<string, AccountRec>): void {
    for (const [id, t] of this.touched) {
      const acct = accounts.get(id);
      if (!acct) continue;
      const after = balanceView(acct);
      if (after.cash === t.before.cash && after.openOrders === t.before.openOrders) continue;
      const change: BalanceChange = {
        id: t.last?.id ?? `led_${++this.ledgerIds}`,
        account: id,
        before: t.before,
        after,
        entryType: t.last?.type ?? 'LEDGER_ENTRY_TYPE_UNDEFINED',
        description: t.last?.description ?? 'Open orders changed',
        marketSlug: t.last?.market ?? t.market,
        at: after.updateTime,
      };
      this.lastChange.set(id, change);
      this.emit({ kind: 'balance', at: change.at, account: id, change });
    }
    for (const m of this.dirty) this.emit({ kind: 'book', at: m.at, marketSlug: m.info.slug });
    this.touched.clear();
    this.dirty.clear();
    this.hub.flush();
  }

  private emit(event: Unsequenced): void {
    this.hub.emit(event);
  }
}
