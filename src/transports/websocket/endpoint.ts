// Binds a dialect's socket endpoint to the HTTP upgrade: the dialect decides the handshake,
// `ws` performs the upgrade and parses client frames, the hub owns the session.

import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Hub, Peer } from '../../hub/hub.js';
import type { Principal, SocketEndpoint } from '../../seam/dialect.js';
import { handshakeRequest } from '../handshake.js';
import { rejectUpgrade, rejectUpgradeCoded, type UpgradeHandler } from './upgrade.js';

export interface EndpointOptions {
  maxFrameBytes: number;
  maxConnections: number;
  secure: boolean;
  /** True while the event loop lags past its threshold: new connections are refused. */
  overloaded: () => boolean;
}

export function endpointHandler(
  endpoint: SocketEndpoint,
  hub: Hub,
  opts: EndpointOptions,
  log: Logger,
): UpgradeHandler {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: opts.maxFrameBytes,
    perMessageDeflate: false,
    clientTracking: false,
  });
  return (req, socket, head, url) => {
    if (opts.overloaded() || hub.connectionCount >= opts.maxConnections) {
      return rejectUpgradeCoded(socket, 'LC_ERR_LIMIT_OVERLOADED');
    }
    const hs = handshakeRequest(req, url, opts.secure);
    Promise.resolve(endpoint.handshake(hs)).then(
      (decision) => {
        if (!decision.ok)
          return rejectUpgrade(socket, decision.status, decision.body, decision.headers);
        if (socket.destroyed) return;
        const { principal, context } = decision;
        wss.handleUpgrade(req, socket, head, (ws) => bind(hub, endpoint, ws, principal, context));
      },
      (err: unknown) => {
        log.error({ err, path: url.pathname }, 'handshake failed');
        rejectUpgradeCoded(socket, 'LC_ERR_SERVER_INTERNAL');
      },
    );
  };
}

/** The hub writes pre-built frames straight to the TCP socket; `ws` keeps parsing what arrives. */
class WsPeer implements Peer {
  readonly sink: Socket;

  constructor(private readonly ws: WebSocket) {
    this.sink = (ws as unknown as { _socket: Socket })._socket;
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
}

/**
 * Wires a new socket to the hub. A module-level function on purpose: closures created inside
 * the upgrade handler would keep its whole scope (request, headers, URL) alive for the life of
 * the connection, several KiB each.
 */
function bind(
  hub: Hub,
  endpoint: SocketEndpoint,
  ws: WebSocket,
  principal: Principal,
  context: unknown,
): void {
  const client = hub.attach(endpoint, new WsPeer(ws), principal, context);
  ws.on('pong', () => hub.pong(client));
  ws.on('close', () => hub.detach(client));
  ws.on('error', () => ws.terminate());
  ws.on('message', (data, isBinary) => hub.receive(client, data as Buffer, isBinary));
}
