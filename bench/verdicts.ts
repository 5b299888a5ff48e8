// The targets of the performance issue (16), each printed with its measured ratio whether met or
// missed, from the metrics of one run. Pure.
import type { ScenarioResult } from './scenarios/types.js';

const REFERENCE = 'net-reference';
const NATIVE = 'linecast';

interface Row {
  goal: string;
  measured: string;
  ratio: number | null;
  /** Met when the ratio is at least this (or at most, for `atMost`). */
  bound: number;
  atMost?: boolean;
  /** Why there is no ratio, when there is a reason beyond "not run". */
  why?: string;
}

function metric(
  results: readonly ScenarioResult[],
  scenario: string,
  target: string,
  variant: string,
  key: string,
): number | null {
  const r = results.find(
    (x) => x.scenario === scenario && x.target === target && x.variant === variant,
  );
  return r?.metrics.find((m) => m.key === key)?.value ?? null;
}

const ratioOf = (a: number | null, b: number | null): number | null =>
  a === null || b === null || b === 0 ? null : a / b;

const num = (v: number | null, digits = 0): string =>
  v === null ? 'n/a' : v.toLocaleString('en-US', { maximumFractionDigits: digits });

function verdict(r: Row): string {
  if (r.ratio === null) return r.why ?? 'not measured';
  const met = r.atMost ? r.ratio <= r.bound : r.ratio >= r.bound;
  if (met) return 'met';
  if (r.ratio === 0) return 'missed (none sustained)';
  const by = r.atMost ? r.ratio / r.bound : r.bound / r.ratio;
  return `missed (${by.toFixed(2)}x off)`;
}

/** Markdown lines: one row per target of the issue, with its ratio, met or missed. */
export function issueTargets(
  results: readonly ScenarioResult[],
  baselines: readonly string[],
): string[] {
  const rows: Row[] = [];
  const linecast = [...new Set(results.map((r) => r.target))].filter((t) => !baselines.includes(t));
  const fanout = results.filter((r) => r.scenario === 'fanout');
  const sizes = [...new Set(fanout.map((r) => r.variant))];
  for (const n of sizes) {
    const ref = metric(results, 'fanout', REFERENCE, n, 'maxDelivered');
    const native = metric(results, 'fanout', NATIVE, n, 'maxDelivered');
    const refCpu = metric(results, 'fanout', REFERENCE, n, 'cpuPerDelivery');
    const nativeCpu = metric(results, 'fanout', NATIVE, n, 'cpuPerDelivery');
    const unsustained = 'no step sustained (see the load average); CPU per delivery below';
    for (const t of linecast.filter((x) => fanout.some((r) => r.target === x))) {
      const v = metric(results, 'fanout', t, n, 'maxDelivered');
      const cpu = metric(results, 'fanout', t, n, 'cpuPerDelivery');
      rows.push({
        goal: `fan-out ${n}: ${t} >= 0.8x ${REFERENCE}`,
        measured: `${num(v)} vs ${num(ref)} /s`,
        ratio: ratioOf(v, ref),
        bound: 0.8,
        why: unsustained,
      });
      // CPU per delivery at the same offered load: what throughput would be on a core of its
      // own, and the figure that stays comparable when the machine is busy.
      rows.push({
        goal: `fan-out ${n}: ${t} server CPU per delivery @100k/s, ${REFERENCE}'s / its own >= 0.8`,
        measured: `${num(cpu, 2)} vs ${num(refCpu, 2)} µs`,
        ratio: ratioOf(refCpu, cpu),
        bound: 0.8,
      });
      if (t !== NATIVE) {
        rows.push({
          goal: `fan-out ${n}: ${t} >= 0.8x native`,
          measured: `${num(v)} vs ${num(native)} /s`,
          ratio: ratioOf(v, native),
          bound: 0.8,
          why: unsustained,
        });
        rows.push({
          goal: `fan-out ${n}: ${t} server CPU per delivery @100k/s, native's / its own >= 0.8`,
          measured: `${num(cpu, 2)} vs ${num(nativeCpu, 2)} µs`,
          ratio: ratioOf(nativeCpu, cpu),
          bound: 0.8,
        });
      }
      const delivered = metric(results, 'fanout', t, n, 'deliveredAtRef');
      rows.push({
        goal: `fan-out ${n}: ${t} delivers every frame at 100k/s (keeping-up readers lose none)`,
        measured: `${num(delivered, 2)} %`,
        ratio: delivered === null ? null : delivered / 100,
        bound: 1,
      });
    }
    rows.push({
      goal: `fan-out ${n}: >= uWebSockets.js in the same run`,
      measured: 'no uWebSockets.js baseline in this harness',
      ratio: null,
      bound: 1,
    });
  }
  const n5 = 'N=5000';
  const refP99 = metric(results, 'fanout', REFERENCE, n5, 'p99');
  for (const t of linecast.filter((x) => fanout.some((r) => r.target === x && r.variant === n5))) {
    const v = metric(results, 'fanout', t, n5, 'p99');
    rows.push({
      goal: `p99 @100k/s, N=5000: ${t} <= 1.2x ${REFERENCE}`,
      measured: `${num(v, 1)} vs ${num(refP99, 1)} ms`,
      ratio: ratioOf(v, refP99),
      bound: 1.2,
      atMost: true,
    });
  }
  const largest = sizes.at(-1);
  if (largest !== undefined)
    for (const t of linecast.filter((x) => fanout.some((r) => r.target === x))) {
      const v = metric(results, 'fanout', t, largest, 'rssPerConn');
      rows.push({
        goal: `RSS per idle connection <= 6 KiB (goal at N=10000; measured at ${largest}): ${t}`,
        measured: `${num(v, 1)} KiB`,
        ratio: v === null ? null : v / 6,
        bound: 1,
        atMost: true,
      });
    }
  for (const r of results.filter((x) => x.scenario === 'ingest' && x.variant.startsWith('end'))) {
    const rate = r.metrics.find((m) => m.key === 'rate')?.value ?? null;
    const lag = r.metrics.find((m) => m.key === 'lagP99')?.value ?? null;
    rows.push({
      goal: `ingest >= 50,000 changes/s durable (${r.variant})`,
      measured: `${num(rate)} /s`,
      ratio: rate === null ? null : rate / 50_000,
      bound: 1,
    });
    rows.push({
      goal: `ingest event-loop lag p99 < 20 ms (${r.variant})`,
      measured: `${num(lag, 1)} ms`,
      ratio: lag === null ? null : lag / 20,
      bound: 1,
      atMost: true,
    });
  }
  if (rows.length === 0) return [];
  return [
    '## Targets of the performance issue',
    '',
    '| target | measured | ratio | verdict |',
    '|---|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.goal} | ${r.measured} | ${r.ratio === null ? 'n/a' : `${r.ratio.toFixed(2)}x`} | ${verdict(r)} |`,
    ),
    '',
  ];
}
