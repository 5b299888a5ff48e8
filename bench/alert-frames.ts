// Cost of encoding alert phases for the native protocol: alertFrame against a plain
// JSON.stringify of the same frame, on the phases the engine emits for the simulator at 50,000
// updates/s, in alternating order over several rounds in one process (compare the ratio on a
// loaded machine). Also checks that the two texts are the same, phase by phase.
// Usage: npx tsx bench/alert-frames.ts [rate=50000] [seconds=4] [rounds=6]
import { analyticsConfigSchema } from '../src/analytics/config.js';
import { AnalyticsEngine } from '../src/analytics/engine.js';
import { outcomesFromCatalog } from '../src/analytics/market.js';
import type { Alert, AlertChange } from '../src/analytics/types.js';
import { defaultCatalogDir, loadCatalog } from '../src/catalog/load.js';
import { alertFrame } from '../src/dialects/native/frames.js';
import type { Change } from '../src/model/types.js';
import { Simulator } from '../src/sources/simulator/index.js';
import { State } from '../src/state/state.js';

const [rate = 50_000, seconds = 4, rounds = 6] = process.argv.slice(2).map(Number);
const catalog = loadCatalog(defaultCatalogDir());
let now = Date.UTC(2026, 10, 21, 18);
const clock = () => now;
const sim = new Simulator({ catalog, seed: 1, rate, clock });
const state = new State({ epoch: 'm', lastSeq: 0, windowSize: 16, clock });
const engine = new AnalyticsEngine({
  config: analyticsConfigSchema.parse({}),
  outcomes: outcomesFromCatalog(catalog.markets),
});
const phases: AlertChange[] = [];
for (let t = 0; t < seconds * 1000; t += 25) {
  now += 25;
  const batch: Change[] = [];
  for (const u of sim.advanceTo(now)) {
    const c = state.apply(u);
    if (c && typeof c !== 'string') batch.push(c);
  }
  for (const alert of engine.apply(batch) as Alert[])
    phases.push({ epoch: 'a0123abcd', seq: phases.length + 1, alert });
}

const plain = (c: AlertChange) =>
  JSON.stringify({ type: 'alert', epoch: c.epoch, seq: c.seq, alert: c.alert });
let differ = 0;
for (const c of phases) if (alertFrame(c) !== plain(c)) differ++;
console.log(`${phases.length} phases; texts differing from JSON.stringify: ${differ}`);

const variants: [string, (c: AlertChange) => string][] = [
  ['JSON.stringify', plain],
  ['alertFrame', alertFrame],
];
const totals = new Map<string, number>();
for (let r = 0; r < rounds; r++) {
  const order = r % 2 === 0 ? variants : [...variants].reverse();
  const line: string[] = [];
  for (const [name, encode] of order) {
    const start = process.cpuUsage();
    let bytes = 0;
    for (const c of phases) bytes += encode(c).length;
    const used = process.cpuUsage(start);
    const us = used.user + used.system;
    totals.set(name, (totals.get(name) ?? 0) + us);
    line.push(`${name} ${(us / phases.length).toFixed(2)} us/phase (${bytes} bytes)`);
  }
  console.log(`round ${r + 1}: ${line.join(', ')}`);
}
const a = (totals.get('JSON.stringify') ?? 0) / rounds / phases.length;
const b = (totals.get('alertFrame') ?? 0) / rounds / phases.length;
console.log(
  `mean JSON.stringify ${a.toFixed(2)}, alertFrame ${b.toFixed(2)} us CPU/phase (${((b / a) * 100).toFixed(0)}%)`,
);
