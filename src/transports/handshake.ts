// What a dialect sees of a connection attempt, the same for a WebSocket upgrade and an SSE GET.
import type { IncomingMessage } from 'node:http';
import type { HandshakeRequest } from '../seam/request.js';

export function handshakeRequest(
  req: IncomingMessage,
  url: URL,
  params: Record<string, string>,
  secure: boolean,
): HandshakeRequest {
  return {
    path: url.pathname,
    params,
    query: url.searchParams,
    headers: req.headers,
    secure,
    remoteAddress: req.socket.remoteAddress ?? '',
  };
}
