// Who is connecting and what they asked for, as every dialect sees it.
import type { IncomingHttpHeaders } from 'node:http';

/** A connection attempt, the same for a WebSocket upgrade and an SSE GET. */
export interface HandshakeRequest {
  path: string;
  /** Values of the `:name` segments of the endpoint's path pattern. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  secure: boolean;
  remoteAddress: string;
}

/** Who is connecting, as the auth layer resolved it. */
export interface Principal {
  keyId: string;
  account: string;
  plan: string;
  /** The plan's client message rate; the hub's default applies when absent. */
  clientMessagesPerSecond?: number;
}
