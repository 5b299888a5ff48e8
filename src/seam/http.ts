// Routes are plain data and functions of a small request type, so dialects declare REST
// endpoints without knowing the HTTP server.
import type { IncomingHttpHeaders } from 'node:http';

export interface HttpRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The body, read up to the route's limit (empty for GET). */
  body: Buffer;
  remoteAddress: string;
}

export interface HttpResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings and Buffers as they are. */
  body?: unknown;
}

export type Handler = (req: HttpRequest) => HttpResponse | Promise<HttpResponse>;

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `/api/v2/sports/:sportId/events/:date`; segments starting with `:` are parameters. */
  path: string;
  handler: Handler;
  /** Largest body accepted; larger ones get 413 before the handler runs. Default 64 KiB. */
  maxBodyBytes?: number;
  /** Runs before the body is read (its `body` is empty): throw a LinecastError to refuse. */
  authorize?: (req: HttpRequest) => void;
}

export function json(
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): HttpResponse {
  return headers ? { status, body, headers } : { status, body };
}

/**
 * The JSON body of an error the core answers (unknown path, wrong method, a refused body, a
 * client over its rate, an internal error) from its status, Linecast error code and message. A
 * dialect on its own listener may shape these as its vendor does (`Dialect.errorBody`).
 */
export type ErrorShape = (status: number, code: string, message: string) => unknown;

export const coreErrorShape: ErrorShape = (_status, code, message) => ({
  error: { code, message },
});
