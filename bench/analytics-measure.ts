// Measures the engine's cost per Change on a simulator stream. Not a test and not the benchmark
// (that one runs the whole server): the simulator's updates go through the real State, and only
// engine.apply is timed, batch by batch as a server would call it, so Changes die young as they
// would in production.
// Usage: npx tsx bench/analytics-measure.ts [rate=50000] [seconds=10] [seed=1]

import { analyticsConfigSchema } from '../src/analytics/config.js';
import { AnalyticsEngine } from '../src/analytics/engine.js';
import { outcomesFromCatalog } from '../src/analytics/market.js';
import { defaultCatalogDir, loadCatalog } from '../src/catalog/load.js';
import type { Change } from '../src/model/types.js';
import { Simulator } from '../src/sources/simulator/index.js';
import { State } from '../src/state/state.js';

const [rate = 50_000, seconds = 10, seed = 1] = process.argv.slice(2).map(Number);
const catalog = loadCatalog(defaultCatalogDir());
const outcomes = outcomesFromCatalog(catalog.markets);

for (const method of ['multiplicative', 'shin', 'worst_case'] as const) {
  let now = Date.UTC(2026, 10, 21, 18);
  const clock = () => now;
  const sim = new Simulator({ catalog, seed, rate, clock });
  const state = new State({ epoch: 'm', lastSeq: 0, windowSize: 16, clock });
  const engine = new AnalyticsEngine({ config: analyticsConfigSchema.parse({ method }), outcomes });
  const kinds = new Map<string, number>();
  let count = 0;
  let cpuUs = 0;
  let wallNs = 0n;
  // State's own cost on the same machine, as a yardstick for the engine's.
  let stateUs = 0;
  for (let t = 0; t < seconds * 1000; t += 25) {
    now += 25;
    const batch: Change[] = [];
    const updates = sim.advanceTo(now);
    const stateCpu = process.cpuUsage();
    for (const u of updates) {
      const c = state.apply(u);
      if (c && typeof c !== 'string') batch.push(c);
    }
    const stateUsed = process.cpuUsage(stateCpu);
    stateUs += stateUsed.user + stateUsed.system;
    count += batch.length;
    // CPU time of this process as well as wall time: the machine may be shared.
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    const alerts = engine.apply(batch);
    wallNs += process.hrtime.bigint() - start;
    const used = process.cpuUsage(cpu);
    cpuUs += used.user + used.system;
    for (const a of alerts) {
      const k = `${a.kind}.${a.phase}`;
      kinds.set(k, (kinds.get(k) ?? 0) + 1);
    }
  }
  const summary = [...kinds]
    .sort()
    .map(([k, n]) => `${k}=${n}`)
    .join(' ');
  console.log(
    `${method}: ${count} Changes, ${(cpuUs / count).toFixed(2)} us CPU/Change ` +
      `(${(Number(wallNs) / 1000 / count).toFixed(2)} us wall), ` +
      `state ${(stateUs / count).toFixed(2)} us CPU/Change; ` +
      `${engine.groupCount} groups, ${engine.open().length} open; ${summary}`,
  );
}
