// A test kit for the exchange engine: an engine on a manual clock with one listed market, the
// events it emitted, and the invariant checks every exchange test applies after each step.
import assert from 'node:assert/strict';
import type { ExchangeEvent, ExchangeSettings, MarketListing } from '../exchange/api.js';
import { ExchangeEngine } from '../exchange/engine.js';
import { ManualScheduler } from '../timers/scheduler.js';

export const SLUG = 'aec-nba-den-min-2026-06-02';

export function listing(slug = SLUG, extra: Partial<MarketListing> = {}): MarketListing {
  return {
    slug,
    eventSlug: slug.replace(/^aec-/, ''),
    eventId: `ev-${slug}`,
    sport: 'basketball',
    league: 'nba',
    title: 'Nuggets vs. Timberwolves',
    question: 'Will the Nuggets beat the Timberwolves?',
    yes: { id: 'den', name: 'Nuggets', abbr: 'DEN' },
    no: { id: 'min', name: 'Timberwolves', abbr: 'MIN' },
    startsAt: 1_780_000_000_000,
    ...extra,
  };
}

export interface ExchangeKit {
  engine: ExchangeEngine;
  scheduler: ManualScheduler;
  events: ExchangeEvent[];
  errors: unknown[];
}

export function exchangeKit(
  settings: Partial<ExchangeSettings> = {},
  accounts = ['alice', 'bob'],
): ExchangeKit {
  const scheduler = new ManualScheduler(1_780_000_000_000);
  const errors: unknown[] = [];
  const engine = new ExchangeEngine(
    { clock: scheduler.now, scheduler, onError: (err) => errors.push(err) },
    { startingBalance: 1000, ...settings },
  );
  const events: ExchangeEvent[] = [];
  engine.subscribe((e) => events.push(e));
  engine.listMarket(listing());
  for (const a of accounts) engine.openAccount(a);
  return { engine, scheduler, events, errors };
}

/**
 * The ledger and book invariants: cash never negative nor below holds; cash + collateral + fees
 * equals deposits; each book's levels equal its open orders; every trade appears once on the
 * tape (when it still holds it) and once per party among the order events.
 */
export function assertInvariants(kit: ExchangeKit): void {
  const { engine, events } = kit;
  const audit = engine.audit();
  assert.deepEqual(audit.overdrawn, [], 'no account is overdrawn');
  assert.equal(audit.cash + audit.collateral + audit.fees, audit.deposits, 'cash is conserved');
  for (const m of engine.markets()) {
    const book = engine.book(m.slug)!;
    const accounts = new Set(events.flatMap((e) => (e.kind === 'order' ? [e.account] : [])));
    let bids = 0;
    let offers = 0;
    for (const a of accounts) {
      for (const o of engine.openOrders(a, [m.slug])) {
        if (o.side === 'ORDER_SIDE_BUY') bids += o.leavesQuantity;
        else offers += o.leavesQuantity;
        assert.equal(o.cumQuantity + o.leavesQuantity, o.quantity, 'cum + leaves = quantity');
      }
    }
    assert.equal(
      round(book.bids.reduce((s, l) => s + l.quantity, 0)),
      round(bids),
      'bid levels = open bids',
    );
    assert.equal(
      round(book.offers.reduce((s, l) => s + l.quantity, 0)),
      round(offers),
      'offer levels = open offers',
    );
  }
  const trades = events.filter((e) => e.kind === 'trade');
  const fills = new Map<string, number>();
  for (const e of events) {
    if (e.kind === 'order' && e.execution.tradeId) {
      fills.set(e.execution.tradeId, (fills.get(e.execution.tradeId) ?? 0) + 1);
    }
  }
  const seen = new Set<string>();
  for (const t of trades) {
    assert.ok(!seen.has(t.trade.id), 'a trade is emitted once');
    seen.add(t.trade.id);
    assert.equal(fills.get(t.trade.id), 2, 'each trade has one report per party');
  }
  assert.equal(fills.size, seen.size);
  // Each fill once in each party's ledger, and once in its market's stats.
  const ledger = new Map<string, string[]>();
  const accounts = new Set(trades.flatMap((t) => [t.trade.maker.account, t.trade.taker.account]));
  for (const a of accounts) {
    for (const entry of engine.activities(a, {
      limit: 1000,
      types: ['LEDGER_ENTRY_TYPE_ORDER_EXECUTION'],
    }).activities) {
      const id = entry.trade?.id ?? '';
      ledger.set(id, [...(ledger.get(id) ?? []), a]);
    }
  }
  const shares = new Map<string, number>();
  for (const { trade } of trades) {
    assert.deepEqual(
      ledger.get(trade.id)?.sort(),
      [trade.maker.account, trade.taker.account].sort(),
      `${trade.id} in both ledgers`,
    );
    shares.set(trade.marketSlug, (shares.get(trade.marketSlug) ?? 0) + trade.quantity);
  }
  for (const m of engine.markets()) {
    assert.equal(
      round(engine.bbo(m.slug)!.sharesTraded),
      round(shares.get(m.slug) ?? 0),
      `${m.slug}: shares traded`,
    );
  }
  let last = 0;
  for (const e of events) {
    assert.ok(e.seq > last, 'seq increases');
    last = e.seq;
  }
}

const round = (x: number) => Math.round(x * 100) / 100;
