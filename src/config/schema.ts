// The configuration's shape and defaults. Documented in docs/configuration.md (kept in sync by a test).
import { z } from 'zod';
import { analyticsConfigSchema } from '../analytics/config.js';
import { DIALECTS } from '../dialects/registry.js';
import { exchangeSchema } from '../exchange/config.js';

type Modules = (typeof DIALECTS)[number];

/** `dialects.<name>`: each registered dialect's own schema, defaults filled in. */
function dialectSections() {
  const shape: Record<string, z.ZodType> = {};
  for (const m of DIALECTS) {
    const schema: z.ZodType = m.config;
    shape[m.name] = schema.prefault({});
  }
  // Object.fromEntries-style building loses the per-key types the registry has; restore them.
  return shape as { [M in Modules as M['name']]: z.ZodPrefault<M['config']> };
}

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);

export const configSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: int(0, 65535).default(8080),
    dataDir: z.string().min(1).default('./data'),
    logLevel: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    /** `auto`: readable lines on a terminal, JSON (one object a line) when piped. */
    logFormat: z.enum(['auto', 'json', 'pretty']).default('auto'),
    tls: z
      .object({
        /** PEM certificate and key files; both set: the server speaks https:// and wss:// only. */
        cert: z.string().default(''),
        key: z.string().default(''),
      })
      .strict()
      .refine((t) => (t.cert === '') === (t.key === ''), {
        message: 'set both cert and key, or neither',
      })
      .prefault({}),
    /** On SIGTERM/SIGINT, connections still open this long after the close began are cut. */
    shutdownGraceMs: int(0, 600_000).default(5_000),
    simulator: z
      .object({
        seed: int(0).default(1),
        /** Updates per second; 0 turns the simulator off. */
        rate: z.number().min(0).max(1_000_000).default(200),
        /** Most events simulated at once; 0: every game the season calendar lists. */
        events: int(0, 2_000).default(0),
      })
      .strict()
      .prefault({}),
    /** The local exchange (src/exchange, docs/exchange.md). */
    exchange: exchangeSchema.prefault({}),
    http: z
      .object({
        /** REST requests per second per client address (bursts as large); 0: no limit. */
        requestsPerSecondPerAddress: int(0).default(2_000),
        /** Origins allowed to call the REST API from a browser (CORS); `*` for any; empty: none. */
        corsOrigins: z.array(z.string().min(1)).default([]),
        /** JSON responses at least this large are gzip-compressed for clients that accept it. */
        compressMinBytes: int(0).default(1_024),
        /** Request-body bytes being received at once, all requests together; past it 503. */
        maxBodyBytesInFlight: int(64 * 1024).default(64 * 1024 * 1024),
        /**
         * How long an idle keep-alive HTTP connection is kept. Longer than the idle timeout of
         * the proxies and clients in front (60 s is common), so the server is never the side
         * that closes a connection a client is about to reuse (a reset request).
         */
        keepAliveTimeoutMs: int(1_000, 600_000).default(65_000),
      })
      .strict()
      .prefault({}),
    sources: z
      .object({
        /**
         * A source silent this long (no update, no heartbeat) is down: its open quotes go
         * suspended (reason source_down) until it speaks again. 0 turns feed health off.
         */
        silenceMs: int(0).default(20_000),
        /** How often silence is checked. */
        checkMs: int(100, 60_000).default(1_000),
      })
      .strict()
      .prefault({}),
    history: z
      .object({
        /** Empty: SQLite in the data directory. `postgres://...`: PostgreSQL. */
        url: z.string().default(''),
        batchSize: int(1, 100_000).default(2_000),
        flushMs: int(1, 10_000).default(5),
        maxQueued: int(1_000).default(200_000),
        /** First delay before a failed history write (or PostgreSQL connect) is retried; doubles per attempt. */
        retryMinMs: int(1, 60_000).default(100),
        /** Longest delay between retries. */
        retryMaxMs: int(1, 600_000).default(5_000),
        /** How long shutdown keeps retrying a failing write before it gives up (next start: new epoch). */
        closeTimeoutMs: int(0, 600_000).default(10_000),
        /** SQLite: how long a write waits on a lock held by another connection before it fails and is retried. */
        busyTimeoutMs: int(0, 600_000).default(5_000),
        retention: z
          .object({
            /** Changes older than this are pruned (their key's opener, closing and latest value stay); 0: no age limit. */
            maxAgeMs: int(0).default(24 * 3_600_000),
            /** Past this many stored bytes the oldest Changes are pruned; 0: no size limit. */
            maxBytes: int(0).default(1024 * 1024 * 1024),
            /** Kept rows (openers, closing, latest) of an event go once all are older than this and the event has nothing left in the window; 0: kept for ever. */
            keptMaxAgeMs: int(0).default(30 * 24 * 3_600_000),
            /** Changes one prune transaction removes (writes wait for one batch at most). */
            batchRows: int(1, 1_000_000).default(2_000),
            /** How often retention runs; 0: never. */
            intervalMs: int(0, 86_400_000).default(60_000),
            /** /readyz warns (still 200) while the data directory's disk has less free than this. */
            diskWarnBytes: int(0).default(1024 * 1024 * 1024),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    state: z
      .object({
        windowSize: int(1, 10_000_000).default(100_000),
        /** Finished events leave the in-memory book this long after their start. */
        evictAfterMs: int(60_000).default(6 * 3_600_000),
      })
      .strict()
      .prefault({}),
    /** Fair odds, +EV, arbitrage, middles and steam (docs/analytics.md). */
    analytics: analyticsConfigSchema.prefault({}),
    ingest: z
      .object({
        /** Bearer token for ingest; empty: generated on first start into <dataDir>/ingest-token. */
        token: z.string().default(''),
        maxBodyBytes: int(1_024, 512 * 1024 * 1024).default(8 * 1024 * 1024),
        maxBatchItems: int(1, 1_000_000).default(10_000),
        /** How far in the future a source time may be. */
        maxFutureMs: int(0).default(5 * 60_000),
        /** Batches one WebSocket feeder may have unacknowledged; past it the socket is closed (4029). */
        maxPendingBatches: int(1, 100_000).default(256),
        /** Accepted items waiting to be applied, across feeders; past it batches get 503 backpressure. */
        maxQueuedItems: int(1).default(200_000),
        /** Deepest JSON nesting of a body or message (LC_ERR_REQUEST_TOO_DEEP past it). */
        maxJsonDepth: int(4, 1_000).default(32),
        /** Longest stretch of applying ingest items before yielding the event loop, ms; 0: every slice. */
        maxTurnMs: int(0, 1_000).default(4),
        /** Threads that parse and validate ingest batches; 0: on the main thread. */
        workers: int(0, 64).default(0),
        /** Bytes of unacknowledged batches one WebSocket feeder may have before its socket is no longer read. */
        maxFeederBytes: int(64 * 1024).default(64 * 1024 * 1024),
      })
      .strict()
      .prefault({}),
    fanout: z
      .object({
        /** Processes that own the connections of worker-safe WebSocket endpoints and write their frames; 0: all on the main thread. */
        workers: int(0, 64).default(0),
        /** Bytes of batches one worker may have unread; past it the worker is cut and restarted. */
        maxBacklogBytes: int(1024 * 1024).default(64 * 1024 * 1024),
        /** How long workers get at shutdown to close their connections before they are killed. */
        closeTimeoutMs: int(0, 600_000).default(5_000),
      })
      .strict()
      .prefault({}),
    stream: z
      .object({
        /** WebSocket ping interval; a peer silent for two intervals is closed. */
        pingMs: int(1_000, 300_000).default(15_000),
        /** Bytes held for one peer (socket buffer and queued frames of any kind) before it is closed as slow. */
        maxPeerBytes: int(64 * 1024).default(64 * 1024 * 1024),
        maxFrameBytes: int(1_024, 16 * 1024 * 1024).default(64 * 1024),
        maxSubscriptionsPerConnection: int(1, 10_000).default(100),
        maxFilterValues: int(1, 100_000).default(1_000),
        clientMessagesPerSecond: int(1, 100_000).default(50),
        /** Largest `conflateMs` a subscription may ask for. */
        maxConflateMs: int(0, 3_600_000).default(120_000),
        maxConnections: int(1).default(50_000),
        /** Connections one client address may hold at once; 0: no limit. */
        maxConnectionsPerAddress: int(0).default(5_000),
        /** New connections per second one client address may open (bursts as large); 0: no limit. */
        connectionsPerSecondPerAddress: int(0).default(200),
        /** Origins browsers may open streams from (`https://app.example`); empty: any. */
        allowedOrigins: z.array(z.string().min(1)).default([]),
        /** Most Changes a resume replays from history before a snapshot is sent instead. */
        maxCatchUp: int(0).default(200_000),
        /** New connections are refused while event-loop delay p99 exceeds this. */
        maxLoopLagMs: int(10).default(1_000),
      })
      .strict()
      .prefault({}),
    auth: z
      .object({
        /** On first start with no keys, create a key on `demoPlan` and write it to <dataDir>/demo-key. */
        demoKey: z.boolean().default(true),
        demoPlan: z.string().default('pro'),
        /** Bearer token of the admin API; empty: generated on first start into <dataDir>/admin-token. */
        adminToken: z.string().default(''),
        plans: z
          .record(
            z.string(),
            z
              .object({
                /** Dialects this plan may use (`therundown`), or only their REST (`therundown:rest`); `*` for all. */
                dialects: z.array(z.string()).default(['*']),
                /** Concurrent connections per account, across all socket endpoints. */
                maxConnections: int(1).default(10),
                /** Client messages per second per connection; absent: `stream.clientMessagesPerSecond`. */
                clientMessagesPerSecond: int(1, 100_000).optional(),
                /** Tier name each dialect reports for this plan (dialect -> tier); else the plan name. */
                tiers: z.record(z.string(), z.string()).default({}),
                /** Metered dialects charge this plan's keys credits. */
                metered: z.boolean().default(false),
                /** Balance a new key of this plan starts with, when metered. */
                credits: int(0).default(0),
              })
              .strict(),
          )
          .default({
            free: {
              dialects: ['native', 'therundown:rest', 'rapidodds:rest'],
              maxConnections: 2,
              clientMessagesPerSecond: 10,
              tiers: {},
              metered: true,
              credits: 250,
            },
            pro: {
              dialects: ['*'],
              maxConnections: 100,
              tiers: {},
              metered: false,
              credits: 0,
            },
            polymarket: {
              dialects: ['polymarket'],
              maxConnections: 10,
              tiers: {},
              metered: false,
              credits: 0,
            },
          }),
      })
      .strict()
      .prefault({}),
    dashboard: z
      .object({
        /** Serve the dashboard at GET /dashboard (behind an API key). */
        enabled: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    dialects: z.object(dialectSections()).strict().prefault({}),
    /** Extra origins for dialects whose vendor paths collide with another dialect's (by listener name). */
    listeners: z
      .record(
        z.string(),
        z.object({ port: int(0, 65535), host: z.string().min(1).optional() }).strict(),
      )
      .default({}),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

/** Whether `host` (the listen address) is reachable from other machines: not loopback. */
export function exposedHost(host: string): boolean {
  return !['127.0.0.1', '::1', 'localhost'].includes(host);
}
export type ConfigInput = z.input<typeof configSchema>;

/** The settings a flag or an environment variable can set. */
export interface OptionDef {
  path: string;
  flag: string;
  env: string;
  kind: 'string' | 'number';
  doc: string;
}

export const OPTIONS: OptionDef[] = [
  { path: 'host', flag: 'host', env: 'LINECAST_HOST', kind: 'string', doc: 'Address to listen on' },
  {
    path: 'port',
    flag: 'port',
    env: 'LINECAST_PORT',
    kind: 'number',
    doc: 'Port (0 = any free port)',
  },
  {
    path: 'dataDir',
    flag: 'data-dir',
    env: 'LINECAST_DATA_DIR',
    kind: 'string',
    doc: 'Data directory (SQLite history, keys, tokens)',
  },
  {
    path: 'logLevel',
    flag: 'log-level',
    env: 'LINECAST_LOG_LEVEL',
    kind: 'string',
    doc: 'Log level',
  },
  {
    path: 'logFormat',
    flag: 'log-format',
    env: 'LINECAST_LOG_FORMAT',
    kind: 'string',
    doc: 'Log format: auto, json or pretty',
  },
  {
    path: 'simulator.seed',
    flag: 'seed',
    env: 'LINECAST_SEED',
    kind: 'number',
    doc: 'Simulator seed',
  },
  {
    path: 'simulator.rate',
    flag: 'sim-rate',
    env: 'LINECAST_SIM_RATE',
    kind: 'number',
    doc: 'Simulator updates per second (0 = off)',
  },
  {
    path: 'history.url',
    flag: 'history-url',
    env: 'LINECAST_HISTORY_URL',
    kind: 'string',
    doc: 'PostgreSQL URL for history (empty = SQLite)',
  },
  {
    path: 'ingest.token',
    flag: 'ingest-token',
    env: 'LINECAST_INGEST_TOKEN',
    kind: 'string',
    doc: 'Ingest bearer token',
  },
  {
    path: 'auth.adminToken',
    flag: 'admin-token',
    env: 'LINECAST_ADMIN_TOKEN',
    kind: 'string',
    doc: 'Admin API bearer token',
  },
];
