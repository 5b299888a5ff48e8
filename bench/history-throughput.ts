// Sustained append rate into SQLite and what it costs the event loop. Called by the
// benchmark harness (the ingest scenario).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { SqliteHistoryStore } from '../src/history/sqlite.js';
import type { SqliteSynchronous } from '../src/history/sqlite-db.js';
import { syntheticChanges } from '../src/history/synthetic.js';
import type { WriteQueueOptions } from '../src/history/write-queue.js';

export interface ThroughputOptions extends WriteQueueOptions {
  /** Where to write; default a fresh temp directory, removed afterwards. */
  dataDir?: string;
  /** How long to keep appending, ms. Default 5,000. */
  durationMs?: number;
  /** Offered load in Changes/s; 0 (default) appends as fast as append() accepts. */
  rate?: number;
  /** Changes per append() call, like one state batch. Default 500. */
  chunk?: number;
  synchronous?: SqliteSynchronous;
}

export interface ThroughputResult {
  /** Durable Changes per second, from the first append until the last one was durable. */
  changesPerSec: number;
  appended: number;
  /** append() calls refused because the queue was full. */
  refused: number;
  elapsedMs: number;
  loopLagP50Ms: number;
  loopLagP99Ms: number;
  loopLagMaxMs: number;
  synchronous: SqliteSynchronous;
}

export async function measureHistoryThroughput(
  opts: ThroughputOptions = {},
): Promise<ThroughputResult> {
  const dir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'linecast-history-bench-'));
  const synchronous = opts.synchronous ?? 'full';
  const store = new SqliteHistoryStore({ ...opts, dataDir: dir, synchronous });
  const durationMs = opts.durationMs ?? 5_000;
  const rate = opts.rate ?? 0;
  const chunk = opts.chunk ?? 500;
  try {
    const { epoch, lastSeq } = await store.open();
    let seq = lastSeq;
    let refused = 0;
    const lag = monitorEventLoopDelay({ resolution: 1 });
    lag.enable();
    const start = performance.now();
    for (let now = start; now - start < durationMs; now = performance.now()) {
      const due =
        rate > 0
          ? Math.min(chunk, Math.floor(((now - start) * rate) / 1000) - (seq - lastSeq))
          : chunk;
      if (due <= 0) {
        await sleep(1);
        continue;
      }
      if (store.append(syntheticChanges(epoch, seq + 1, due))) seq += due;
      else {
        refused++;
        await sleep(1);
        continue;
      }
      // Yield every chunk so the loop-delay timer measures what a real server would see.
      await nextTurn();
    }
    await store.waitDurable(seq);
    const elapsedMs = performance.now() - start;
    lag.disable();
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    return {
      changesPerSec: Math.round(((seq - lastSeq) * 1000) / elapsedMs),
      appended: seq - lastSeq,
      refused,
      elapsedMs: Math.round(elapsedMs),
      loopLagP50Ms: ms(lag.percentile(50)),
      loopLagP99Ms: ms(lag.percentile(99)),
      loopLagMaxMs: ms(lag.max),
      synchronous,
    };
  } finally {
    await store.close();
    if (opts.dataDir === undefined) rmSync(dir, { recursive: true, force: true });
  }
}
