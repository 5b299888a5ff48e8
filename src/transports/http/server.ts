// Serves Routes over node:http. Every failure becomes a coded JSON error; none reaches the process.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { redactUrl } from '../../auth/redact.js';
import { type ErrorCode, errorBody, LinecastError } from '../../errors/catalogue.js';
import {
  coreErrorShape,
  type ErrorShape,
  type HttpRequest,
  type HttpResponse,
} from '../../seam/http.js';
import type { StreamHandler } from '../sse/endpoint.js';
import { BodyBudget, readBody } from './body.js';
import type { PathTrie } from './paths.js';
import { RequestPolicy } from './policy.js';
import type { Router } from './router.js';

const DEFAULT_MAX_BODY = 64 * 1024;
const DEFAULT_BODIES_IN_FLIGHT = 64 * 1024 * 1024;

/** Whether a request still has body bytes on the wire that nobody will read. */
const hasBody = (req: IncomingMessage) =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

function send(
  res: ServerResponse,
  r: HttpResponse,
  req?: IncomingMessage,
  policy?: RequestPolicy,
): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { ...r.headers };
  let payload: string | Buffer | undefined;
  if (r.body === undefined) payload = undefined;
  else if (typeof r.body === 'string' || Buffer.isBuffer(r.body)) payload = r.body;
  else {
    payload = JSON.stringify(r.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  if (req && policy) policy.end(req, res, r.status, headers, payload);
  else {
    res.writeHead(r.status, headers);
    res.end(payload);
  }
}

export function sendError(
  res: ServerResponse,
  code: ErrorCode,
  detail?: string,
  shape: ErrorShape = coreErrorShape,
): void {
  const e = new LinecastError(code, detail);
  const body = errorBody(code, detail);
  send(res, { status: e.status, body: shape(e.status, body.code, body.message) });
}

/**
 * Attaches the router to a server; returns nothing because the server owns the lifecycle.
 * `streams` are long-lived GET responses (SSE) that bypass the request/response router.
 */
export function serveRoutes(
  server: Server,
  router: Router,
  log: Logger,
  streams: PathTrie<StreamHandler> | null = null,
  policy: RequestPolicy = RequestPolicy.open(),
  bodies = new BodyBudget(DEFAULT_BODIES_IN_FLIGHT),
  shape: ErrorShape = coreErrorShape,
): void {
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (policy.admit(req, res, shape)) return;
    const stream = req.method === 'GET' && streams ? streamOf(streams, req.url) : null;
    if (stream) stream.value(req, res, stream.url, stream.params);
    else void handle(req, res, router, log, policy, bodies, shape);
  });
}

function streamOf(streams: PathTrie<StreamHandler>, raw: string | undefined) {
  try {
    const url = new URL(raw ?? '/', 'http://localhost');
    const m = streams.match(url.pathname);
    return m ? { ...m, url } : null;
  } catch {
    // Not a stream the router can name; the REST handler answers it with a coded error.
    return null;
  }
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  router: Router,
  log: Logger,
  policy: RequestPolicy,
  bodies: BodyBudget,
  shape: ErrorShape,
) {
  let bodyRead = false;
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const m = router.match(method, url.pathname);
    if (m.kind === 'not_found') {
      return sendError(res, 'LC_ERR_REQUEST_NOT_FOUND', url.pathname, shape);
    }
    if (m.kind === 'method_not_allowed') {
      res.setHeader('allow', m.allowed.join(', '));
      return sendError(res, 'LC_ERR_REQUEST_METHOD', method, shape);
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
    send(res, await m.route.handler(request), req, policy);
  } catch (e) {
    if (e instanceof LinecastError) {
      // A refused upload is not drained: the connection closes instead.
      if (!bodyRead && hasBody(req) && !res.headersSent) res.setHeader('connection', 'close');
      if (e.retryAfterSeconds !== undefined) res.setHeader('retry-after', e.retryAfterSeconds);
      return send(res, { status: e.status, body: shape(e.status, e.code, e.message) });
    }
    if (e instanceof URIError) {
      return sendError(res, 'LC_ERR_REQUEST_BAD_QUERY', 'bad escape', shape);
    }
    log.error({ err: e, url: redactUrl(req.url ?? '/') }, 'request failed');
    sendError(res, 'LC_ERR_SERVER_INTERNAL', undefined, shape);
  }
}
