// Dispatches HTTP upgrades by path. Anything unroutable is answered with a plain HTTP error
// on the raw socket, so a bad upgrade never reaches a WebSocket.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ERRORS, type ErrorCode, errorBody } from '../../errors/catalogue.js';
import { PathTrie } from '../http/paths.js';
import { offeredProtocols } from './accept.js';

export type UpgradeHandler = (
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  url: URL,
  params: Record<string, string>,
) => void;

const KEY = /^[+/0-9A-Za-z]{22}==$/;

/**
 * What the handshake cannot answer, checked before any slot is taken: a malformed upgrade must
 * never cost an account a connection slot. The same checks `ws` made when it did the upgrade.
 */
function malformed(req: IncomingMessage): string | null {
  if (req.method !== 'GET') return 'the method must be GET';
  if (req.headers.upgrade?.toLowerCase() !== 'websocket') return 'Upgrade must be websocket';
  const key = req.headers['sec-websocket-key'];
  if (typeof key !== 'string' || !KEY.test(key.trim())) return 'bad Sec-WebSocket-Key';
  const version = req.headers['sec-websocket-version'];
  if (version !== '13' && version !== '8') return 'Sec-WebSocket-Version must be 13';
  if (offeredProtocols(req.headers['sec-websocket-protocol']) === null)
    return 'bad Sec-WebSocket-Protocol';
  return null;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  426: 'Upgrade Required',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Writes an HTTP response on a socket that asked to upgrade, then closes it. */
export function rejectUpgrade(
  socket: Duplex,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (socket.destroyed) return;
  const payload = JSON.stringify(body);
  const lines = [
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(payload)}`,
    'Connection: close',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  socket.end(`${lines.join('\r\n')}\r\n\r\n${payload}`);
}

export function rejectUpgradeCoded(socket: Duplex, code: ErrorCode, detail?: string): void {
  rejectUpgrade(socket, ERRORS[code].status, { error: errorBody(code, detail) });
}

export class UpgradeRouter {
  private readonly handlers = new PathTrie<UpgradeHandler>();

  /** `path` may have `:name` parameters; a path taken twice is an error at start-up. */
  add(path: string, handler: UpgradeHandler): void {
    this.handlers.add(path, handler, 'WebSocket route');
  }

  handle(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', destroyOnError);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      rejectUpgradeCoded(socket, 'LC_ERR_REQUEST_BAD_QUERY', 'bad URL');
      return;
    }
    let m: ReturnType<typeof this.handlers.match>;
    try {
      m = this.handlers.match(url.pathname);
    } catch {
      rejectUpgradeCoded(socket, 'LC_ERR_REQUEST_BAD_QUERY', 'bad escape in the path');
      return;
    }
    if (!m) {
      rejectUpgradeCoded(socket, 'LC_ERR_REQUEST_NOT_FOUND', url.pathname);
      return;
    }
    const bad = malformed(req);
    if (bad) {
      rejectUpgradeCoded(socket, 'LC_ERR_REQUEST_BAD_QUERY', bad);
      return;
    }
    m.value(req, socket, head, url, m.params);
  }
}

/** A socket's error listener: module-level, so a connection holds no closure for it. */
export function destroyOnError(this: Duplex): void {
  this.destroy();
}
