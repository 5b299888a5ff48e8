// How the harness runs a Linecast server: `node dist/cli/main.js serve` on the harness's port,
// a fresh data directory per run (named after the port, so every process of the run finds the
// demo key in it), the simulator off, and limits raised so they do not cap the benchmark.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ports, ServerSpec } from '../targets.js';

export const INGEST_TOKEN = 'linecast-bench-ingest-token';
/** What `linecast serve` logs (at info) once it accepts connections. */
export const READY_LINE = '"msg":"ready"';
/** Items per ingest message the bench may send, and messages it may have unacknowledged. */
export const MAX_BATCH_ITEMS = 20_000;
export const MAX_PENDING_BATCHES = 4_096;

/** BENCH_INGEST_WORKERS=<n>: the server's ingest.workers (parse and validate off the main thread). */
const INGEST_WORKERS = process.env['BENCH_INGEST_WORKERS'];

/** BENCH_LINECAST_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it exits. */
const PROF_DIR = process.env['BENCH_LINECAST_CPU_PROF'];
const CLI = fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url));

/** Settings only the config file can carry. */
export const BENCH_CONFIG = {
  // Parlay streams need a streaming tier: Scale is its raw mode, and its per-key cap is lifted;
  // TickOdds' Enterprise tier has no per-key connection cap.
  auth: {
    plans: {
      pro: {
        dialects: ['*'],
        maxConnections: 100_000,
        tiers: { parlay: 'scale', tickodds: 'enterprise' },
      },
    },
  },
  dialects: { parlay: { maxConnections: { scale: 100_000 } } },
  // Polymarket's own listener defaults to the port after the main one, which the harness did
  // not reserve (another run's port, or this run's ingest port): any free port will do.
  listeners: { polymarket: { port: 0 } },
  stream: {
    maxConnections: 100_000,
    clientMessagesPerSecond: 100_000,
    // Every load client connects from 127.0.0.1.
    maxConnectionsPerAddress: 0,
    connectionsPerSecondPerAddress: 0,
    // The overload guard refuses upgrades while loop lag p99 is past it; on a busy machine
    // that refused a ladder's connections (503) before any step ran.
    maxLoopLagMs: 600_000,
  },
  http: { requestsPerSecondPerAddress: 0 },
  ingest: {
    maxBatchItems: MAX_BATCH_ITEMS,
    maxPendingBatches: MAX_PENDING_BATCHES,
    ...(INGEST_WORKERS ? { workers: Number(INGEST_WORKERS) } : {}),
  },
};

export function runDir(ports: Ports): string {
  return join(tmpdir(), `linecast-bench-${ports.port}`);
}

/**
 * TheRundown's data-point metering on, with an allowance no run exhausts: every delivered
 * `market_price` is counted, so the fan-out pays the metering hook.
 */
export const METERED_DIALECTS = {
  therundown: {
    dataPoints: {
      enabled: true,
      allowances: { pro: { points: Number.MAX_SAFE_INTEGER, period: 'month' } },
    },
  },
};

/** What `linecast serve` logs once a fan-out worker takes connections. */
export const WORKER_READY_LINE = '"msg":"fan-out worker ready"';

/**
 * `dialects`: extra dialect sections merged into BENCH_CONFIG's (e.g. METERED_DIALECTS);
 * `fanoutWorkers`: the server's `fanout.workers`, and readiness waits for a worker's line.
 */
export function linecastServer(
  ports: Ports,
  dialects: Record<string, unknown> = {},
  fanoutWorkers = 0,
): ServerSpec {
  const dir = runDir(ports);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'data'), { recursive: true });
  const config = join(dir, 'config.json');
  const merged = {
    ...BENCH_CONFIG,
    dialects: { ...BENCH_CONFIG.dialects, ...dialects },
    ...(fanoutWorkers > 0 ? { fanout: { workers: fanoutWorkers } } : {}),
  };
  writeFileSync(config, JSON.stringify(merged));
  return {
    command: process.execPath,
    args: [
      ...(PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROF_DIR}`] : []),
      CLI,
      'serve',
      '--port',
      String(ports.port),
      '--host',
      ports.host,
      '--data-dir',
      join(dir, 'data'),
      '--sim-rate',
      '0',
      '--ingest-token',
      INGEST_TOKEN,
      // `ready` is an info line; at info the server logs only its few startup lines.
      '--log-level',
      'info',
      '--config',
      config,
    ],
    // Clients that connect before a worker is ready are served by the main thread.
    readyLine: fanoutWorkers > 0 ? WORKER_READY_LINE : READY_LINE,
  };
}

const keys = new Map<number, string>();

/** The demo API key the server wrote on first start (read once per run and process). */
export function demoKey(ports: Ports): string {
  let k = keys.get(ports.port);
  if (k === undefined) {
    k = readFileSync(join(runDir(ports), 'data', 'demo-key'), 'utf8').trim();
    keys.set(ports.port, k);
  }
  return k;
}

export function cleanupRun(ports: Ports): void {
  keys.delete(ports.port);
  rmSync(runDir(ports), { recursive: true, force: true });
}

export function httpBase(ports: Ports): string {
  return `http://${ports.host}:${ports.port}`;
}

/** `GET /v1/position` → the server's head. */
export async function headPosition(ports: Ports): Promise<{ epoch: string; seq: number }> {
  const res = await fetch(`${httpBase(ports)}/v1/position`);
  if (!res.ok) throw new Error(`/v1/position: HTTP ${res.status}`);
  return (await res.json()) as { epoch: string; seq: number };
}

/** One sample of a Prometheus text exposition, or null. */
export function promValue(text: string, name: string): number | null {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([^\\s]+)`, 'm').exec(text);
  return m ? Number(m[1]) : null;
}

export async function metricsText(ports: Ports): Promise<string> {
  const res = await fetch(`${httpBase(ports)}/metrics`);
  if (!res.ok) throw new Error(`/metrics: HTTP ${res.status}`);
  return res.text();
}
