// Orders matched per second by the exchange engine, single thread, in this process: a seeded
// flow of limit orders around a mid (many cross and trade) and cancels of resting ones, against one book, with one event subscriber attached as a dialect would be. Requests
// are generated before the clock starts, so only the engine is timed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type {
  Exchange,
  ExchangeDeps,
  ExchangeSettings,
  OrderRequest,
} from '../src/exchange/api.js';
import { DurableExchange } from '../src/exchange/durable.js';
import { ExchangeEngine } from '../src/exchange/engine.js';
import type { OpLogSync } from '../src/exchange/oplog.js';
import { Rng } from '../src/sources/simulator/prng.js';

export interface MatchingResult {
  orders: number;
  cancels: number;
  trades: number;
  rejected: number;
  seconds: number;
  ordersPerSec: number;
  opsPerSec: number;
  tradesPerSec: number;
  events: number;
}

type Op = { kind: 'order'; account: string; req: OrderRequest } | { kind: 'cancel'; pick: number };

/**
 * `persist`: with the exchange's operation log (SQLite in a temp dir) committed before every
 * operation, as the server runs it; absent: the engine alone, in memory.
 */
export function measureMatching(ops = 200_000, seed = 1, persist?: OpLogSync): MatchingResult {
  let now = 1_700_000_000_000;
  const deps: ExchangeDeps = {
    clock: () => now,
    scheduler: { after: () => () => {}, every: () => () => {} },
  };
  const settings: Partial<ExchangeSettings> = {
    startingBalance: 1e8,
    maxActivitiesPerAccount: 1000,
    maxTradesPerMarket: 1000,
  };
  const dir = persist ? mkdtempSync(join(tmpdir(), 'linecast-bench-exchange-')) : null;
  const log = { info: () => {}, warn: () => {} };
  const durable =
    dir && persist
      ? new DurableExchange(deps, settings, {
          path: join(dir, 'exchange.sqlite'),
          synchronous: persist,
          log,
        })
      : null;
  const engine: Exchange = durable ?? new ExchangeEngine(deps, settings);
  engine.listMarket({
    slug: 'aec-bench-a-b-2030-01-01',
    eventSlug: 'bench-a-b-2030-01-01',
    eventId: 'bench',
    sport: 'basketball',
    league: 'bench',
    title: 'A vs. B',
    question: 'Will A beat B?',
    yes: { id: 'a', name: 'A', abbr: 'A' },
    no: { id: 'b', name: 'B', abbr: 'B' },
    startsAt: now,
  });
  const accounts = Array.from({ length: 64 }, (_, i) => `acct-${i}`);
  for (const a of accounts) engine.openAccount(a);
  let events = 0;
  engine.subscribe(() => {
    events++;
  });
  const rng = new Rng(seed);
  const plan: Op[] = [];
  for (let i = 0; i < ops; i++) {
    if (rng.chance(0.3)) {
      plan.push({ kind: 'cancel', pick: rng.next() });
      continue;
    }
    // Even accounts bid, odd ones offer, so the flow trades instead of tripping self-match.
    const buy = rng.chance(0.5);
    const ticks = Math.round(50 + rng.normal() * 4 + (buy ? -2 : 2));
    const account = 2 * rng.int(accounts.length / 2) + (buy ? 0 : 1);
    plan.push({
      kind: 'order',
      account: accounts[account]!,
      req: {
        marketSlug: 'aec-bench-a-b-2030-01-01',
        intent: buy ? 'ORDER_INTENT_BUY_LONG' : 'ORDER_INTENT_SELL_LONG',
        price: Math.min(99, Math.max(1, ticks)) / 100,
        quantity: 1 + rng.int(20),
      },
    });
  }
  const live: { account: string; id: string }[] = [];
  let orders = 0;
  let cancels = 0;
  let rejected = 0;
  const t0 = performance.now();
  for (const op of plan) {
    now++;
    if (op.kind === 'order') {
      const { order } = engine.createOrder(op.account, op.req);
      orders++;
      if (order.state === 'ORDER_STATE_REJECTED') rejected++;
      else if (order.leavesQuantity > 0) live.push({ account: op.account, id: order.id });
    } else if (live.length > 0) {
      const i = Math.floor(op.pick * live.length);
      const { account, id } = live[i]!;
      live[i] = live[live.length - 1]!;
      live.pop();
      engine.cancelOrder(account, id);
      cancels++;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const trades = engine.bbo('aec-bench-a-b-2030-01-01')!.sharesTraded > 0 ? countTrades(engine) : 0;
  durable?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  return {
    orders,
    cancels,
    trades,
    rejected,
    seconds,
    ordersPerSec: orders / seconds,
    opsPerSec: (orders + cancels) / seconds,
    tradesPerSec: trades / seconds,
    events,
  };
}

/** Trade ids count up from 1, so the last one on the tape is the number of trades. */
function countTrades(engine: Exchange): number {
  const last = engine.trades('aec-bench-a-b-2030-01-01', 1)[0];
  return last ? Number(last.id.replace('trd_', '')) : 0;
}
