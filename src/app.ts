// The composition root. Read top to bottom, it is the path of one update:
// sources -> normalise -> state (seq) -> bus -> history | hub -> dialects -> transports.
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type Logger, pino } from 'pino';
import { Auth } from './auth/auth.js';
import { CreditLedger } from './auth/credits.js';
import { ensureDemoKey } from './auth/demo-key.js';
import { KeyStore } from './auth/keys.js';
import { logRedaction } from './auth/redact.js';
import { LocalBus } from './bus/bus.js';
import { CatalogIndex } from './catalog/index.js';
import { defaultCatalogDir, loadCatalog } from './catalog/load.js';
import type { Config } from './config/schema.js';
import { nativeDialect } from './dialects/native/index.js';
import { rapidoddsDialect } from './dialects/rapidodds/index.js';
import { therundownDialect } from './dialects/therundown/index.js';
import { openHistory } from './history/open.js';
import type { HistoryStore } from './history/types.js';
import { Hub } from './hub/hub.js';
import { validateSubscribe } from './hub/limits.js';
import { compileFilter } from './model/filter.js';
import { encodableRows } from './model/range.js';
import { createMetrics } from './observability/metrics.js';
import type { DialectDeps } from './seam/core.js';
import { readOrCreateSecret } from './secrets.js';
import { ingestRoutes } from './sources/ingest/http.js';
import { IngestService } from './sources/ingest/service.js';
import { wsIngestHandler } from './sources/ingest/websocket.js';
import { ChangeRecorder } from './sources/record.js';
import { Simulator } from './sources/simulator/index.js';
import type { Clock, Source } from './sources/types.js';
import { Pipeline } from './state/pipeline.js';
import { State } from './state/state.js';
import { realScheduler, type Scheduler } from './timers/scheduler.js';
import { adminRoutes } from './transports/http/admin.js';
import { BodyBudget } from './transports/http/body.js';
import { healthRoutes } from './transports/http/health.js';
import { Router } from './transports/http/router.js';
import { serveRoutes } from './transports/http/server.js';
import { v1Routes } from './transports/http/v1.js';
import { type StreamHandler, sseHandler } from './transports/sse/endpoint.js';
import { endpointHandler } from './transports/websocket/endpoint.js';
import { UpgradeRouter } from './transports/websocket/upgrade.js';

export const VERSION = '0.1.0';

export interface AppOptions {
  clock?: Clock;
  log?: Logger;
  /** Record every Change to this NDJSON file. */
  recordTo?: string;
  /** Heartbeat and push cadences; tests pass a ManualScheduler. */
  scheduler?: Scheduler;
}

export interface App {
  url: string;
  server: Server;
  state: State;
  ingestToken: string;
  adminToken: string;
  demoKey: string | null;
  hub: Hub;
  history: HistoryStore;
  keys: KeyStore;
  credits: CreditLedger;
  /** Every REST route's method and path pattern. */
  routes(): { method: string; path: string }[];
  close(): Promise<void>;
}

export async function startApp(config: Config, opts: AppOptions = {}): Promise<App> {
  const clock = opts.clock ?? Date.now;
  const log = opts.log ?? pino({ level: config.logLevel, ...logRedaction });
  const metrics = createMetrics();
  mkdirSync(config.dataDir, { recursive: true });
  const catalogData = loadCatalog(defaultCatalogDir());
  const catalog = new CatalogIndex(catalogData);

  // history first: state continues the stored epoch and seq, and starts from the stored book
  const history = openHistory(config, log);
  try {
    return await assemble(config, opts, { clock, log, metrics, catalogData, catalog, history });
  } catch (e) {
    // A failed start (bad dialect config, port in use) must not leave the history worker running.
    await history.close().catch(() => undefined);
    throw e;
  }
}

