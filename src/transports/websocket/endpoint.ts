// The WebSocket side of the connection runner: answers refusals on the raw socket, completes the
// upgrade itself (accept.ts) and hands the socket to a WsConnection, which reads client frames
// and is the hub's peer; the hub writes pre-built frames straight to the socket. With fan-out
// workers, an admitted socket may instead be diverted, unanswered, to a worker process.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Accepted, ConnectionRunner, Transport } from '../../connections/runner.js';
import type { Release } from '../../connections/slots.js';
import type { Divert } from '../../fanout/handoff.js';
import type { Admitted } from '../../seam/admission.js';
import type { SocketEndpoint } from '../../seam/dialect.js';
import { handshakeRequest } from '../handshake.js';
import { offeredProtocols, switchingProtocols } from './accept.js';
import { WsConnection } from './connection.js';
import { rejectUpgrade, type UpgradeHandler } from './upgrade.js';

export function endpointHandler(
  dialect: string,
  endpoint: SocketEndpoint,
  runner: ConnectionRunner,
  opts: { maxFrameBytes: number; secure: boolean; divert?: Divert | undefined },
  onError: (err: unknown) => void,
): UpgradeHandler {
  return (req, socket, head, url, params) => {
    const hs = handshakeRequest(req, url, params, opts.secure);
    runner
      .admit(
        dialect,
        endpoint,
        hs,
        new WsTransport(req, socket, head, opts.maxFrameBytes, opts.divert),
      )
      .catch((err: unknown) => {
        onError(err);
        rejectUpgrade(socket, 500, { error: { code: 'LC_ERR_SERVER_INTERNAL' } });
      });
  };
}

/** One upgrade request until it is answered; nothing of it is kept by the connection. */
class WsTransport implements Transport {
  constructor(
    private readonly req: IncomingMessage,
    private readonly socket: Duplex,
    private readonly head: Buffer,
    private readonly maxFrameBytes: number,
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

  /** Writes the 101 at once; null when the client left meanwhile (its FIN already came). */
  accept(): Promise<Accepted | null> {
    const socket = this.socket as Socket;
    if (socket.destroyed || !socket.readable || !socket.writable) {
      socket.destroy();
      return Promise.resolve(null);
    }
    const headers = this.req.headers;
    // upgrade.ts refused keys and protocol lists that do not parse before any slot was taken.
    const key = String(headers['sec-websocket-key']).trim();
    const protocol = offeredProtocols(headers['sec-websocket-protocol'])?.[0];
    socket.write(switchingProtocols(key, protocol));
    return Promise.resolve(new WsConnection(socket, this.maxFrameBytes, this.head));
  }
}
