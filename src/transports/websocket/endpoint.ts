// The WebSocket side of the connection runner: answers refusals on the raw socket, performs the
// upgrade with `ws` (which keeps parsing client frames), and wires the socket to the hub.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Accepted, ConnectionRunner, Transport } from '../../connections/runner.js';
import type { Release } from '../../connections/slots.js';
import type { Divert } from '../../fanout/handoff.js';
import type { Client, Hub, Peer } from '../../hub/hub.js';
import type { Admitted } from '../../seam/admission.js';
import type { SocketEndpoint } from '../../seam/dialect.js';
import { handshakeRequest } from '../handshake.js';
import { textFrame, textFrameWithHead } from './frame.js';
import { rejectUpgrade, type UpgradeHandler } from './upgrade.js';

export function endpointHandler(
  dialect: string,
  endpoint: SocketEndpoint,
  runner: ConnectionRunner,
  opts: { maxFrameBytes: number; secure: boolean; divert?: Divert | undefined },
  onError: (err: unknown) => void,
): UpgradeHandler {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: opts.maxFrameBytes,
    perMessageDeflate: false,
    clientTracking: false,
  });
  return (req, socket, head, url, params) => {
    const hs = handshakeRequest(req, url, params, opts.secure);
    runner
      .admit(dialect, endpoint, hs, new WsTransport(wss, req, socket, head, opts.divert))
      .catch((err: unknown) => {
        onError(err);
        rejectUpgrade(socket, 500, { error: { code: 'LC_ERR_SERVER_INTERNAL' } });
      });
  };
}

class WsTransport implements Transport {
  constructor(
    private readonly wss: WebSocketServer,
    private readonly req: IncomingMessage,
    private readonly socket: Duplex,
    private readonly head: Buffer,
    private readonly divertTo?: Divert | undefined,
  ) {}

  divert(
    dialect: string,
    endpoint: SocketEndpoint,
    who: Admitted,
    context: unknown,
    release: Release,
  ): boolean {
    if (!this.divertTo) return false;
    const { req, socket, head } = this;
    return this.divertTo({
      dialect,
      path: endpoint.path,
      who,
      context,
      release,
      req,
      socket,
      head,
    });
  }

  refuse(status: number, body: unknown, headers?: Record<string, string>): void {
    rejectUpgrade(this.socket, status, body, headers);
  }

  accept(): Promise<Accepted | null> {
    const socket = this.socket;
    if (socket.destroyed) return Promise.resolve(null);
    return new Promise((resolve) => {
      // `ws` gives up silently on a socket that died meanwhile: settle on its close instead.
      const gone = () => resolve(null);
      socket.once('close', gone);
      this.wss.handleUpgrade(this.req, socket, this.head, (ws) => {
        socket.off('close', gone);
        resolve(new WsPeer(ws));
      });
    });
  }
}

/** The hub writes pre-built frames straight to the TCP socket; `ws` keeps parsing what arrives. */
class WsPeer implements Peer, Accepted {
  readonly sink: Socket;

  constructor(private readonly ws: WebSocket) {
    this.sink = (ws as unknown as { _socket: Socket })._socket;
    ws.on('error', () => ws.terminate());
  }

  get peer(): Peer {
    return this;
  }

  frame(text: string): Buffer {
    return textFrame(text);
  }

  frameWithHead(head: string, body: Buffer): Buffer {
    return textFrameWithHead(head, body);
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }

  terminate(): void {
    this.ws.terminate();
  }

  ping(): void {
    this.ws.ping();
  }

  bind(hub: Hub, client: Client): void {
    bindSocket(hub, client, this.ws);
  }
}

/**
 * A module-level function on purpose: closures created inside the upgrade handler would keep
 * its whole scope (request, headers, URL) alive for the life of the connection, KiBs each.
 */
function bindSocket(hub: Hub, client: Client, ws: WebSocket): void {
  ws.on('pong', () => hub.pong(client));
  ws.on('close', () => hub.detach(client));
  ws.on('message', (data, isBinary) => hub.receive(client, data as Buffer, isBinary));
  // A socket that closed between the upgrade and now would never report it.
  if (ws.readyState >= 2) hub.detach(client);
}
