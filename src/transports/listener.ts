// One origin: an HTTP server with its REST routes, WebSocket upgrades and SSE streams. The main
// listener serves the core and most dialects; a dialect whose vendor paths collide with another
// dialect's declares its own (Dialect.listener). Within a listener a path taken twice is an
// error at start-up: nothing silently shadows anything.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { ConnectionRunner } from '../connections/runner.js';
import { errorBody, LinecastError } from '../errors/catalogue.js';
import type { Divert } from '../fanout/handoff.js';
import type { Hub } from '../hub/hub.js';
import type { Dialect } from '../seam/dialect.js';
import { coreErrorShape, type ErrorShape } from '../seam/http.js';
import type { BodyBudget } from './http/body.js';
import { PathTrie } from './http/paths.js';
import type { RequestPolicy } from './http/policy.js';
import { Router } from './http/router.js';
import { serveRoutes } from './http/server.js';
import { type StreamHandler, sseHandler } from './sse/endpoint.js';
import { endpointHandler } from './websocket/endpoint.js';
import { UpgradeRouter } from './websocket/upgrade.js';

export interface TransportDeps {
  runner: ConnectionRunner;
  hub: Hub;
  maxFrameBytes: number;
  secure: boolean;
  onError(err: unknown): void;
  /** Fan-out workers take admitted connections of worker-safe endpoints (`fanout.workers`). */
  divert?: Divert | undefined;
}

export class Listener {
  readonly router = new Router();
  readonly upgrades = new UpgradeRouter();
  readonly streams = new PathTrie<StreamHandler>();
  server: Server | null = null;
  errorShape: ErrorShape = coreErrorShape;

  constructor(
    readonly name: string,
    readonly port: number,
    readonly host: string,
  ) {}

  /** Registers a dialect's routes and endpoints here. */
  serve(dialect: Dialect, t: TransportDeps): void {
    if (dialect.errorBody) {
      if (dialect.listener !== this.name || this.errorShape !== coreErrorShape) {
        throw new Error(
          `${dialect.name}: only a dialect on its own listener, one per listener, shapes its errors`,
        );
      }
      this.errorShape = dialect.errorBody;
    }
    for (const r of dialect.routes) this.router.add(r);
    for (const endpoint of dialect.endpoints) {
      ConnectionRunner.check(endpoint);
      t.hub.addEndpoint(endpoint);
      if (endpoint.transport === 'sse') {
        if (this.router.match('GET', endpoint.path).kind === 'found')
          throw new Error(`SSE endpoint ${endpoint.path} shadows a REST route`);
        const opts = { secure: t.secure };
        this.streams.add(
          endpoint.path,
          sseHandler(dialect.name, endpoint, t.runner, opts, t.onError),
          'SSE endpoint',
        );
        continue;
      }
      const opts = { maxFrameBytes: t.maxFrameBytes, secure: t.secure, divert: t.divert };
      this.upgrades.add(
        endpoint.path,
        endpointHandler(dialect.name, endpoint, t.runner, opts, t.onError),
      );
    }
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The listen failures a person can fix, said so; anything else is thrown as it is. */
function listenError(e: NodeJS.ErrnoException, l: Listener): Error {
  const where = `${l.host}:${l.port}`;
  const flag = l.name === 'main' ? '--port N' : `listeners.${l.name}.port`;
  if (e.code === 'EADDRINUSE')
    return new LinecastError(
      'LC_ERR_SERVER_LISTEN',
      `${where} is in use (another linecast?); stop it or set ${flag} (0 picks a free port)`,
    );
  if (e.code === 'EACCES')
    return new LinecastError(
      'LC_ERR_SERVER_LISTEN',
      `${where} needs privileges; set ${flag} to a port above 1023`,
    );
  if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND')
    return new LinecastError(
      'LC_ERR_SERVER_LISTEN',
      `${l.host} is not an address of this machine; set --host (127.0.0.1, or 0.0.0.0 for all)`,
    );
  return e;
}

/** Until the listener opens, every request and upgrade is answered 503: the port is taken first. */
function starting(_req: IncomingMessage, res: ServerResponse): void {
  const e = new LinecastError('LC_ERR_SERVER_STARTING');
  res.writeHead(e.status, {
    'content-type': 'application/json; charset=utf-8',
    'retry-after': '1',
  });
  res.end(JSON.stringify({ error: errorBody('LC_ERR_SERVER_STARTING') }));
}

function startingUpgrade(_req: IncomingMessage, socket: Duplex): void {
  socket.end('HTTP/1.1 503 Service Unavailable\r\nretry-after: 1\r\ncontent-length: 0\r\n\r\n');
}

/**
 * Binds the listener's port and resolves with its base URL. Nothing is served until `open`, so a
 * busy port fails the start before the data directory is touched.
 */
async function bind(l: Listener, tls: { cert: Buffer; key: Buffer } | null): Promise<string> {
  const server: Server = tls ? createTlsServer(tls) : createServer();
  server.on('request', starting);
  server.on('upgrade', startingUpgrade);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(listenError(e, l)));
    server.listen(l.port, l.host, () => resolve());
  });
  l.server = server;
  const { port } = server.address() as AddressInfo;
  const host = l.host.includes(':') ? `[${l.host}]` : l.host;
  return `${tls ? 'https' : 'http'}://${host}:${port}`;
}

/** Binds every listener, by name, with its base URL; on a failure the ones bound are closed. */
export async function bindAll(
  wanted: Listener[],
  tls: { cert: Buffer; key: Buffer } | null,
): Promise<{ listeners: Map<string, Listener>; urls: Record<string, string> }> {
  const listeners = new Map<string, Listener>();
  const urls: Record<string, string> = {};
  try {
    for (const l of wanted) {
      urls[l.name] = await bind(l, tls);
      listeners.set(l.name, l);
    }
  } catch (e) {
    await Promise.all([...listeners.values()].map((l) => l.close()));
    throw e;
  }
  return { listeners, urls };
}

/** Starts serving the listener's routes, streams and upgrades on its bound port. */
export function open(
  l: Listener,
  http: { policy: RequestPolicy; bodies: BodyBudget; keepAliveTimeoutMs: number },
  log: Logger,
): void {
  const server = l.server;
  if (!server) throw new Error(`listener ${l.name} is not bound`);
  server.keepAliveTimeout = http.keepAliveTimeoutMs;
  server.off('request', starting);
  server.off('upgrade', startingUpgrade);
  serveRoutes(server, l.router, log, l.streams, http.policy, http.bodies, l.errorShape);
  server.on('upgrade', (req, socket, head) => l.upgrades.handle(req, socket, head));
}
