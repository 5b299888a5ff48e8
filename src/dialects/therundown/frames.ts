// Server frames of TheRundown's socket routes and the JSON bodies of its refusals. Pure.
import { marketPriceData, type PriceRow, rfc3339 } from './rows.js';

/** One price change (§2.1): flat `meta`/`data`, `meta.timestamp` in Unix seconds. */
export function marketPriceFrame(row: PriceRow, nowMs: number): string {
  return JSON.stringify({
    meta: { type: 'market_price', version: 'v2', timestamp: Math.floor(nowMs / 1000) },
    data: marketPriceData(row),
  });
}

/** §2.2: `meta` carries only `type`. */
export function heartbeatFrame(nowMs: number): string {
  return JSON.stringify({ meta: { type: 'heartbeat' }, data: { now: rfc3339(nowMs) } });
}

/** A V1 event update on `/api/v1/ws` (INFERRED envelope; the V1 object is in v1.ts). */
export function eventFrame(event: unknown, nowMs: number): string {
  return JSON.stringify({
    meta: { type: 'event', version: 'v1', timestamp: Math.floor(nowMs / 1000) },
    data: event,
  });
}

/** Every TheRundown error body: `{"error": "<message>"}`. */
export function errorBody(message: string): { error: string } {
  return { error: message };
}

/** The 429 at upgrade: documented fields `limit` and `peer_liveness_seconds`. */
export function connectionLimitBody(limit: number, peerLivenessSeconds: number) {
  return {
    error: 'websocket connection limit reached',
    limit,
    peer_liveness_seconds: peerLivenessSeconds,
  };
}

/** Error strings clients match literally. */
export const MESSAGES = {
  missingKey: 'API key is required: pass ?key= or the X-TheRundown-Key header',
  unknownKey: 'invalid API key',
  revokedKey: 'API key has been revoked',
  noWebSocket: 'WebSocket access requires Ultra plan or higher',
  noAccess: 'API key does not have access to this endpoint',
  tlsRequired: 'WebSocket connections require TLS (wss://)',
  tooManyIds: 'too many ids in filters',
  staleCursor: 'last_id is stale (>30 min), re-bootstrap from events endpoint',
  unknownCursor: 'last_id not found, re-bootstrap from events endpoint',
  eventNotFound: 'event not found',
} as const;
