// Starts the whole server in-process on a free port with a fresh data directory, for tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { type App, startApp } from '../app.js';
import { loadConfig } from '../config/load.js';
import type { DialectModule } from '../seam/module.js';
import type { ManualScheduler } from '../timers/scheduler.js';

export interface TestApp {
  app: App;
  url: string;
  wsUrl: string;
  key: string;
  dataDir: string;
  ingest(
    items: unknown[],
  ): Promise<{ status: number; body: { accepted: number; rejected: number; results: unknown[] } }>;
  close(opts?: { keepData?: boolean }): Promise<void>;
}

function ingestWorkers(): Record<string, number> {
  const n = process.env['LINECAST_TEST_INGEST_WORKERS'];
  return n ? { 'ingest.workers': Number(n) } : {};
}

export async function startTestApp(
  overrides: Record<string, unknown> = {},
  dataDir?: string,
  recordTo?: string,
  opts: { scheduler?: ManualScheduler; dialects?: readonly DialectModule[] } = {},
): Promise<TestApp> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'linecast-test-'));
  const config = loadConfig(
    [],
    {},
    {
      port: 0,
      dataDir: dir,
      logLevel: 'silent',
      'simulator.rate': 0,
      // Test runs share two cores; the overload guard would refuse their connections.
      'stream.maxLoopLagMs': 600_000,
      // Every test client connects from 127.0.0.1: per-address limits are tested on purpose
      // (src/transports/edge-limits.test.ts), not by accident.
      'stream.maxConnectionsPerAddress': 0,
      'stream.connectionsPerSecondPerAddress': 0,
      'http.requestsPerSecondPerAddress': 0,
      // Tests pause between batches for as long as they like; feed health is tested on purpose
      // (src/state/source-health.test.ts), not by accident.
      'sources.silenceMs': 0,
      // A restart on a fixed main port would put Polymarket's own listener on the next port,
      // which any other socket on the machine may hold by then.
      'listeners.polymarket.port': 0,
      // LINECAST_TEST_INGEST_WORKERS=1 runs a suite with ingest parsed on worker threads.
      ...ingestWorkers(),
      ...overrides,
    },
  );
  const log = pino({ level: 'silent' });
  const app = await startApp(config, {
    log,
    ...(recordTo ? { recordTo } : {}),
    ...(opts.scheduler ? { scheduler: opts.scheduler, clock: opts.scheduler.now } : {}),
    ...(opts.dialects ? { dialects: opts.dialects } : {}),
  });
  return {
    app,
    url: app.url,
    wsUrl: app.url.replace('http://', 'ws://'),
    key: app.demoKey ?? '',
    dataDir: dir,
    async ingest(items) {
      const res = await fetch(`${app.url}/v1/ingest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${app.ingestToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(items),
      });
      return { status: res.status, body: (await res.json()) as never };
    },
    async close(opts = {}) {
      await app.close();
      if (!opts.keepData) rmSync(dir, { recursive: true, force: true });
    },
  };
}
