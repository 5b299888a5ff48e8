// (a) Fan-out ladder: N connections (half on everything, half on one sport), offered rate
// raised step by step until a step is not sustained. Also RSS per idle connection.
import { availableParallelism } from 'node:os';
import { ClientGroup } from '../client-group.js';
import { measureStep, type StepFigures, SUSTAINED } from '../measure.js';
import { treeRssBytes } from '../procs.js';
import { Rig } from '../rig.js';
import type { Target } from '../targets.js';
import { fanoutBySport } from '../workload.js';
import type { Metric, Scenario, ScenarioContext, ScenarioResult } from './types.js';

/** Offered deliveries per second, step by step. */
export const LADDER = [25e3, 50e3, 100e3, 150e3, 200e3, 300e3, 400e3, 600e3, 800e3, 1.2e6, 1.6e6];
export const REFERENCE_LOAD = 100e3;

export function ladderSizes(full: boolean): number[] {
  return full ? [1000, 5000, 10000] : [1000, 5000];
}

/**
 * The offered loads of a ladder: LADDER, or `BENCH_LADDER=<deliveries/s,...>` for a short run
 * on a busy machine (e.g. `100000` alone still yields every @100k/s figure, sustained or not).
 */
export function ladderSteps(): number[] {
  const v = process.env['BENCH_LADDER'];
  if (!v) return LADDER;
  const steps = v.split(',').map(Number);
  if (steps.some((x) => !Number.isFinite(x) || x <= 0))
    throw new Error(`BENCH_LADDER needs positive numbers, got ${v}`);
  return steps;
}

/** Whole ladders per size; each figure is their median. `BENCH_RUNS` overrides (1 for a smoke run). */
export function ladderRuns(): number {
  const v = Number(process.env['BENCH_RUNS'] ?? 3);
  return Number.isInteger(v) && v >= 1 ? v : 3;
}

/**
 * Load-client processes: at least two, and one per CPU the load may use, so a client process is
 * not the first thing to saturate; `BENCH_CLIENT_PROCS` overrides.
 */
