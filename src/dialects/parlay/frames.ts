// Parlay's server frames (spec §2.1), as JSON text. Pure: the caller passes the time.
// Timestamps are unix seconds except rows' `last_update` (ms), as the vendor documents.

export interface Filters {
  event_id: string | null;
  bookmakers: string[] | null;
  markets: string[] | null;
  kinds: string[] | null;
  since: number | null;
  sports?: string[];
}

export const seconds = (ms: number) => Math.floor(ms / 1000);

export function connectedFrame(f: {
  sportKey: string;
  tier: string;
  windowMs: number;
  diff: boolean;
  filters: Filters;
  now: number;
  note?: string;
}): string {
  return JSON.stringify({
    type: 'connected',
    sport_key: f.sportKey,
    tier: f.tier,
    push_mode: f.windowMs === 0 ? 'raw' : 'coalesced',
    min_push_interval_s: f.windowMs / 1000,
    diff_mode: f.diff,
    filters: f.filters,
    timestamp: seconds(f.now),
    ...(f.note === undefined ? {} : { note: f.note }),
  });
}

export function initialStateFrame(f: {
  sportKey: string;
  now: number;
  data: unknown[];
  since: number | null;
  truncated: boolean;
}): string {
  return JSON.stringify({
    type: 'initial_state',
    sport_key: f.sportKey,
    timestamp: seconds(f.now),
    count: f.data.length,
    data: f.data,
    ...(f.since === null ? {} : { since: f.since }),
    truncated: f.truncated,
    snapshot_complete: !f.truncated,
  });
}

/** Never called with no rows: an empty `odds_update` is never sent (spec §2.1.3). */
export function oddsUpdateFrame(
  sportKey: string,
  now: number,
  data: unknown[],
  coalesced: boolean,
) {
  return JSON.stringify({
    type: 'odds_update',
    sport_key: sportKey,
    timestamp: seconds(now),
    count: data.length,
    ...(coalesced ? { coalesced: true } : {}),
    data,
  });
}

export function heartbeatFrame(now: number, sportKey?: string): string {
  return JSON.stringify({
    type: 'heartbeat',
    ...(sportKey === undefined ? {} : { sport_key: sportKey }),
    timestamp: seconds(now),
  });
}

export function subscribedFrame(eventId: string, now: number): string {
  return JSON.stringify({ type: 'subscribed', event_id: eventId, timestamp: seconds(now) });
}

export function unsubscribedFrame(now: number): string {
  return JSON.stringify({ type: 'unsubscribed', timestamp: seconds(now) });
}

export type ErrorCode = 'invalid_json' | 'invalid_message' | 'unknown_type';

export function errorFrame(code: ErrorCode, message: string, now: number): string {
  return JSON.stringify({ type: 'error', error: code, message, timestamp: seconds(now) });
}
