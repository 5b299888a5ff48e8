// Serves Routes over node:http. Every failure becomes a coded JSON error; none reaches the process.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { redactUrl } from '../../auth/redact.js';
import { type ErrorCode, errorBody, LinecastError } from '../../errors/catalogue.js';
import type { HttpRequest, HttpResponse } from '../../seam/http.js';
import type { StreamHandler } from '../sse/endpoint.js';
import { BodyBudget, readBody } from './body.js';
import type { Router } from './router.js';

const DEFAULT_MAX_BODY = 64 * 1024;
const DEFAULT_BODIES_IN_FLIGHT = 64 * 1024 * 1024;

/** Whether a request still has body bytes on the wire that nobody will read. */
const hasBody = (req: IncomingMessage) =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

function send(res: ServerResponse, r: HttpResponse): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { ...r.headers };
  let payload: string | Buffer | undefined;
  if (r.body === undefined) payload = undefined;
  else if (typeof r.body === 'string' || Buffer.isBuffer(r.body)) payload = r.body;
  else {
    payload = JSON.stringify(r.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  res.writeHead(r.status, headers);
  res.end(payload);
}

export function sendError(res: ServerResponse, code: ErrorCode, detail?: string): void {
  const e = new LinecastError(code, detail);
  send(res, { status: e.status, body: { error: errorBody(code, detail) } });
}

/**
 * Attaches the router to a server; returns nothing because the server owns the lifecycle.
 * `streams` are long-lived GET responses (SSE) that bypass the request/response router.
 */
export function serveRoutes(
  server: Server,
  router: Router,
  log: Logger,
  streams: ReadonlyMap<string, StreamHandler> = new Map(),
  bodies = new BodyBudget(DEFAULT_BODIES_IN_FLIGHT),
): void {
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const stream = req.method === 'GET' ? streams.get(pathOf(req.url)) : undefined;
    if (stream) stream(req, res, new URL(req.url ?? '/', 'http://localhost'));
    else void handle(req, res, router, log, bodies);
  });
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  return q === -1 ? raw : raw.slice(0, q);
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  router: Router,
  log: Logger,
  bodies: BodyBudget,
) {
  let bodyRead = false;
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const m = router.match(method, url.pathname);
    if (m.kind === 'not_found') return sendError(res, 'LC_ERR_REQUEST_NOT_FOUND', url.pathname);
    if (m.kind === 'method_not_allowed') {
      res.setHeader('allow', m.allowed.join(', '));
      return sendError(res, 'LC_ERR_REQUEST_METHOD', method);
    }
    const request: HttpRequest = {
      method,
      path: url.pathname,
      params: m.params,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.alloc(0),
      remoteAddress: req.socket.remoteAddress ?? '',
    };
    m.route.authorize?.(request);
    if (method !== 'GET' && method !== 'HEAD') {
      request.body = await readBody(req, m.route.maxBodyBytes ?? DEFAULT_MAX_BODY, bodies);
    }
    bodyRead = true;
    send(res, await m.route.handler(request));
  } catch (e) {
    if (e instanceof LinecastError) {
      // A refused upload is not drained: the connection closes instead.
      if (!bodyRead && hasBody(req) && !res.headersSent) res.setHeader('connection', 'close');
      return send(res, { status: e.status, body: { error: { code: e.code, message: e.message } } });
    }
    if (e instanceof URIError) return sendError(res, 'LC_ERR_REQUEST_BAD_QUERY', 'bad escape');
    log.error({ err: e, url: redactUrl(req.url ?? '/') }, 'request failed');
    sendError(res, 'LC_ERR_SERVER_INTERNAL');
  }
}
