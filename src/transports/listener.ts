// One origin: an HTTP server with its REST routes, WebSocket upgrades and SSE streams. The main
// listener serves the core and most dialects; a dialect whose vendor paths collide with another
// dialect's declares its own (Dialect.listener). Within a listener a path taken twice is an
// error at start-up: nothing silently shadows anything.
import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { ConnectionRunner } from '../connections/runner.js';
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
      const opts = { maxFrameBytes: t.maxFrameBytes, secure: t.secure };
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

/** Starts the listener's server; resolves with its base URL. */
export async function listen(
  l: Listener,
  tls: { cert: Buffer; key: Buffer } | null,
  http: { policy: RequestPolicy; bodies: BodyBudget },
  log: Logger,
): Promise<string> {
  const server: Server = tls ? createTlsServer(tls) : createServer();
  l.server = server;
  serveRoutes(server, l.router, log, l.streams, http.policy, http.bodies, l.errorShape);
  server.on('upgrade', (req, socket, head) => l.upgrades.handle(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(l.port, l.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = l.host.includes(':') ? `[${l.host}]` : l.host;
  return `${tls ? 'https' : 'http'}://${host}:${port}`;
}
