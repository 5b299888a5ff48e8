// An in-process linecast.v1 server that does only what a test tells it: send this frame, close
// with that code, refuse the next upgrades. For the client's state-machine edge cases.
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { ClientCommand, ServerFrame } from '../../src/protocol/index.js';
import { Waiters } from '../../src/testing/waiters.js';

export class FakeConn {
  readonly commands: ClientCommand[] = [];
  closed = false;
  private readonly waiters = new Waiters();

  constructor(
    readonly ws: WebSocket,
    /** Path and query of the upgrade request. */
    readonly path: string,
  ) {
    ws.on('message', (data) => {
      this.commands.push(JSON.parse(data.toString()) as ClientCommand);
      this.waiters.wake();
    });
    ws.on('close', () => {
      this.closed = true;
      this.waiters.wake();
    });
  }

  send(frame: ServerFrame): void {
    this.ws.send(JSON.stringify(frame));
  }

  welcome(heartbeatMs = 5_000): void {
    this.send({
      type: 'welcome',
      protocol: 'linecast.v1',
      server: 'fake',
      heartbeatMs,
      position: { epoch: 'E', seq: 0 },
      limits: {},
    });
  }

  until(pred: () => boolean): Promise<void> {
    return this.waiters.until(pred, 10_000, () => JSON.stringify(this.commands));
  }

  /** The `n`th command (1-based), once it has arrived. */
  async command(n: number): Promise<ClientCommand> {
    await this.until(() => this.commands.length >= n);
    return this.commands[n - 1]!;
  }
}

export class FakeServer {
  readonly conns: FakeConn[] = [];
  /** Upgrades are refused with this HTTP status while it is set. */
  refuseWith: number | null = null;
  refused = 0;
  private readonly waiters = new Waiters();

  private constructor(
    private readonly wss: WebSocketServer,
    readonly url: string,
  ) {
    wss.on('connection', (ws, req) => {
      this.conns.push(new FakeConn(ws, req.url ?? ''));
      this.waiters.wake();
    });
  }

  static async start(): Promise<FakeServer> {
    let server: FakeServer | null = null;
    const wss = new WebSocketServer({
      port: 0,
      host: '127.0.0.1',
      verifyClient: (_info, cb) => {
        if (server?.refuseWith == null) return cb(true);
        server.refused++;
        server.waiters.wake();
        cb(false, server.refuseWith);
      },
    });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    const { port } = wss.address() as AddressInfo;
    server = new FakeServer(wss, `http://127.0.0.1:${port}`);
    return server;
  }

  /** The `n`th connection (1-based), once it has arrived. */
  async conn(n: number): Promise<FakeConn> {
    await this.until(() => this.conns.length >= n);
    return this.conns[n - 1]!;
  }

  until(pred: () => boolean): Promise<void> {
    return this.waiters.until(pred, 10_000, () => `${this.conns.length} connections`);
  }

  close(): Promise<void> {
    for (const c of this.conns) c.ws.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}