export function clientProcs(n: number, loadCpus: number): number {
  const v = Number(process.env['BENCH_CLIENT_PROCS']);
  const procs = Number.isInteger(v) && v >= 1 ? v : Math.max(2, loadCpus);
  return Math.min(procs, n);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function ladderAt(ctx: ScenarioContext, target: Target, n: number): Promise<ScenarioResult> {
  const stepMs = ctx.full ? 5000 : 3000;
  const notes: string[] = [];
  const rig = await Rig.start(ctx.children, target);
  let clients: ClientGroup | null = null;
  try {
    await sleep(500);
    const rss0 = treeRssBytes(rig.serverPid);
    clients = await ClientGroup.start(ctx.children, {
      target: target.name,
      ports: rig.ports,
      from: 0,
      count: n,
      procs: clientProcs(n, loadCpus(ctx)),
    });
    rig.attach(clients);
    await sleep(1000);
    const rssIdle = treeRssBytes(rig.serverPid);
    await rig.startPublisher();
    const fanout = fanoutBySport(n, target.client.receives);
    const meanFanout = fanout.reduce((a, b) => a + b, 0) / fanout.length;
    /** Every attempt, in order; `retried` marks the second attempt at a step. */
    const steps: (StepFigures & { retried: boolean })[] = [];
    for (const offered of ladderSteps()) {
      const rate = offered / meanFanout;
      let s = await measureStep(rig, clients, fanout, rate, stepMs);
      let retried = false;
      // A step that delivered everything and lost nothing but missed on p99 alone is run once
      // more: on shared cores one scheduling hiccup can decide p99 of a 3 s step.
      if (!s.sustained && s.lost === 0 && s.delivered >= SUSTAINED.minDeliveredRatio * s.expected) {
        ctx.log(
          `  ${target.name} N=${n} offered ${fmtK(offered)}/s: p99 ${s.p99Ms.toFixed(1)} ms, retrying once`,
        );
        steps.push({ ...s, retried });
        s = await measureStep(rig, clients, fanout, rate, stepMs);
        retried = true;
      }
      steps.push({ ...s, retried });
      ctx.log(
        `  ${target.name} N=${n} offered ${fmtK(offered)}/s: delivered ${fmtK(s.deliveredPerSec)}/s ` +
          `(${((100 * s.delivered) / Math.max(1, s.expected)).toFixed(1)}%) p99 ${s.p99Ms.toFixed(1)} ms ` +
          `server ${s.serverCpuPct.toFixed(0)}% client ${s.clientCpuPct.toFixed(0)}% lost ${s.lost}` +
          (s.durabilityP99Ms === null ? '' : ` ack p99 ${s.durabilityP99Ms.toFixed(0)} ms`) +
          (s.clientCpuPct > CLIENT_LIMIT_PCT ? '  <- client-bound' : '') +
          (s.sustained ? '' : '  <- not sustained'),
      );
      if (!s.sustained || !rig.serverAlive()) break;
    }
    const sustained = steps.filter((s) => s.sustained);
    const limit = sustained.at(-1);
    // The last attempt at each step decides it.
    const atRef = steps.findLast(
      (s) => Math.abs(s.offeredDeliveriesPerSec - REFERENCE_LOAD) < 1000,
    );
    const firstFail = steps.at(-1)?.sustained ? undefined : steps.at(-1);
    if (atRef && !atRef.sustained) notes.push(`N=${n}: the 100k/s step was not sustained`);
    if (!firstFail) notes.push(`N=${n}: top of the ladder reached; the limit is higher`);
    if (firstFail && firstFail.clientCpuPct > CLIENT_LIMIT_PCT) {
      notes.push(
        `N=${n}: a load client was at ${firstFail.clientCpuPct.toFixed(0)}% CPU on the failing step; the limit may be the client's`,
      );
    }
    const metrics: Metric[] = [
      m('maxDelivered', 'max sustained deliveries/s', limit?.deliveredPerSec ?? 0, '/s', 'higher'),
      m('p50', 'p50 @100k/s', atRef?.p50Ms ?? null, 'ms', 'lower'),
      m('p99', 'p99 @100k/s', atRef?.p99Ms ?? null, 'ms', 'lower'),
      m('p999', 'p99.9 @100k/s', atRef?.p999Ms ?? null, 'ms', 'lower'),
      m(
        'cpuPerDelivery',
        'server CPU/delivery @100k/s',
        atRef?.serverCpuUsPerDelivery ?? null,
        'µs',
        'lower',
      ),
      m(
        'mainCpuPerDelivery',
        'main process CPU/delivery @100k/s',
        atRef?.mainCpuUsPerDelivery ?? null,
        'µs',
        'lower',
      ),
      m('rssPerConn', 'server RSS per idle conn', (rssIdle - rss0) / n / 1024, 'KiB', 'lower'),
      m(
        'deliveredAtRef',
        'delivered @100k/s',
        atRef ? (100 * atRef.delivered) / Math.max(1, atRef.expected) : null,
        '%',
        'higher',
      ),
      m('durabilityP99', 'ingest ack p99 @100k/s', atRef?.durabilityP99Ms ?? null, 'ms', 'lower'),
      m(
        'clientCpu',
        'busiest client CPU at limit',
        (firstFail ?? limit)?.clientCpuPct ?? null,
        '%',
        'lower',
      ),
    ];
    return {
      scenario: 'fanout',
      target: target.name,
      variant: `N=${n}`,
      metrics,
      notes,
      detail: { n, stepMs, rss0, rssIdle, meanFanout, steps },
    };
  } finally {
    await clients?.stop();
    await rig.stop();
  }
}

function m(
  key: string,
  label: string,
  value: number | null,
  unit: string,
  better: Metric['better'],
): Metric {
  return { key, label, value, unit, better };
}

function fmtK(v: number): string {
  return v >= 1e6 ? `${(v / 1e6).toFixed(2)}M` : `${(v / 1e3).toFixed(0)}k`;
}

/** CPUs the load clients may use: all but the server's when pinned, else all. */
function loadCpus(ctx: ScenarioContext): number {
  const load = ctx.children.pin?.load;
  if (!load) return availableParallelism();
  const [lo, hi] = load.split('-').map(Number);
  return hi === undefined ? 1 : hi - (lo ?? 0) + 1;
}

/** A client process this busy (percent of one core) may be what limits a step. */
const CLIENT_LIMIT_PCT = 85;

/** Per metric, the median of the runs' values (null ones left out); notes of every run. */
export function medianResult(runs: readonly ScenarioResult[]): ScenarioResult {
  const first = runs[0]!;
  const metrics = first.metrics.map((m) => {
    const values = runs
      .map((r) => r.metrics.find((x) => x.key === m.key)?.value ?? null)
      .filter((v): v is number => v !== null)
      .sort((a, b) => a - b);
    const mid = values.length >> 1;
    const value =
      values.length === 0
        ? null
        : values.length % 2 === 1
          ? values[mid]!
          : (values[mid - 1]! + values[mid]!) / 2;
    return { ...m, value };
  });
  const notes = runs.flatMap((r, i) => r.notes.map((n) => `run ${i + 1}: ${n}`));
  if (runs.length > 1)
    notes.unshift(
      `median of ${runs.length} ladders; max sustained per run: ${runs
        .map((r) => fmtK(r.metrics.find((x) => x.key === 'maxDelivered')?.value ?? 0))
        .join(', ')}`,
    );
  return { ...first, metrics, notes, detail: { runs: runs.map((r) => r.detail) } };
}

export const fanoutLadder: Scenario = {
  name: 'fanout',
  description: 'fan-out ladder: raise the offered rate until a step is not sustained',
  maxConnections: (full) => Math.max(...ladderSizes(full)),
  async run(ctx, target) {
    const out: ScenarioResult[] = [];
    for (const n of ctx.sizes ?? ladderSizes(ctx.full)) {
      const runs: ScenarioResult[] = [];
      const failed: string[] = [];
      // A run that could not start (connections refused, a server that died) is reported, and
      // the median is taken over the others.
      for (let i = 0; i < ladderRuns(); i++) {
        try {
          runs.push(await ladderAt(ctx, target, n));
        } catch (err) {
          failed.push(`run ${i + 1} failed: ${err instanceof Error ? err.message : String(err)}`);
          ctx.log(`  ${target.name} N=${n}: ${failed.at(-1)}`);
          await ctx.children.killAll();
        }
      }
      if (runs.length === 0) throw new Error(failed.join('; '));
      const median = medianResult(runs);
      median.notes.push(...failed);
      out.push(median);
    }
    return out;
  },
};
