// Dispatches HTTP upgrades by path. Anything unroutable is answered with a plain HTTP error
// on the raw socket, so a bad upgrade never reaches a WebSocket.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ERRORS, type ErrorCode, errorBody } from '../../errors/catalogue.js';

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => void;

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  426: 'Upgrade Required',
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
  private readonly handlers = new Map<string, UpgradeHandler>();

  add(path: string, handler: UpgradeHandler): void {
    if (this.handlers.has(path)) throw new Error(`duplicate WebSocket route ${path}`);
    this.handlers.set(path, handler);
  }

  handle(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      rejectUpgradeCoded(socket, 'LC_ERR_REQUEST_BAD_QUERY', 'bad URL');
      return;
    }
    const handler = this.handlers.get(url.pathname);
    if (!handler) {
      rejectUpgradeCoded(socket, 'LC_ERR_REQUEST_NOT_FOUND', url.pathname);
      return;
    }
    handler(req, socket, head, url);
  }
}
