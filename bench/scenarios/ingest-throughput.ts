// (d) Ingest -> state -> history throughput, Linecast only. Two parts:
// - the history store alone: `measureHistoryThroughput` (SQLite, ~5 s) in this process, as
//   fast as it accepts and at 50,000 Changes/s offered;
// - end to end: a Linecast server with 1,000 idle native subscribers connected (in a client
//   process of their own), fed over WebSocket ingest as fast as its acks allow (batches of
//   1,000, a few in flight), acknowledged (durable) items per second, and the server's
//   event-loop lag p99 from its own /metrics over the same window.
import type { ChildProcess } from 'node:child_process';
import { ClientGroup } from '../client-group.js';
import { measureHistoryThroughput, type ThroughputResult } from '../history-throughput.js';
import type { FromFlood, ToFlood } from '../linecast/flood.js';
import { metricsText, promValue } from '../linecast/server.js';
import { isNativeLinecast } from '../linecast/target.js';
import { waitFor } from '../messages.js';
import { cpuMicros, mainThreadCpuMicros, rssBytes } from '../procs.js';
import { Rig } from '../rig.js';
import type { Target } from '../targets.js';
import type { Metric, Scenario, ScenarioResult } from './types.js';

const FLOOD_MODULE = new URL('../linecast/flood.js', import.meta.url).pathname;

/** What Linecast is meant to reach. */
export const INGEST_TARGETS = { changesPerSec: 50_000, loopLagP99Ms: 20 } as const;
const BATCH = 1000;
const WINDOW = 4;
/**
 * Native subscribers connected during the end-to-end run, subscribed to a league no flood
 * update is in: they hold connections, subscriptions, heartbeats and pings, but get no
 * deliveries (fan-out has its own scenario).
 */
export const INGEST_SUBSCRIBERS = 1000;

type Ready = Extract<FromFlood, { type: 'ready' }>;
type Done = Extract<FromFlood, { type: 'done' }>;

/** An offered-rate run meets the rate target when it kept up with the offer (3% slack, as the fan-out ladder allows, for the tail it waits on). */
function verdict(rate: number | null, lagMs: number | null, offered = 0, refused = 0): string {
  const okRate =
    rate !== null &&
    (offered > 0
      ? offered >= INGEST_TARGETS.changesPerSec && rate >= 0.97 * offered && refused === 0
      : rate >= INGEST_TARGETS.changesPerSec);
  const okLag = lagMs !== null && lagMs < INGEST_TARGETS.loopLagP99Ms;
  return (
    `target >= ${INGEST_TARGETS.changesPerSec.toLocaleString('en-US')} changes/s: ${okRate ? 'met' : 'MISSED'}; ` +
    `loop lag p99 < ${INGEST_TARGETS.loopLagP99Ms} ms: ${okLag ? 'met' : 'MISSED'}`
  );
}

function storeResult(
  target: Target,
  label: string,
  offered: number,
  r: ThroughputResult,
): ScenarioResult {
  const metrics: Metric[] = [
    {
      key: 'rate',
      label: 'changes/s durable',
      value: r.changesPerSec,
      unit: '/s',
      better: 'higher',
    },
    {
      key: 'lagP99',
      label: 'event-loop lag p99',
      value: r.loopLagP99Ms,
      unit: 'ms',
      better: 'lower',
    },
    {
      key: 'lagMax',
      label: 'event-loop lag max',
      value: r.loopLagMaxMs,
      unit: 'ms',
      better: 'lower',
    },
    {
      key: 'refused',
      label: 'appends refused (queue full)',
      value: r.refused,
      unit: '',
      better: 'lower',
    },
  ];
  return {
    scenario: 'ingest',
    target: target.name,
    variant: `history store alone (SQLite, synchronous=${r.synchronous}), ${label}`,
    metrics,
    notes: [verdict(r.changesPerSec, r.loopLagP99Ms, offered, r.refused)],
    detail: r,
  };
}