async function assemble(
  config: Config,
  opts: AppOptions,
  base: {
    clock: Clock;
    log: Logger;
    metrics: ReturnType<typeof createMetrics>;
    catalogData: ReturnType<typeof loadCatalog>;
    catalog: CatalogIndex;
    history: HistoryStore;
  },
): Promise<App> {
  const { clock, log, metrics, catalogData, catalog, history } = base;
  const stored = await history.open();
  const state = new State({
    epoch: stored.epoch,
    lastSeq: stored.lastSeq,
    windowSize: config.state.windowSize,
    clock,
  });
  const current = await history.current();
  // Rows stored before the edge checked ranges must not crash an encoder later: skip and say so.
  const usable = encodableRows(current.events, current.quotes);
  if (usable.skipped.length > 0) {
    log.warn(
      { skipped: usable.skipped.length, first: usable.skipped.slice(0, 5) },
      'history rows out of range: not loaded',
    );
  }
  state.restore(usable.events, usable.quotes);

  // state -> bus -> history | hub
  const bus = new LocalBus();
  bus.subscribe((changes) => {
    metrics.changes.inc(changes.length);
    if (!history.append(changes))
      log.error({ n: changes.length }, 'history queue full: changes not stored');
  });
  const hub = new Hub(
    {
      clock,
      scheduler: opts.scheduler ?? realScheduler,
      snapshot: (f) => state.snapshot(f),
      position: () => state.position(),
      windowSince: (from) => {
        const head = state.position();
        return state.window.since(from, head.epoch, head.seq);
      },
      historySince: (from, limit) => history.changesSince(from, limit),
      maxCatchUp: config.stream.maxCatchUp,
    },
    config.stream,
  );
  bus.subscribe(hub.publish);
  const recorder = opts.recordTo
    ? new ChangeRecorder(bus, opts.recordTo, undefined, (err) =>
        log.error({ err }, 'recording stopped'),
      )
    : null;
  const headroom = Math.max(config.history.maxQueued - config.ingest.maxBatchItems, 1);
  const pipeline = new Pipeline(state, bus, () => history.lag().queued < headroom);

  // sources
  const ingestToken =
    config.ingest.token || readOrCreateSecret(config.dataDir, 'ingest-token', log);
  const ingest = new IngestService({
    catalog,
    pipeline,
    state,
    history,
    clock,
    limits: config.ingest,
    onItems: (ok, bad) => {
      metrics.ingestItems.inc({ result: 'accepted' }, ok);
      metrics.ingestItems.inc({ result: 'rejected' }, bad);
    },
  });
  const sources: Source[] = [];
  if (config.simulator.rate > 0) {
    sources.push(
      new Simulator({
        catalog: catalogData,
        seed: config.simulator.seed,
        rate: config.simulator.rate,
        events: config.simulator.events,
        clock,
      }),
    );
  }

  // dialects: each declares its endpoints and routes over the same hub
  const keys = new KeyStore(config.dataDir, (err) =>
    log.error({ reason: err.message }, 'keys file invalid; keeping the last good keys'),
  );
  const auth = new Auth(keys, config.auth.plans);
  const demoKey = config.auth.demoKey
    ? ensureDemoKey(keys, config.dataDir, config.auth.demoPlan, log)
    : null;
  const credits = new CreditLedger(config.dataDir, (name) => auth.plan(name), {
    onFlushError: (err) => log.error({ err }, 'credits not written; retrying'),
  });
  const secure = config.tls.cert !== '';
  const deps: DialectDeps = {
    reader: {
      position: () => state.position(),
      snapshot: (f) => state.snapshot(compileFilter(f)),
      events: (f) => state.events(compileFilter(f)),
      changesSince: (from, limit) => history.changesSince(from, limit),
      priceHistory: (q) => history.priceHistory(q),
      openers: (q) => history.openers(q),
      closing: (q) => history.closing(q),
    },
    access: auth,
    credits,
    catalog,
    clock,
    server: `linecast/${VERSION}`,
    secure,
    fault: (err, where) => {
      metrics.dialectFaults.inc({ where });
      log.error({ err, where }, 'dialect fault: frame not built');
    },
  };
  const dialects = [
    nativeDialect({
      authenticate: (key, dialect) => auth.authenticate(key, dialect),
      acquire: (account, limit) => auth.acquire(account, limit),
      position: () => state.position(),
      server: `linecast/${VERSION}`,
      heartbeatMs: config.stream.heartbeatMs,
      budgetBytes: config.stream.budgetBytes,
      snapshotSegment: config.stream.snapshotSegment,
      check: (req) => validateSubscribe(req, new Map(), config.stream),
      limits: {
        maxFrameBytes: config.stream.maxFrameBytes,
        maxSubscriptionsPerConnection: config.stream.maxSubscriptionsPerConnection,
        maxFilterValues: config.stream.maxFilterValues,
        clientMessagesPerSecond: config.stream.clientMessagesPerSecond,
      },
    }),
    therundownDialect(deps, config.dialects.therundown),
    rapidoddsDialect(deps, config.dialects.rapidodds),
  ];

  // transports
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  const loopTimer = setInterval(() => loopDelay.reset(), 2_000);
  loopTimer.unref();
  const overloaded = () => loopDelay.percentile(99) / 1e6 > config.stream.maxLoopLagMs;
  const router = new Router();
  let ready = false;
  for (const r of healthRoutes({ ready: () => ready, metrics, history, state, hub })) router.add(r);
  for (const r of ingestRoutes(ingest, ingestToken, config.ingest.maxBodyBytes)) router.add(r);
  for (const r of v1Routes({ state, history, catalog: catalogData })) router.add(r);
  const adminToken =
    config.auth.adminToken || readOrCreateSecret(config.dataDir, 'admin-token', log);
  const plans = () => Object.keys(config.auth.plans);
  for (const r of adminRoutes({ token: adminToken, keys, credits, hub, plans })) router.add(r);
  // Revoked keys lose their live connections, whether the admin API or the CLI revoked them.
  keys.onRevoked((ids) => {
    const closed = hub.closeKeys(new Set(ids));
    if (closed > 0) log.info({ keys: ids, closed }, 'closed connections of revoked keys');
  });
  const keysTimer = setInterval(() => keys.poll(), 1_000);
  keysTimer.unref();
  const upgrades = new UpgradeRouter();
  upgrades.add(
    '/v1/ingest/ws',
    wsIngestHandler(
      ingest,
      {
        token: ingestToken,
        maxMessageBytes: config.ingest.maxBodyBytes,
        maxPending: config.ingest.maxPendingBatches,
      },
      log,
    ),
  );

  const streams = new Map<string, StreamHandler>();
  for (const dialect of dialects) {
    for (const r of dialect.routes) router.add(r);
    for (const endpoint of dialect.endpoints) {
      hub.addEndpoint(endpoint);
      if (endpoint.transport === 'sse') {
        streams.set(
          endpoint.path,
          sseHandler(
            endpoint,
            hub,
            { maxConnections: config.stream.maxConnections, secure, overloaded },
            log,
          ),
        );
        continue;
      }
      upgrades.add(
        endpoint.path,
        endpointHandler(
          endpoint,
          hub,
          {
            maxFrameBytes: config.stream.maxFrameBytes,
            maxConnections: config.stream.maxConnections,
            secure,
            overloaded,
          },
          log,
        ),
      );
    }
  }

  const server: Server = secure
    ? createTlsServer({ cert: readFileSync(config.tls.cert), key: readFileSync(config.tls.key) })
    : createServer();
  serveRoutes(server, router, log, streams, new BodyBudget(config.http.maxBodyBytesInFlight));
  server.on('upgrade', (req, socket, head) => upgrades.handle(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  // Sources start once the server listens, so a failed start leaves nothing running.
  for (const source of sources) {
    source.start((updates) => {
      metrics.sourceUpdates.inc({ source: source.name }, updates.length);
      if (pipeline.accepting()) pipeline.apply(updates);
      else metrics.shedUpdates.inc(updates.length);
    });
  }
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `${secure ? 'https' : 'http'}://${host}:${port}`;

  const evictTimer = setInterval(
    () => state.evictFinished(clock() - config.state.evictAfterMs),
    60_000,
  );
  evictTimer.unref();
  ready = true;
  log.info(
    { url, epoch: stored.epoch, seq: stored.lastSeq, simRate: config.simulator.rate },
    'ready',
  );

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      ready = false;
      clearInterval(evictTimer);
      clearInterval(keysTimer);
      clearInterval(loopTimer);
      loopDelay.disable();
      await Promise.all(sources.map((s) => s.stop()));
      hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await recorder?.close();
      credits.flush();
      await history.close();
      log.info('stopped');
    })();
    return closing;
  };
  return {
    url,
    server,
    state,
    history,
    ingestToken,
    adminToken,
    demoKey,
    hub,
    keys,
    credits,
    routes: () => router.list(),
    close,
  };
}
