// The stream URL's query (spec §1.1, §1.5), validated once at the handshake. A bad value is a
// `{param, msg}` the endpoint answers its own way (SSE: 422 in FastAPI's shape).
import type { ParlayConfig } from './config.js';

export interface StreamQuery {
  /** Sport keys a path sport of `upcoming` narrows to (odds-drop's `sports`; INFERRED here). */
  sports: string[] | null;
  eventId: string | null;
  /** Play-by-play: `match_id` (else `event_id`); `*` or absent is every live game. */
  matchId: string | null;
  bookmakers: string[] | null;
  markets: string[] | null;
  kinds: string[] | null;
  limit: number;
  /** Resume cursor, unix ms. */
  since: number | null;
  diff: boolean;
  maxAgeS: number;
  heartbeatS: number;
  /** Odds-drop: smallest move, in American-odds cents, that alerts. */
  threshold: number;
  direction: Direction;
}

export class BadQuery extends Error {
  constructor(
    readonly param: string,
    readonly msg: string,
  ) {
    super(`${param}: ${msg}`);
  }
}

export const KINDS = ['game', 'prop', 'live'];

/** Odds-drop `direction`: which way a move must go to alert. */
export type Direction = 'both' | 'toward_favorite' | 'toward_dog';
export const DIRECTIONS: readonly Direction[] = ['both', 'toward_favorite', 'toward_dog'];

/** Repeated parameters and comma lists both count (`?bookmakers=a&bookmakers=b` = `a,b`). */
function list(q: URLSearchParams, name: string): string[] | null {
  const values = q
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return values.length > 0 ? [...new Set(values)] : null;
}

function int(q: URLSearchParams, name: string, min: number, max: number): number | null {
  const raw = q.get(name);
  if (raw === null || raw === '') return null;
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || n < min || n > max) {
    throw new BadQuery(name, `ensure this value is an integer between ${min} and ${max}`);
  }
  return n;
}

function bool(q: URLSearchParams, name: string): boolean {
  const raw = q.get(name)?.toLowerCase();
  if (raw === undefined || raw === '') return false;
  if (['true', '1', 'yes', 'on'].includes(raw)) return true;
  if (['false', '0', 'no', 'off'].includes(raw)) return false;
  throw new BadQuery(name, 'value could not be parsed to a boolean');
}

function direction(q: URLSearchParams): Direction {
  const raw = q.get('direction') ?? 'both';
  const d = DIRECTIONS.find((x) => x === raw);
  if (d === undefined) throw new BadQuery('direction', `use ${DIRECTIONS.join(', ')}`);
  return d;
}

function matchOf(q: URLSearchParams): string | null {
  const raw = (q.get('match_id') ?? q.get('event_id'))?.trim();
  return raw && raw !== '*' ? raw : null;
}

/** Throws BadQuery. `lastEventId` (SSE) resumes like `since` when the URL has no cursor. */
export function parseQuery(
  q: URLSearchParams,
  config: ParlayConfig,
  lastEventId?: string,
): StreamQuery {
  const kinds = list(q, 'kinds');
  const bad = kinds?.find((k) => !KINDS.includes(k));
  if (bad !== undefined)
    throw new BadQuery('kinds', `unknown kind '${bad}'; use ${KINDS.join(', ')}`);
  const resume = lastEventId && /^\d{1,16}$/.test(lastEventId) ? Number(lastEventId) : null;
  return {
    sports: list(q, 'sports'),
    eventId: q.get('event_id')?.trim() || null,
    matchId: matchOf(q),
    bookmakers: list(q, 'bookmakers'),
    markets: list(q, 'markets'),
    kinds,
    limit: int(q, 'limit', 1, 1_000) ?? config.snapshotLimit,
    since: int(q, 'since', 0, Number.MAX_SAFE_INTEGER) ?? resume,
    diff: bool(q, 'diff'),
    maxAgeS: int(q, 'max_age_s', 1, 3_600) ?? config.maxAgeS,
    heartbeatS: int(q, 'heartbeat_s', 1, 30) ?? config.sseHeartbeatS,
    threshold: int(q, 'threshold', 1, 200) ?? config.dropThreshold,
    direction: direction(q),
  };
}
