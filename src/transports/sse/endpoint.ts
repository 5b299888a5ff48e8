// Binds a dialect's SSE endpoint to a GET request: the dialect decides the handshake, the
// response becomes the session's byte stream, and the request's close ends the session.
// EventSource reconnects by itself and sends the last `id:` it saw as Last-Event-ID.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { errorBody, LinecastError } from '../../errors/catalogue.js';
import type { Hub, Peer } from '../../hub/hub.js';
import type { SocketEndpoint } from '../../seam/dialect.js';
import { handshakeRequest } from '../handshake.js';
import type { EndpointOptions } from '../websocket/endpoint.js';

export type StreamHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

/** Milliseconds EventSource waits before reconnecting. */
const RETRY_MS = 1_000;

function refuse(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

export function sseHandler(
  endpoint: SocketEndpoint,
  hub: Hub,
  opts: Omit<EndpointOptions, 'maxFrameBytes'>,
  log: Logger,
): StreamHandler {
  return (req, res, url) => {
    if (opts.overloaded() || hub.connectionCount >= opts.maxConnections) {
      const e = new LinecastError('LC_ERR_LIMIT_OVERLOADED');
      return refuse(res, e.status, { error: errorBody(e.code) });
    }
    const hs = handshakeRequest(req, url, opts.secure);
    Promise.resolve(endpoint.handshake(hs)).then(
      (decision) => {
        if (!decision.ok) return refuse(res, decision.status, decision.body, decision.headers);
        if (res.destroyed) return;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          // Proxies such as nginx would otherwise buffer the stream.
          'x-accel-buffering': 'no',
        });
        res.write(`retry: ${RETRY_MS}\n\n`);
        req.socket.setNoDelay(true);
        const peer: Peer = {
          sink: res,
          // SSE has no close codes: the stream ends and the client reconnects with its last id.
          close: () => res.end(),
          terminate: () => res.destroy(),
        };
        const client = hub.attach(endpoint, peer, decision.principal, decision.context);
        res.on('close', () => hub.detach(client));
        res.on('error', () => res.destroy());
      },
      (err: unknown) => {
        log.error({ err, path: url.pathname }, 'handshake failed');
        refuse(res, 500, { error: errorBody('LC_ERR_SERVER_INTERNAL') });
      },
    );
  };
}
