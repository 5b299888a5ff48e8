// The composition root. Read top to bottom, it is the path of one update:
// sources -> normalise -> state (seq) -> bus -> history | hub -> dialects -> transports.
import { mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { AnalyticsEngine } from './analytics/engine.js';
import { outcomesFromCatalog } from './analytics/market.js';
import { AlertStream } from './analytics/stream.js';
import { Auth } from './auth/auth.js';
import { CreditLedger } from './auth/credits.js';
import { ensureDemoKey } from './auth/demo-key.js';
import { KeyStore } from './auth/keys.js';
import { UsageLedger } from './auth/usage.js';
import { LocalBus } from './bus/bus.js';
import { CatalogIndex } from './catalog/index.js';
import { defaultCatalogDir, loadCatalog } from './catalog/load.js';
import { type Config, exposedHost } from './config/schema.js';
import { ConnectionRunner } from './connections/runner.js';
import { Slots } from './connections/slots.js';
import { dashboardRoutes } from './dashboard/routes.js';
import { DataDirLock } from './data-dir-lock.js';
import { DIALECTS } from './dialects/registry.js';
import { LinecastError } from './errors/catalogue.js';
import type { Exchange } from './exchange/api.js';
import { ExchangeStage, sportsbookPort } from './exchange/stage.js';
import { exchangeVenueFeed } from './exchange/venue-feed.js';
import { FanoutPool } from './fanout/pool.js';
import { openHistory } from './history/open.js';
import { RetentionRunner } from './history/retention-runner.js';
import type { HistoryStore } from './history/types.js';
import { Hub } from './hub/hub.js';
import { streamLimits } from './hub/limits.js';
import { compileFilter, MATCH_ALL } from './model/filter.js';
import { encodableRows } from './model/range.js';
import { createLogger } from './observability/log.js';
import { createMetrics } from './observability/metrics.js';
import { apiDocRoutes } from './openapi/routes.js';
import type { DialectDeps } from './seam/core.js';
import type { Dialect } from './seam/dialect.js';
import type { DialectModule } from './seam/module.js';
import { readOrCreateSecret } from './secrets.js';
import { ingestFront } from './sources/ingest/front.js';
import { IngestService } from './sources/ingest/service.js';
import { IngestWorkers } from './sources/ingest/workers.js';
import { ChangeRecorder } from './sources/record.js';
import { Simulator } from './sources/simulator/index.js';
import type { Source } from './sources/types.js';
import { Pipeline } from './state/pipeline.js';
import { SourceHealth } from './state/source-health.js';
import { State } from './state/state.js';
import type { Clock } from './timers/clock.js';
import { realScheduler, type Scheduler } from './timers/scheduler.js';
import { adminRoutes } from './transports/http/admin.js';
import { BodyBudget } from './transports/http/body.js';
import { healthRoutes } from './transports/http/health.js';
import { homeRoutes, type Surface } from './transports/http/home.js';
import { ingestRoutes } from './transports/http/ingest.js';
import { RequestPolicy } from './transports/http/policy.js';
import { bindAll, Listener, open } from './transports/listener.js';
import { wsIngestHandler } from './transports/websocket/ingest.js';
import { VERSION } from './version.js';

export interface AppOptions {
  clock?: Clock;
  log?: Logger;
  /** Record every Change to this NDJSON file. */
  recordTo?: string;
  /** Heartbeats, pings, pacing and push cadences; tests pass a ManualScheduler. */
  scheduler?: Scheduler;
  /** The dialects to serve; the registry's by default (tests add probe dialects). */
  dialects?: readonly DialectModule[];
}

export interface App {
  url: string;
  /** Base URL of every listener by name (`main`, and each dialect listener). */
  urls: Record<string, string>;
  /** Where the dashboard is served, when enabled (it takes `?key=`). */
  dashboardUrl?: string;
  server: Server;
  state: State;
  ingestToken: string;
  adminToken: string;
  demoKey: string | null;
  hub: Hub;
  /** The analytics' alert stream; null when analytics are off. */
  alerts: AlertStream | null;
  history: HistoryStore;
  keys: KeyStore;
  credits: CreditLedger;
  /** The local exchange (markets for the slate, market makers); null when `exchange.enabled` is off. */
  exchange: Exchange | null;
  /** The fan-out worker processes; null when `fanout.workers` is 0. */
  fanout: FanoutPool | null;
  /** Every REST route's method and path pattern. */
  routes(): { method: string; path: string; listener: string }[];
  /** Each dialect's streams and REST, where they are served. */
  surfaces: Surface[];
  /** Where the demo key is stored, when there is one. */
  demoKeyFile: string | null;
  close(): Promise<void>;
}

/** Where a dialect's streams and REST are, for `/` and the ready banner. */
function surfaceOf(dialect: Dialect, base: string): Surface {
  const ws = base.replace(/^http/, 'ws');
  const of = (t: 'websocket' | 'sse') =>
    dialect.endpoints
      .filter((e) => (e.transport ?? 'websocket') === t)
      .map((e) => `${t === 'sse' ? base : ws}${e.path}`);
  return {
    dialect: dialect.name,
    base,
    websocket: of('websocket'),
    sse: of('sse'),
    rest: dialect.routes.map((r) => ({ method: r.method, path: r.path })),
  };
}

function readTls(path: string, key: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new LinecastError('LC_ERR_CONFIG_INVALID', `${key}: cannot read ${path} (${why})`);
  }
}

