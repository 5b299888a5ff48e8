// A fan-out worker process (forked by pool.ts). It owns the WebSocket connections main hands
// over: performs their upgrade, runs its own hub (subscription index, sessions, overflow,
// heartbeats, pings) over them, and writes their frames, on its own core. Its book and alert
// stream are replicas fed by main's batches (replica.ts; an AlertWindow); the dialect's
// connection code runs unchanged over them. What only main has (history) is asked for over the
// IPC channel.
import type { IncomingHttpHeaders } from 'node:http';
import { Socket } from 'node:net';
import type { AlertChange } from '../analytics/types.js';
import { AlertWindow } from '../analytics/window.js';
import { CatalogIndex } from '../catalog/index.js';
import { defaultCatalogDir, loadCatalog } from '../catalog/load.js';
import { exposedHost } from '../config/schema.js';
import { Life } from '../connections/life.js';
import { DIALECTS } from '../dialects/registry.js';
import { Hub } from '../hub/hub.js';
import { streamLimits } from '../hub/limits.js';
import { compileFilter } from '../model/filter.js';
import type { Change } from '../model/types.js';
import { createLogger } from '../observability/log.js';
import type { CoreReader, DialectDeps } from '../seam/core.js';
import type { SocketEndpoint } from '../seam/dialect.js';
import { realScheduler } from '../timers/scheduler.js';
import { offeredProtocols, switchingProtocols } from '../transports/websocket/accept.js';
import { WsConnection } from '../transports/websocket/connection.js';
import { VERSION } from '../version.js';
import { stateReplica } from './replica.js';
import {
  FRAME,
  type FrameKind,
  FrameReader,
  type FromWorker,
  type Opening,
  type ReadMethod,
  type ToWorker,
} from './wire.js';

/** The data pipe: fd 4 of the worker (fd 3 is the IPC channel). */
const DATA_FD = 4;
const STATS_MS = 1_000;

const send = (m: FromWorker): void => {
  if (process.connected) process.send?.(m);
};

/** Everything the worker runs once the opening image is in. */
interface Running {
  hub: Hub;
  follow(changes: Change[]): void;
  followAlerts(batch: AlertChange[]): void;
  evict(cutoff: number): void;
  take(msg: Extract<ToWorker, { type: 'connection' }>, socket: Socket | undefined): void;
  shutdown(): void;
}

