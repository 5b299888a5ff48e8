// Orders matched per second by the exchange engine, single thread, in this process: a seeded
// flow of limit orders around a mid (many cross and trade) and cancels of resting ones, against one book, with one event subscriber attached as a dialect would be. Requests
// are generated before the clock starts, so only the engine is timed.
import { performance } from 'node:perf_hooks';
import type { OrderRequest } from '../src/exchange/api.js';
import { ExchangeEngine } from '../src/exchange/engine.js';
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

export function measureMatching(ops = 200_000, seed = 1): MatchingResult {
  let now = 1_700_000_000_000;
  const engine = new ExchangeEngine(
    { clock: () => now, scheduler: { after: () => () => {}, every: () => () => {} } },
    { startingBalance: 1e8, maxActivitiesPerAccount: 1000, maxTradesPerMarket: 1000 },
  );
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
function countTrades(engine: ExchangeEngine): number {
  const last = engine.trades('aec-bench-a-b-2030-01-01', 1)[0];
  return last ? Number(last.id.replace('trd_', '')) : 0;
}
