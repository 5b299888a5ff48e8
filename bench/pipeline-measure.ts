// Main-thread CPU per Change of the simulator path, stage by stage, in one process: the
// simulator at `rate` on a manual clock (25 ms ticks, as the server's timer), normalise-free
// `Pipeline.offer` (State, feed health on, the bus) and SQLite history's hand-off of each chunk
// as the store makes it (`HandoffEncoder.encode`, then posting the write message, whose copy is
// made on the sending thread; here on a MessageChannel nobody reads, one message per chunk where
// the store posts one per batch of chunks). Not SQLite's thread, not the hub, not the
// server's other stages: the figures are the parts this path pays on the event loop. Each round
// starts fresh; the minimum over rounds is printed (a shared machine only ever adds time).
// Usage: npx tsx bench/pipeline-measure.ts [rate=50000] [seconds=10] [rounds=5]

import { MessageChannel } from 'node:worker_threads';
import { LocalBus } from '../src/bus/bus.js';
import { defaultCatalogDir, loadCatalog } from '../src/catalog/load.js';
import { chunkBytes } from '../src/history/handoff.js';
import { HandoffEncoder } from '../src/history/handoff-encoder.js';
import type { ToWorker } from '../src/history/sqlite-worker.js';
import type { Change } from '../src/model/types.js';
import { Simulator } from '../src/sources/simulator/index.js';
import { Pipeline } from '../src/state/pipeline.js';
import { SourceHealth } from '../src/state/source-health.js';
import { State } from '../src/state/state.js';

const [rate = 50_000, seconds = 10, rounds = 5] = process.argv.slice(2).map(Number);
const catalog = loadCatalog(defaultCatalogDir());
const cpu = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

interface Round {
  changes: number;
  simUs: number;
  applyUs: number;
  encodeUs: number;
  bytes: number;
}

function round(): Round {
  let now = Date.UTC(2026, 10, 21, 18);
  const clock = () => now;
  const sim = new Simulator({ catalog, seed: 1, rate, clock });
  const state = new State({ epoch: 'm', lastSeq: 0, windowSize: 10_000, clock });
  const bus = new LocalBus();
  let encodeUs = 0;
  let changes = 0;
  let bytes = 0;
  const encoder = new HandoffEncoder();
  // Unread: the messages queue in the channel, so no receiving work lands on this thread.
  const { port1, port2 } = new MessageChannel();
  let id = 0;
  bus.subscribe((batch: readonly Change[]) => {
    const t = cpu();
    const chunk = encoder.encode(batch);
    const m: ToWorker = { type: 'write', id: ++id, chunks: [chunk] };
    port1.postMessage(m);
    encodeUs += cpu() - t;
    bytes += chunkBytes(chunk);
    changes += batch.length;
  });
  const sink = { room: () => 1_000_000, health: () => ({ closed: false }) };
  const pipeline = new Pipeline(state, bus, sink, 0, new SourceHealth(state, 10_000));
  // The opening board first, uncounted: the measured part is the steady stream.
  pipeline.offer(sim.advanceTo(now), 'simulator', now);
  changes = 0;
  encodeUs = 0;
  let simUs = 0;
  let applyUs = 0;
  for (let t = 0; t < seconds * 1000; t += 25) {
    now += 25;
    const t0 = cpu();
    const updates = sim.advanceTo(now);
    const t1 = cpu();
    pipeline.offer(updates, 'simulator', now);
    applyUs += cpu() - t1;
    simUs += t1 - t0;
  }
  port1.close();
  port2.close();
  if (bytes === 0) throw new Error('nothing encoded');
  // apply includes the bus, so encoding is inside it: take it out.
  return { changes, simUs, applyUs: applyUs - encodeUs, encodeUs, bytes };
}

const results: Round[] = [];
for (let r = 0; r < rounds; r++) results.push(round());
const min = (f: (r: Round) => number) => Math.min(...results.map(f));
const per = (f: (r: Round) => number) => min((r) => f(r) / r.changes).toFixed(2);
console.log(
  JSON.stringify({
    changes: results[0]?.changes,
    simulatorUsPerChange: per((r) => r.simUs),
    stateUsPerChange: per((r) => r.applyUs),
    historyEncodeUsPerChange: per((r) => r.encodeUs),
    historyBytesPerChange: per((r) => r.bytes),
    totalUsPerChange: per((r) => r.simUs + r.applyUs + r.encodeUs),
    load: (await import('node:os'))
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' '),
  }),
);
