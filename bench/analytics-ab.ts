// A/B of the analytics engine's cost per Change: this tree's engine against another commit's,
// fed the same Changes in the same process, in alternating order over several rounds, so a
// loaded machine moves both alike (compare the ratio, not the µs).
// Usage: git archive <commit> src | tar -x -C .ab-base
//        npx tsx bench/analytics-ab.ts .ab-base/src [rate=50000] [seconds=4] [rounds=4]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyticsConfigSchema } from '../src/analytics/config.js';
import { AnalyticsEngine } from '../src/analytics/engine.js';
import { outcomesFromCatalog } from '../src/analytics/market.js';
import { defaultCatalogDir, loadCatalog } from '../src/catalog/load.js';
import type { Change } from '../src/model/types.js';
import { Simulator } from '../src/sources/simulator/index.js';
import { State } from '../src/state/state.js';

interface Engine {
  apply(changes: readonly Change[]): unknown[];
}
type Make = () => Engine;

const [baseDir, ...rest] = process.argv.slice(2);
if (!baseDir) throw new Error('usage: analytics-ab.ts <base src dir> [rate] [seconds] [rounds]');
const [rate = 50_000, seconds = 4, rounds = 4] = rest.map(Number);
const catalog = loadCatalog(defaultCatalogDir());
const outcomes = outcomesFromCatalog(catalog.markets);
const config = analyticsConfigSchema.parse({});

const base = pathToFileURL(resolve(baseDir, 'analytics')).href;
const B = (await import(`${base}/engine.ts`)) as { AnalyticsEngine: new (o: unknown) => Engine };
const BC = (await import(`${base}/config.ts`)) as {
  analyticsConfigSchema: { parse(x: unknown): unknown };
};
const variants: [string, Make][] = [
  ['base', () => new B.AnalyticsEngine({ config: BC.analyticsConfigSchema.parse({}), outcomes })],
  ['this', () => new AnalyticsEngine({ config, outcomes })],
];

/** The simulator's Changes through State, batch by batch as the server hands them over. */
function batches(): Change[][] {
  let now = Date.UTC(2026, 10, 21, 18);
  const clock = () => now;
  const sim = new Simulator({ catalog, seed: 1, rate, clock });
  const state = new State({ epoch: 'm', lastSeq: 0, windowSize: 16, clock });
  const out: Change[][] = [];
  for (let t = 0; t < seconds * 1000; t += 25) {
    now += 25;
    const batch: Change[] = [];
    for (const u of sim.advanceTo(now)) {
      const c = state.apply(u);
      if (c && typeof c !== 'string') batch.push(c);
    }
    out.push(batch);
  }
  return out;
}

function run(make: Make, input: Change[][]): { us: number; alerts: number } {
  const engine = make();
  let cpu = 0;
  let alerts = 0;
  for (const batch of input) {
    const start = process.cpuUsage();
    alerts += engine.apply(batch).length;
    const used = process.cpuUsage(start);
    cpu += used.user + used.system;
  }
  return { us: cpu, alerts };
}

const input = batches();
const count = input.reduce((n, b) => n + b.length, 0);
const totals = new Map<string, number>();
for (let r = 0; r < rounds; r++) {
  const order = r % 2 === 0 ? variants : [...variants].reverse();
  const line: string[] = [];
  for (const [name, make] of order) {
    const { us, alerts } = run(make, input);
    totals.set(name, (totals.get(name) ?? 0) + us);
    line.push(`${name} ${(us / count).toFixed(2)} us/Change (${alerts} alert phases)`);
  }
  console.log(`round ${r + 1}: ${line.join(', ')}`);
}
const a = (totals.get('base') ?? 0) / rounds / count;
const b = (totals.get('this') ?? 0) / rounds / count;
console.log(
  `${count} Changes a round; mean base ${a.toFixed(2)}, this ${b.toFixed(2)} us CPU/Change (${((b / a) * 100).toFixed(0)}%)`,
);
