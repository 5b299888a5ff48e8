// The Server-Sent Events side of the connection runner: refusals are JSON responses, accepting
// writes the stream head, and the response becomes the session's byte stream. EventSource
// reconnects by itself and sends the last `id:` it saw as Last-Event-ID.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Accepted, ConnectionRunner, Transport } from '../../connections/runner.js';
import { errorBody } from '../../errors/catalogue.js';
import type { Client, Hub, Peer } from '../../hub/hub.js';
import type { SocketEndpoint } from '../../seam/dialect.js';
import { handshakeRequest } from '../handshake.js';
import { sseFrame, sseFrameWithHead } from './frame.js';

export type StreamHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  params: Record<string, string>,
) => void;

/** Milliseconds EventSource waits before reconnecting. */
const RETRY_MS = 1_000;

export function sseHandler(
  dialect: string,
  endpoint: SocketEndpoint,
  runner: ConnectionRunner,
  opts: { secure: boolean },
  onError: (err: unknown) => void,
): StreamHandler {
  return (req, res, url, params) => {
    const hs = handshakeRequest(req, url, params, opts.secure);
    const transport = new SseTransport(req, res);
    runner.admit(dialect, endpoint, hs, transport).catch((err: unknown) => {
      onError(err);
      transport.refuse(500, { error: errorBody('LC_ERR_SERVER_INTERNAL') });
    });
  };
}

class SseTransport implements Transport {
  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
  ) {}

  refuse(status: number, body: unknown, headers: Record<string, string> = {}): void {
    const res = this.res;
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  }

  async accept(): Promise<Accepted | null> {
    const res = this.res;
    if (res.destroyed) return null;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Proxies such as nginx would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    });
    res.write(`retry: ${RETRY_MS}\n\n`);
    this.req.socket.setNoDelay(true);
    return new SsePeer(res);
  }
}

class SsePeer implements Peer, Accepted {
  constructor(readonly sink: ServerResponse) {
    sink.on('error', () => sink.destroy());
  }

  get peer(): Peer {
    return this;
  }

  frame(text: string, eventId?: string): Buffer {
    return sseFrame(text, eventId);
  }

  frameWithHead(head: string, body: Buffer, eventId?: string): Buffer {
    return sseFrameWithHead(head, body, eventId);
  }

  /** SSE has no close codes: the stream ends and the client reconnects with its last id. */
  close(): void {
    this.sink.end();
  }

  terminate(): void {
    this.sink.destroy();
  }

  bind(hub: Hub, client: Client): void {
    bindResponse(hub, client, this.sink);
  }
}

function bindResponse(hub: Hub, client: Client, res: ServerResponse): void {
  res.on('close', () => hub.detach(client));
  if (res.destroyed) hub.detach(client);
}
