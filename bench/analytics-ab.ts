// A/B of the analytics engine's cost per Change: this tree's engine against another commit's,
// fed the same Changes in the same process, in alternating order over several rounds, so a
// loaded machine moves both alike (compare the ratio, not the µs).
// Usage: git archive <commit> src | tar -x -C .ab-base
//        npx tsx bench/analytics-ab.ts .ab-base/src [rate=50000] [seconds=4] [rounds=4]
// The first round also compares what the two engines emit, batch by batch (the same phases, in
// any order within a batch: a change of cost should not change the alerts), and says where they
// first differ. The opening board (the first batch, every quote filed) is timed apart.
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

interface Run {
  /** CPU µs after the opening board, and for it. */
  us: number;
  openingUs: number;
  alerts: number;
  /** Per batch, its phases as sorted JSON (when asked for). */
  phases: string[][] | null;
}

function run(make: Make, input: Change[][], keep: boolean): Run {
  const engine = make();
  let cpu = 0;
  let openingUs = 0;
  let alerts = 0;
  const phases: string[][] | null = keep ? [] : null;
  for (let i = 0; i < input.length; i++) {
    const start = process.cpuUsage();
    const out = engine.apply(input[i] ?? []);
    const used = process.cpuUsage(start);
    if (i === 0) openingUs = used.user + used.system;
    else cpu += used.user + used.system;
    alerts += out.length;
    phases?.push(out.map((a) => JSON.stringify(a)).sort());
  }
  return { us: cpu, openingUs, alerts, phases };
}

/**
 * How two runs' phases differ: none when every batch holds the same phases; else the count of
 * phases only one of them emitted, by kind and phase, and the first of each.
 */
function difference(a: string[][], b: string[][]): string | null {
  const counts = new Map<string, number>();
  const first: string[] = [];
  const only = (p: string[], q: string[]) => {
    const rest = new Map<string, number>();
    for (const s of q) rest.set(s, (rest.get(s) ?? 0) + 1);
    return p.filter((s) => {
      const n = rest.get(s) ?? 0;
      rest.set(s, n - 1);
      return n <= 0;
    });
  };
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    for (const [side, list] of [
      ['base', only(a[i] ?? [], b[i] ?? [])],
      ['this', only(b[i] ?? [], a[i] ?? [])],
    ] as const) {
      for (const s of list) {
        const { kind, phase } = JSON.parse(s) as { kind: string; phase: string };
        const k = `${side} ${kind}.${phase}`;
        counts.set(k, (counts.get(k) ?? 0) + 1);
        if (first.length < 4) first.push(`batch ${i}, ${side}: ${s}`);
      }
    }
  }
  if (counts.size === 0) return null;
  const summary = [...counts].map(([k, n]) => `${k} ${n}`).join(', ');
  return `only in one run: ${summary}\n  ${first.join('\n  ')}`;
}

const input = batches();
const opening = input[0]?.length ?? 0;
const count = input.reduce((n, b) => n + b.length, 0) - opening;
const totals = new Map<string, number>();
const openings = new Map<string, number>();
for (let r = 0; r < rounds; r++) {
  const order = r % 2 === 0 ? variants : [...variants].reverse();
  const line: string[] = [];
  const kept = new Map<string, string[][]>();
  for (const [name, make] of order) {
    const { us, openingUs, alerts, phases } = run(make, input, r === 0);
    if (phases) kept.set(name, phases);
    totals.set(name, (totals.get(name) ?? 0) + us);
    openings.set(name, (openings.get(name) ?? 0) + openingUs);
    line.push(`${name} ${(us / count).toFixed(2)} us/Change (${alerts} alert phases)`);
  }
  console.log(`round ${r + 1}: ${line.join(', ')}`);
  const diff = r === 0 ? difference(kept.get('base') ?? [], kept.get('this') ?? []) : null;
  if (r === 0) console.log(diff ? `phases differ, ${diff}` : 'phases: the same in every batch');
}
const mean = (m: Map<string, number>, name: string, n: number) => (m.get(name) ?? 0) / rounds / n;
const a = mean(totals, 'base', count);
const b = mean(totals, 'this', count);
console.log(
  `${count} Changes a round after the opening board; mean base ${a.toFixed(2)}, this ${b.toFixed(2)} us CPU/Change (${((b / a) * 100).toFixed(0)}%)`,
);
console.log(
  `opening board (${opening} Changes): base ${mean(openings, 'base', opening).toFixed(2)}, this ${mean(openings, 'this', opening).toFixed(2)} us CPU/Change`,
);