export const ingestThroughput: Scenario = {
  name: 'ingest',
  description: 'ingest -> state -> history throughput (history store alone, then end to end)',
  maxConnections: () => INGEST_SUBSCRIBERS + 10,
  appliesTo: isNativeLinecast,
  async run(ctx, target: Target): Promise<ScenarioResult[]> {
    const out: ScenarioResult[] = [];
    const durationMs = ctx.full ? 10_000 : 5_000;
    for (const [label, rate] of [
      ['unlimited', 0],
      ['50,000/s offered', 50_000],
    ] as const) {
      const r = await measureHistoryThroughput({ durationMs: 5_000, rate });
      ctx.log(
        `  history store ${label}: ${r.changesPerSec}/s, loop lag p99 ${r.loopLagP99Ms} ms, refused ${r.refused}`,
      );
      out.push(storeResult(target, label, rate, r));
    }

    const rig = await Rig.start(ctx.children, target);
    let flood: ChildProcess | null = null;
    let subscribers: ClientGroup | null = null;
    try {
      subscribers = await ClientGroup.start(ctx.children, {
        target: target.name,
        ports: rig.ports,
        from: 0,
        count: INGEST_SUBSCRIBERS,
        procs: 1,
        idle: true,
      });
      flood = ctx.children.fork(FLOOD_MODULE);
      const ready = waitFor(
        flood,
        (m): m is Ready => (m as Ready)?.type === 'ready',
        15_000,
        'flood',
      );
      flood.send({ type: 'open', ports: rig.ports, window: WINDOW } satisfies ToFlood);
      const r = await ready;
      if (r.error) throw new Error(`ingest flood: ${r.error}`);
      await metricsText(rig.ports); // resets the server's event-loop delay histogram
      const cpu0 = cpuMicros(rig.serverPid);
      const main0 = mainThreadCpuMicros(rig.serverPid);
      const done = waitFor(
        flood,
        (m): m is Done => (m as Done)?.type === 'done',
        durationMs + 60_000,
        'ingest flood',
      );
      flood.send({ type: 'go', durationMs, batch: BATCH } satisfies ToFlood);
      const d = await done;
      const cpu1 = cpuMicros(rig.serverPid);
      const main1 = mainThreadCpuMicros(rig.serverPid);
      const prom = await metricsText(rig.ports);
      const p99 = promValue(prom, 'nodejs_eventloop_lag_p99_seconds');
      const max = promValue(prom, 'nodejs_eventloop_lag_max_seconds');
      const lagP99Ms = p99 === null ? null : p99 * 1000;
      const rss = rssBytes(rig.serverPid) / 2 ** 20;
      const serverCpuPct = ((cpu1 - cpu0) / (d.elapsedMs * 1000)) * 100;
      // The thread that also fans out: what ingest leaves it is what subscribers get.
      const mainCpuPct = ((main1 - main0) / (d.elapsedMs * 1000)) * 100;
      const mainPerChangeUs = d.accepted > 0 ? (main1 - main0) / d.accepted : null;
      ctx.log(
        `  end to end: ${d.ackedPerSec}/s acked (${d.accepted} in ${d.elapsedMs} ms), rejected ${d.rejected}, ` +
          `unchanged ${d.unchanged}, errors ${d.errors}, loop lag p99 ${lagP99Ms?.toFixed(1)} ms, server CPU ${serverCpuPct.toFixed(0)}%, ` +
          `main thread ${mainCpuPct.toFixed(0)}% = ${mainPerChangeUs?.toFixed(1)} µs per change`,
      );
      const idle = await subscribers.snapshot();
      if (idle.open < INGEST_SUBSCRIBERS || idle.lost > 0 || idle.updates > 0)
        ctx.log(
          `  idle subscribers: ${idle.open} open, ${idle.lost} lost, ${idle.updates} updates received (expected ${INGEST_SUBSCRIBERS}, 0, 0)`,
        );
      const notes = [verdict(d.ackedPerSec, lagP99Ms)];
      notes.push(
        `${idle.open} of ${INGEST_SUBSCRIBERS} idle native subscribers connected at the end (subscribed to a league the flood does not feed; ${idle.lost} lost)`,
      );
      notes.push(
        `batches of ${BATCH} items, ${WINDOW} in flight; an ack means the batch is applied and durable in SQLite; ` +
          `loop lag from the server's /metrics (prom-client, 10 ms sampling resolution), reset right before the run`,
      );
      if (d.rejected > 0 || d.errors > 0 || d.unchanged > 0)
        notes.push(
          `rejected ${d.rejected}, error replies ${d.errors}, unchanged ${d.unchanged}: ${d.firstError ?? ''}`,
        );
      out.push({
        scenario: 'ingest',
        target: target.name,
        variant: `end to end: WebSocket ingest -> state -> SQLite history, ${INGEST_SUBSCRIBERS.toLocaleString('en-US')} idle subscribers`,
        metrics: [
          {
            key: 'rate',
            label: 'changes/s durable',
            value: d.ackedPerSec,
            unit: '/s',
            better: 'higher',
          },
          {
            key: 'lagP99',
            label: 'event-loop lag p99',
            value: lagP99Ms,
            unit: 'ms',
            better: 'lower',
          },
          {
            key: 'lagMax',
            label: 'event-loop lag max',
            value: max === null ? null : max * 1000,
            unit: 'ms',
            better: 'lower',
          },
          {
            key: 'serverCpu',
            label: 'server CPU',
            value: serverCpuPct,
            unit: '%',
            better: 'lower',
          },
          {
            key: 'mainCpu',
            label: 'main-thread CPU',
            value: mainCpuPct,
            unit: '%',
            better: 'lower',
          },
          {
            key: 'mainPerChange',
            label: 'main-thread CPU per change',
            value: mainPerChangeUs,
            unit: 'µs',
            better: 'lower',
          },
          { key: 'rss', label: 'server RSS at end', value: rss, unit: 'MB', better: 'lower' },
        ],
        notes,
        detail: {
          ...d,
          batch: BATCH,
          window: WINDOW,
          serverCpuPct,
          mainCpuPct,
          mainPerChangeUs,
          lagP99Ms,
          subscribers: { open: idle.open, lost: idle.lost, updates: idle.updates },
        },
      });
      return out;
    } finally {
      if (flood) await ctx.children.kill(flood, 3000);
      await subscribers?.stop();
      await rig.stop();
    }
  },
};
