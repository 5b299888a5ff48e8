// What the default exchange costs the server: the simulated market makers at their default
// settings over a simulated day's slate (a market per game), timed per maker interval on a
// manual scheduler, so the figure is the makers' and the stage's CPU alone, not the simulator's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LocalBus } from '../src/bus/bus.js';
import { loadCatalog } from '../src/catalog/load.js';
import { exchangeSchema } from '../src/exchange/config.js';
import type { OpLogSync } from '../src/exchange/oplog.js';
import { ExchangeStage, sportsbookPort } from '../src/exchange/stage.js';
import { Simulator } from '../src/sources/simulator/index.js';
import { Pipeline } from '../src/state/pipeline.js';
import { State } from '../src/state/state.js';
import { ManualScheduler } from '../src/timers/scheduler.js';

export interface MakersResult {
  markets: number;
  quoted: number;
  intervals: number;
  msPerInterval: number;
  /** Share of one core the makers take at the default interval. */
  coreShare: number;
}

/** `persist`: with the exchange's operation log (SQLite in a temp dir), as the server runs it. */
export function measureMakers(intervals = 60, persist?: OpLogSync): MakersResult {
  const scheduler = new ManualScheduler(Date.UTC(2026, 10, 21, 18));
  const state = new State({ epoch: 'bench', lastSeq: 0, windowSize: 1000, clock: scheduler.now });
  const bus = new LocalBus();
  const history = { room: () => Number.MAX_SAFE_INTEGER, health: () => ({ closed: false }) };
  const pipeline = new Pipeline(state, bus, history, 10);
  const settings = exchangeSchema.parse({});
  const dir = persist ? mkdtempSync(join(tmpdir(), 'linecast-bench-makers-')) : null;
  const stage = new ExchangeStage(
    { clock: scheduler.now, scheduler },
    sportsbookPort(state, bus),
    settings,
    dir && persist
      ? {
          path: join(dir, 'exchange.sqlite'),
          synchronous: persist,
          log: { info: () => {}, warn: () => {} },
        }
      : undefined,
  );
  const sim = new Simulator({
    // The harness runs from the repository root (`npm run bench`); dist-bench has no catalog.
    catalog: loadCatalog(resolve('catalog')),
    seed: 1,
    rate: 200,
    clock: scheduler.now,
  });
  for (let i = 0; i < 5; i++) pipeline.offer(sim.tick(1000), 'sim', scheduler.now());
  stage.start();
  const every = settings.makers.intervalMs;
  let spent = 0;
  for (let i = 0; i < intervals; i++) {
    pipeline.offer(sim.tick(every), 'sim', scheduler.now());
    const t0 = performance.now();
    scheduler.advance(every);
    spent += performance.now() - t0;
  }
  const markets = stage.exchange.markets();
  const quoted = markets.filter((m) => (stage.exchange.bbo(m.slug)?.bidDepth ?? 0) > 0).length;
  stage.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  const msPerInterval = spent / intervals;
  return {
    markets: markets.length,
    quoted,
    intervals,
    msPerInterval,
    coreShare: msPerInterval / every,
  };
}
