// One measured publishing step: reset the clients' histograms, publish open-loop, wait for
// deliveries to drain, and turn the counters into figures.
import type { ClientGroup, GroupSnapshot } from './client-group.js';
import { cpuMicros, treeCpuMicros } from './procs.js';
import type { Rig } from './rig.js';

export interface StepFigures {
  rate: number;
  offeredDeliveriesPerSec: number;
  sent: number;
  expected: number;
  delivered: number;
  deliveredPerSec: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  lost: number;
  serverCpuUsPerDelivery: number | null;
  /** The server's main process alone (its fan-out workers excluded; the same without them). */
  mainCpuUsPerDelivery: number | null;
  serverCpuPct: number;
  /** Busiest client process, percent of one core. */
  clientCpuPct: number;
  publisherLateMs: number;
  /** p99 of the publisher's send-to-ack time in the step (durable ingest only), ms. */
  durabilityP99Ms: number | null;
  sustained: boolean;
}

export const SUSTAINED = { minDeliveredRatio: 0.97, maxP99Ms: 100 } as const;

/** Deliveries expected for the messages sent per sport, given each sport's fan-out. */
export function expectedDeliveries(perSport: number[], fanout: number[]): number {
  return perSport.reduce((sum, n, i) => sum + n * (fanout[i] ?? 0), 0);
}

export async function measureStep(
  rig: Rig,
  clients: ClientGroup,
  fanout: number[],
  rate: number,
  durationMs: number,
): Promise<StepFigures> {
  clients.reset();
  const before = await clients.snapshot();
  // The server's fan-out worker processes, if it runs any, count as the server.
  const cpu0 = treeCpuMicros(rig.serverPid);
  const main0 = cpuMicros(rig.serverPid);
  const t0 = performance.now();
  const done = await rig.publish(rate, durationMs);
  const expected = expectedDeliveries(done.perSport, fanout);
  const after = await drain(clients, before.updates + expected);
  const wallMs = performance.now() - t0;
  const cpu1 = treeCpuMicros(rig.serverPid);
  const main1 = cpuMicros(rig.serverPid);
  const delivered = after.updates - before.updates;
  const lost = after.lost - before.lost;
  const ms = (us: number): number => us / 1000;
  const clientCpuPct = Math.max(
    0,
    ...after.cpuByProc.map((c, i) => ((c - (before.cpuByProc[i] ?? 0)) / (wallMs * 1000)) * 100),
  );
  const p99Ms = ms(after.hist.percentile(99));
  const meanFanout = fanout.reduce((a, b) => a + b, 0) / Math.max(1, fanout.length);
  return {
    rate,
    offeredDeliveriesPerSec: Math.round(rate * meanFanout),
    sent: done.sent,
    expected,
    delivered,
    deliveredPerSec: Math.round(delivered / (durationMs / 1000)),
    p50Ms: ms(after.hist.percentile(50)),
    p99Ms,
    p999Ms: ms(after.hist.percentile(99.9)),
    maxMs: ms(after.hist.max),
    lost,
    serverCpuUsPerDelivery: delivered > 0 ? (cpu1 - cpu0) / delivered : null,
    mainCpuUsPerDelivery: delivered > 0 ? (main1 - main0) / delivered : null,
    serverCpuPct: ((cpu1 - cpu0) / (wallMs * 1000)) * 100,
    clientCpuPct,
    publisherLateMs: ms(done.lateUs),
    durabilityP99Ms:
      done.durability && done.durability.batches > 0 ? ms(done.durability.p99Us) : null,
    sustained:
      delivered >= SUSTAINED.minDeliveredRatio * expected &&
      p99Ms < SUSTAINED.maxP99Ms &&
      lost === 0,
  };
}

/** Polls until `target` updates arrived, or nothing moved for 1 s, or 4 s passed. */
async function drain(clients: ClientGroup, target: number): Promise<GroupSnapshot> {
  const deadline = Date.now() + 4000;
  let snap = await clients.snapshot();
  let last = snap.updates;
  let still = Date.now();
  while (snap.updates < target && Date.now() < deadline && Date.now() - still < 1000) {
    await new Promise((r) => setTimeout(r, 100));
    snap = await clients.snapshot();
    if (snap.updates !== last) {
      last = snap.updates;
      still = Date.now();
    }
  }
  return snap;
}