function start(o: Opening): Running {
  const config = o.config;
  const log = createLogger(config.logLevel, config.logFormat).child({ fanoutWorker: process.pid });
  const onError = (err: unknown, where: string) =>
    log.error({ err, where }, 'callback failed in a fan-out worker; carrying on');
  const scheduler = realScheduler((err) => onError(err, 'timer'));
  const state = stateReplica(o);
  const alerts = o.alerts
    ? new AlertWindow(config.analytics.windowSize, (err) => onError(err, 'alerts'), o.alerts)
    : null;

  // Reads only main can answer (history), by request id.
  let nextRead = 1;
  const reads = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  const ask =
    (method: ReadMethod) =>
    (...args: unknown[]): Promise<never> =>
      new Promise((resolve, reject) => {
        const id = nextRead++;
        reads.set(id, { resolve, reject });
        send({ type: 'read', id, method, args });
      });
  const reader: CoreReader = {
    position: () => state.position(),
    epochStart: () => o.epochStart,
    snapshot: (f) => state.snapshot(compileFilter(f)),
    events: (f) => state.events(compileFilter(f)),
    changesSince: ask('changesSince'),
    priceHistory: ask('priceHistory'),
    openers: ask('openers'),
    closing: ask('closing'),
    lastQuotes: ask('lastQuotes'),
    storedEvents: ask('storedEvents'),
  };
  const unavailable = (what: string) => () => {
    throw new Error(`${what} is not available in a fan-out worker (endpoint is not worker-safe)`);
  };
  const deps: DialectDeps = {
    reader,
    ...(alerts ? { alerts } : {}),
    // Worker-safe endpoints neither serve REST nor meter: these are never called here.
    access: { authenticate: () => ({ ok: false, reason: 'forbidden' }) },
    credits: { balance: unavailable('credits'), charge: unavailable('credits'), usage: () => null },
    usage: { counter: unavailable('usage') },
    catalog: new CatalogIndex(loadCatalog(defaultCatalogDir())),
    limits: streamLimits(config.stream),
    clock: Date.now,
    server: `linecast/${VERSION}`,
    secure: config.tls.cert !== '',
    exposed: exposedHost(config.host),
    timers: scheduler,
    fault: (err, where) => onError(err, `dialect:${where}`),
  };
  const hub = new Hub(
    {
      clock: Date.now,
      scheduler,
      io: scheduler,
      snapshot: (f) => state.snapshot(f),
      position: () => state.position(),
      windowSince: (from) => {
        const head = state.position();
        return state.window.since(from, head.epoch, head.seq);
      },
      // Main's history may be ahead of this replica (batches still in the pipe): a catch-up
      // must end at the replica's head, where its window takes over, as main's does at its own.
      historySince: async (from, limit) => {
        const changes = await reader.changesSince(from, limit);
        const head = state.position().seq;
        const last = changes.at(-1);
        return last && last.seq > head ? changes.filter((c) => c.seq <= head) : changes;
      },
      maxCatchUp: config.stream.maxCatchUp,
      onError,
    },
    config.stream,
  );

  // Dialects are built when their first connection arrives: only worker-safe endpoints come here.
  const sections: Record<string, unknown> = config.dialects;
  const endpoints = new Map<string, SocketEndpoint | null>();
  const endpointOf = (dialect: string, path: string): SocketEndpoint | null => {
    const key = `${dialect}\u0000${path}`;
    if (!endpoints.has(key)) {
      const m = DIALECTS.find((d) => d.name === dialect);
      const built = m?.build(deps, sections[dialect]);
      for (const e of built?.endpoints ?? []) {
        const safe = e.workerSafe === true ? e : null;
        if (safe) hub.addEndpoint(safe);
        endpoints.set(`${dialect}\u0000${e.path}`, safe);
      }
      if (built?.observe) hub.addObserver(built.observe);
      if (!endpoints.has(key)) endpoints.set(key, null);
    }
    return endpoints.get(key) ?? null;
  };

  const report = (dialect: string, to: string, reason: string) =>
    send({ type: 'life', dialect, state: to, reason });

  const stats = setInterval(
    () =>
      send({
        type: 'stats',
        connections: hub.connectionCount,
        subscriptions: hub.subscriptionCount,
        heldBytes: hub.heldBytes(),
      }),
    STATS_MS,
  );
  stats.unref();

  process.on('message', (m: ToWorker) => {
    if (m.type !== 'read-result') return;
    const r = reads.get(m.id);
    reads.delete(m.id);
    if (!r) return;
    if (m.ok) r.resolve(m.value as never);
    else r.reject(new Error(m.message));
  });

  return {
    hub,
    follow(changes) {
      for (const c of changes) state.follow(c);
      hub.publish(changes);
    },
    followAlerts: (batch) => alerts?.append(batch),
    evict: (cutoff) => state.evictFinished(cutoff),
    take(msg, socket) {
      const release = () => send({ type: 'closed', id: msg.id });
      const endpoint = endpointOf(msg.dialect, msg.path);
      if (!socket || !endpoint) {
        socket?.destroy();
        release();
        return;
      }
      if (socket.destroyed || !socket.readable || !socket.writable) {
        socket.destroy();
        release();
        return;
      }
      // Main checked the key and the protocol list before admission (upgrade.ts).
      const headers = msg.request.headers as IncomingHttpHeaders;
      const key = String(headers['sec-websocket-key']).trim();
      const protocol = offeredProtocols(headers['sec-websocket-protocol'])?.[0];
      socket.write(switchingProtocols(key, protocol));
      const peer = new WsConnection(
        socket,
        config.stream.maxFrameBytes,
        Buffer.from(msg.head, 'base64'),
      );
      const life = new Life(msg.dialect, endpoint.admission.closes ?? {}, report);
      life.live(peer, release);
      const client = hub.attach(endpoint, peer, msg.who, msg.context, life);
      peer.bind(hub, client);
    },
    shutdown() {
      // Going-away closes, as main's hub sends them; the slots' reports follow each close.
      hub.close();
      const done = () => {
        if (hub.connectionCount === 0) process.exit(0);
      };
      setInterval(done, 20).unref();
      done();
    },
  };
}

let running: Running | null = null;
const early: [Extract<ToWorker, { type: 'connection' }>, Socket | undefined][] = [];

const frames = new FrameReader((kind: FrameKind, body: Buffer) => {
  const json = JSON.parse(body.toString('utf8'));
  if (kind === FRAME.opening) {
    running = start(json as Opening);
    for (const [m, s] of early.splice(0)) running.take(m, s);
    send({ type: 'ready' });
    return;
  }
  if (!running) return;
  if (kind === FRAME.changes) running.follow(json as Change[]);
  else if (kind === FRAME.alerts) running.followAlerts(json as AlertChange[]);
  else if (kind === FRAME.evict) running.evict(json as number);
});

const pipe = new Socket({ fd: DATA_FD, readable: true, writable: false });
pipe.on('data', (chunk: Buffer) => frames.push(chunk));
// Main went away (or cut this worker): nothing more will come; the connections go with it.
pipe.on('close', () => process.exit(0));
pipe.on('error', () => process.exit(0));
process.on('disconnect', () => process.exit(0));

process.on('message', (m: ToWorker, socket?: Socket) => {
  if (m.type === 'connection') {
    if (running) running.take(m, socket);
    else early.push([m, socket]);
  } else if (m.type === 'revoke') {
    running?.hub.closeKeys(new Set(m.keys));
  } else if (m.type === 'shutdown') {
    if (running) running.shutdown();
    else process.exit(0);
  }
});