/**
 * The listeners to bind besides the main one: those configured, and one per dialect that asks for
 * its own and has none configured, on the ports after the main one (ephemeral when it is).
 */
function ownListeners(
  config: Config,
  modules: readonly { listener?: string | undefined }[],
): Record<string, { port: number; host?: string | undefined }> {
  const own: Record<string, { port: number; host?: string | undefined }> = {
    ...config.listeners,
  };
  let next = config.port;
  for (const m of modules) {
    if (!m.listener || own[m.listener]) continue;
    own[m.listener] = { port: config.port === 0 ? 0 : ++next };
  }
  return own;
}

export async function startApp(config: Config, opts: AppOptions = {}): Promise<App> {
  const clock = opts.clock ?? Date.now;
  const log = opts.log ?? createLogger(config.logLevel, config.logFormat);
  const metrics = createMetrics();
  const catalogData = loadCatalog(defaultCatalogDir());
  const catalog = new CatalogIndex(catalogData);

  // Ports first: a busy port fails the start before the data directory gets a single file.
  const tls =
    config.tls.cert !== ''
      ? { cert: readTls(config.tls.cert, 'tls.cert'), key: readTls(config.tls.key, 'tls.key') }
      : null;
  const { listeners, urls } = await bindAll(
    [
      new Listener('main', config.port, config.host),
      ...Object.entries(ownListeners(config, opts.dialects ?? DIALECTS)).map(
        ([name, own]) => new Listener(name, own.port, own.host ?? config.host),
      ),
    ],
    tls,
  );
  const closeListeners = () => Promise.all([...listeners.values()].map((l) => l.close()));

  // history next: state continues the stored epoch and seq, and starts from the stored book
  let history: HistoryStore | null = null;
  let lock: DataDirLock | null = null;
  const undo: (() => void)[] = [];
  try {
    mkdirSync(config.dataDir, { recursive: true });
    lock = DataDirLock.take(config.dataDir);
    history = openHistory(config, log, clock);
    const bound = { listeners, urls };
    return await assemble(config, opts, {
      clock,
      log,
      metrics,
      catalogData,
      catalog,
      history,
      bound,
      undo,
      lock,
    });
  } catch (e) {
    // A failed start (bad dialect config) must not leave the history worker, a port or the
    // exchange's log held.
    for (const fn of undo) fn();
    await history?.close().catch(() => undefined);
    lock?.release();
    await closeListeners();
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
    /** The listeners bound at the start, by name, and their base URLs. */
    bound: {
      listeners: Map<string, Listener>;
      urls: Record<string, string>;
    };
    /** What a failed start must close. */
    undo: (() => void)[];
    lock: DataDirLock;
  },
): Promise<App> {
  const { clock, log, metrics, catalogData, catalog, history } = base;
  const { listeners, urls } = base.bound;
  const stored = await history.open();
  if (stored.unclean) log.warn(stored, 'last run did not close cleanly: new epoch');
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

  // Timers and dialect code run outside any request: an error there is logged and counted.
  const callbackFailed = (where: string) => (err: unknown) => {
    metrics.callbackErrors.inc({ where });
    log.error({ err, where }, 'callback failed; carrying on');
  };
  const io = realScheduler(callbackFailed('timer'));
  const scheduler = opts.scheduler ?? io;

  // state -> bus -> history | hub
  const bus = new LocalBus();
  bus.subscribe((changes) => {
    metrics.changes.inc(changes.length);
    if (!history.append(changes))
      log.error({ n: changes.length }, 'history closed: changes not stored');
  });
  const hub = new Hub(
    {
      clock,
      scheduler,
      io,
      snapshot: (f) => state.snapshot(f),
      position: () => state.position(),
      windowSince: (from) => {
        const head = state.position();
        return state.window.since(from, head.epoch, head.seq);
      },
      historySince: (from, limit) => history.changesSince(from, limit),
      maxCatchUp: config.stream.maxCatchUp,
      onError: (err, where) => callbackFailed(where)(err),
    },
    config.stream,
  );
  bus.subscribe(hub.publish);
  // Retention prunes off the event loop (in the SQLite writer thread, or in PostgreSQL).
  const retention = new RetentionRunner({
    history,
    dataDir: config.dataDir,
    intervalMs: config.history.retention.intervalMs,
    diskWarnBytes: config.history.retention.diskWarnBytes,
    scheduler: io,
    onError: callbackFailed('retention'),
    onPruned: (pruned, usage) => log.info({ pruned, ...usage }, 'history retention pruned'),
  });
  // analytics: a stage after state whose alerts are a stream with positions of its own
  const analytics = config.analytics;
  const alerts = analytics.enabled
    ? new AlertStream(
        new AnalyticsEngine({
          config: analytics,
          outcomes: outcomesFromCatalog(catalogData.markets),
        }),
        analytics.windowSize,
        callbackFailed('alerts'),
      )
    : null;
  if (alerts) {
    // The book restored from history was never seen Change by Change: file it before any new one.
    alerts.prime(state.snapshot(MATCH_ALL), clock());
    bus.subscribe((changes) => {
      try {
        alerts.apply(changes);
      } catch (err) {
        callbackFailed('analytics')(err);
      }
    });
  }
  const stopAlertTicks = alerts
    ? scheduler.every(analytics.tickMs, () => alerts.tick(clock()))
    : () => {};
  const recorder = opts.recordTo
    ? new ChangeRecorder(bus, opts.recordTo, undefined, (err) =>
        log.error({ err }, 'recording stopped'),
      )
    : null;
  const reserve = Math.min(config.ingest.maxBatchItems, config.history.maxQueued - 1);
  const health = new SourceHealth(state, config.sources.silenceMs);
  const pipeline = new Pipeline(state, bus, history, reserve, health);
  // the exchange follows the same events (markets per game, settlement) and runs beside the odds
  const exchangeStage = config.exchange.enabled
    ? new ExchangeStage(
        { clock, scheduler, onError: callbackFailed('exchange') },
        sportsbookPort(state, bus),
        config.exchange,
        config.exchange.persist
          ? {
              path: join(config.dataDir, 'exchange.sqlite'),
              synchronous: config.exchange.synchronous,
              log,
            }
          : undefined,
      )
    : null;
  if (exchangeStage) base.undo.push(() => exchangeStage.close());
  // cross-venue gaps: the exchange's markets reach the analytics through a port, before any is listed
  const stopVenueFeed =
    alerts && exchangeStage
      ? exchangeVenueFeed(exchangeStage.exchange).subscribe((q) => {
          try {
            alerts.venue(q);
          } catch (err) {
            callbackFailed('analytics')(err);
          }
        })
      : () => {};

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
  // Parsing and validation on their own threads, off the one that fans Changes out.
  const ingestIn = ingestFront(
    ingest,
    config.ingest.workers > 0
      ? new IngestWorkers(
          config.ingest.workers,
          { catalog: catalogData, limits: config.ingest },
          log,
        )
      : null,
    log,
  );
  base.undo.push(() => void ingestIn.close());
  const sources: Source[] = [];
  if (config.simulator.rate > 0) {
    sources.push(
      new Simulator({
        catalog: catalogData,
        seed: config.simulator.seed,
        rate: config.simulator.rate,
        events: config.simulator.events,
        maxTurnMs: config.ingest.maxTurnMs,
        clock,
      }),
    );
  }

  // dialects: the registry's modules over the same core ports
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
  const usage = new UsageLedger(config.dataDir, {
    onFlushError: (err) => log.error({ err }, 'usage not written; retrying'),
  });
  const secure = config.tls.cert !== '';
  const exchange = exchangeStage?.exchange;
  const deps: DialectDeps = {
    reader: {
      position: () => state.position(),
      epochStart: () => stored.base,
      snapshot: (f) => state.snapshot(compileFilter(f)),
      events: (f) => state.events(compileFilter(f)),
      changesSince: (from, limit) => history.changesSince(from, limit),
      priceHistory: (q) => history.priceHistory(q),
      openers: (q) => history.openers(q),
      closing: (q) => history.closing(q),
      lastQuotes: (q) => history.lastQuotes(q),
      storedEvents: (q) => history.storedEvents(q),
    },
    ...(alerts ? { alerts } : {}),
    access: auth,
    signatures: auth,
    timers: scheduler,
    ...(exchange ? { exchange } : {}),
    credits,
    usage,
    catalog,
    limits: streamLimits(config.stream),
    clock,
    server: `linecast/${VERSION}`,
    secure,
    exposed: exposedHost(config.host),
    fault: (err, where) => {
      metrics.dialectFaults.inc({ where });
      log.error({ err, where }, 'dialect fault: frame not built');
    },
  };
  const sections: Record<string, unknown> = config.dialects;
  const dialects: Dialect[] = (opts.dialects ?? DIALECTS).map((m) =>
    m.build(deps, sections[m.name]),
  );

  // connections: one runner admits every connection of every dialect
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  const loopTimer = setInterval(() => loopDelay.reset(), 2_000);
  loopTimer.unref();
  const runner = new ConnectionRunner({
    identities: auth,
    slots: new Slots(),
    hub,
    clock,
    shed: () =>
      loopDelay.percentile(99) / 1e6 > config.stream.maxLoopLagMs ||
      hub.connectionCount + (fanout?.connectionCount ?? 0) >= config.stream.maxConnections,
    addresses: {
      maxConnections: config.stream.maxConnectionsPerAddress,
      connectionsPerSecond: config.stream.connectionsPerSecondPerAddress,
      allowedOrigins: config.stream.allowedOrigins,
    },
    report: (dialect, to, reason, phase) => {
      metrics.connectionTransitions.inc({ dialect, state: to, reason });
      log.debug({ dialect, state: to, reason, phase }, 'connection');
    },
    log,
  });

  // fan-out on every core: worker processes take the connections of worker-safe endpoints
  const fanout =
    config.fanout.workers > 0
      ? new FanoutPool({
          config,
          state,
          epochStart: stored.base,
          alerts,
          reader: deps.reader,
          log,
          report: (dialect, to, reason) => {
            metrics.connectionTransitions.inc({ dialect, state: to, reason });
            log.debug({ dialect, state: to, reason, worker: true }, 'connection');
          },
        })
      : null;
  if (fanout) {
    base.undo.push(() => void fanout.close());
    bus.subscribe(fanout.publish);
    alerts?.listen(fanout.publishAlerts);
  }

  // transports: the main listener serves the core's routes and every dialect without its own
  let ready = false;
  const main = listeners.get('main')!;
  const feeds = () => health.status(clock());
  for (const r of healthRoutes({
    ready: () => ready,
    metrics,
    history,
    storage: () => retention.status(),
    state,
    hub,
    sources: feeds,
    fanout: fanout ? () => fanout.status() : undefined,
  }))
    main.router.add(r);
  for (const r of ingestRoutes(ingestIn, ingestToken, config.ingest.maxBodyBytes))
    main.router.add(r);
  const adminToken =
    config.auth.adminToken || readOrCreateSecret(config.dataDir, 'admin-token', log);
  const plans = () => Object.keys(config.auth.plans);
  for (const r of adminRoutes({
    token: adminToken,
    keys,
    credits,
    hub,
    plans,
    ...(exchange ? { exchange } : {}),
  }))
    main.router.add(r);
  const dashboard = { auth, state, hub, history, loopDelay, clock };
  for (const r of dashboardRoutes(config.dashboard, dashboard)) main.router.add(r);
  for (const r of apiDocRoutes()) main.router.add(r);
  const surfaces: Surface[] = [];
  const home = { version: VERSION, surfaces, dashboard: config.dashboard.enabled };
  for (const r of homeRoutes(() => home)) main.router.add(r);
  // Revoked keys lose their live connections, whether the admin API or the CLI revoked them.
  keys.onRevoked((ids) => {
    fanout?.revoke(ids);
    const closed = hub.closeKeys(new Set(ids));
    if (closed > 0) log.info({ keys: ids, closed }, 'closed connections of revoked keys');
  });
  const keysTimer = setInterval(() => keys.poll(), 1_000);
  keysTimer.unref();
  const wsIngest = wsIngestHandler(
    ingestIn,
    {
      token: ingestToken,
      maxMessageBytes: config.ingest.maxBodyBytes,
      maxPending: config.ingest.maxPendingBatches,
      maxInFlightBytes: config.ingest.maxFeederBytes,
    },
    log,
  );
  main.upgrades.add('/v1/ingest/ws', wsIngest.upgrade);
  const transport = {
    runner,
    hub,
    maxFrameBytes: config.stream.maxFrameBytes,
    secure,
    onError: callbackFailed('admission'),
    divert: fanout?.divert,
  };
  const used = new Set(['main']);
  for (const dialect of dialects) {
    const listener = dialect.listener ? listeners.get(dialect.listener) : main;
    if (!listener) {
      throw new LinecastError(
        'LC_ERR_CONFIG_INVALID',
        `dialect ${dialect.name} serves on its own listener: set listeners.${dialect.listener}.port`,
      );
    }
    listener.serve(dialect, transport);
    used.add(listener.name);
    surfaces.push(surfaceOf(dialect, urls[listener.name]!));
    if (dialect.observe) hub.addObserver(dialect.observe);
  }

  // A configured listener no dialect serves on gives its port back.
  for (const [name, l] of listeners) {
    if (used.has(name)) continue;
    await l.close();
    listeners.delete(name);
    delete urls[name];
  }
  const policy = new RequestPolicy(config.http, clock);
  const bodies = new BodyBudget(config.http.maxBodyBytesInFlight);
  const keepAliveTimeoutMs = config.http.keepAliveTimeoutMs;
  for (const l of listeners.values()) open(l, { policy, bodies, keepAliveTimeoutMs }, log);
  // Sources start once the server listens, so a failed start leaves nothing running.
  const openings = sources.map((source) =>
    source.start((updates) => {
      // Called from the source's own timers: a throw here must not end the process.
      try {
        metrics.sourceUpdates.inc({ source: source.name }, updates.length);
        if (!pipeline.offer(updates, source.name, clock())) metrics.shedUpdates.inc(updates.length);
      } catch (err) {
        callbackFailed(`source ${source.name}`)(err);
      }
    }),
  );
  exchangeStage?.start();
  const url = urls['main']!;

  // Feed health runs on protocol time, so tests drive silence with the manual clock.
  const stopHealth = scheduler.every(config.sources.checkMs, () => pipeline.suspendSilent(clock()));
  const evictTimer = setInterval(() => {
    const cutoff = clock() - config.state.evictAfterMs;
    state.evictFinished(cutoff);
    fanout?.evict(cutoff);
  }, 60_000);
  evictTimer.unref();
  retention.start();
  // Ready once every source's opening board is in the book: a first snapshot is never empty.
  await Promise.all(openings);
  ready = true;
  const dashboardUrl = config.dashboard.enabled ? `${url}/dashboard` : undefined;
  log.info(
    {
      url,
      urls,
      ...(dashboardUrl ? { dashboard: `${dashboardUrl}?key=<your key>` } : {}),
      ...(demoKey ? { demoKeyFile: join(config.dataDir, 'demo-key') } : {}),
      epoch: stored.epoch,
      seq: stored.lastSeq,
      simRate: config.simulator.rate,
    },
    'ready',
  );

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      ready = false;
      clearInterval(evictTimer);
      stopHealth();
      stopAlertTicks();
      stopVenueFeed();
      clearInterval(keysTimer);
      clearInterval(loopTimer);
      loopDelay.disable();
      await Promise.all(sources.map((s) => s.stop()));
      exchangeStage?.stop();
      // Feeders get their acks, then a going-away close: a connected feeder never holds us open.
      await wsIngest.close();
      // Workers close their connections (going away) as the hub does its own; the listeners'
      // close waits for both (src/fanout/pool.ts).
      const workersClosed = fanout?.close();
      hub.close();
      fanout?.beforeListenersClose();
      await Promise.all([...listeners.values()].map((l) => l.close()));
      await workersClosed;
      exchangeStage?.close();
      await ingestIn.close();
      await recorder?.close();
      retention.stop();
      credits.flush();
      usage.flush();
      await history.close();
      base.lock.release();
      log.info('stopped');
    })();
    return closing;
  };
  return {
    url,
    urls,
    ...(dashboardUrl ? { dashboardUrl } : {}),
    server: main.server!,
    state,
    history,
    ingestToken,
    adminToken,
    demoKey,
    hub,
    alerts,
    keys,
    credits,
    exchange: exchange ?? null,
    fanout,
    routes: () =>
      [...listeners.values()].flatMap((l) =>
        l.router.list().map((r) => ({ ...r, listener: l.name })),
      ),
    surfaces,
    demoKeyFile: demoKey ? join(config.dataDir, 'demo-key') : null,
    close,
  };
}
