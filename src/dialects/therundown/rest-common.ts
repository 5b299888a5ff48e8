// What every TheRundown REST handler shares: the key check, usage headers, `{"error": …}` bodies,
// and query parsing with the vendor's rules (CSV lists, 12 market ids at most, `offset` days).

import type { EventStatus, Position, Quote, SportEvent } from '../../model/types.js';
import type { CoreReader } from '../../seam/core.js';
import type { HttpRequest, HttpResponse, Route } from '../../seam/http.js';
import { json } from '../../seam/http.js';
import { type Access, keyOf } from './access.js';
import { type DataPoints, type Meter, rowsOf } from './datapoints.js';
import { csvTokens, intList } from './filters.js';
import { MESSAGES } from './frames.js';
import { PARTICIPANT_TYPES, type ParticipantType, type TrIds } from './ids.js';
import type { RowContext } from './rows.js';
import { type QuoteSelection, statusName } from './shapes.js';

export interface RestDeps {
  access: Access;
  reader: CoreReader;
  rows: RowContext;
  ids: TrIds;
  clock: () => number;
  deltaWindowMs: number;
  points: DataPoints;
  /** Events state has let go of, read from history (see config historyLookbackMs). */
  history: { lookbackMs: number; maxEvents: number };
}

/** A refusal a handler throws; the wrapper answers it as `{"error": message}`. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const bad = (message: string) => new RestError(400, message);

type Handler = (req: HttpRequest) => Promise<unknown> | unknown;

/**
 * A route under `/api/v2` (and the older `/v2` style, §1.1). `open` routes need no key; the
 * others answer 401/403 before the handler runs.
 */
export function routes(
  deps: RestDeps,
  path: string,
  handler: Handler,
  opts: { open?: boolean; prefixes?: string[] } = {},
): Route[] {
  const wrapped = async (req: HttpRequest): Promise<HttpResponse> => {
    const key = keyOf(req.query, req.headers);
    const headers: Record<string, string> = {
      'X-Websocket-Access': String(deps.access.websocket(key)),
      'X-Data-Delay-Seconds': '0',
    };
    let meter: Meter | null = null;
    if (!opts.open) {
      const a = deps.access.rest(key);
      if (!a.ok) return json(a.status, { error: a.message }, headers);
      headers['X-Tier'] = deps.access.tier(a.plan);
      meter = deps.points.meter(a.principal, a.plan);
      if (meter?.exhausted()) {
        Object.assign(headers, meter.headers(0), { 'Retry-After': String(meter.secondsToReset()) });
        return json(429, { error: meter.message() }, headers);
      }
    }
    try {
      const body = await handler(req);
      if (meter) {
        const cost = rowsOf(body);
        meter.charge(cost);
        Object.assign(headers, meter.headers(cost));
      }
      return json(200, body, headers);
    } catch (e) {
      if (e instanceof RestError) return json(e.status, { error: e.message }, headers);
      throw e;
    }
  };
  return (opts.prefixes ?? ['/api/v2', '/v2']).map((prefix) => ({
    method: 'GET' as const,
    path: `${prefix}${path}`,
    handler: wrapped,
  }));
}

export function ints(q: URLSearchParams, name: string): number[] | undefined {
  const r = intList(q, name);
  if (!r.ok) throw bad(r.error);
  return r.value;
}

export function intParam(
  q: URLSearchParams,
  name: string,
  dflt: number,
  min: number,
  max: number,
): number {
  const raw = q.get(name);
  if (raw === null || raw.trim() === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw bad(`invalid ${name}`);
  return Math.min(max, Math.max(min, n));
}

export function boolParam(q: URLSearchParams, name: string): boolean {
  const raw = q.get(name);
  if (raw === null || raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw bad(`invalid ${name}`);
}

/** `from` / `to`: RFC 3339; epoch ms or undefined. */
export function timeParam(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Date.parse(raw);
  if (!Number.isFinite(n)) throw bad(`invalid ${name}`);
  return n;
}

/** The filters event responses share (§5.1): market ids default `1,2,3`, at most 12 honoured. */
export function quoteSelection(q: URLSearchParams): QuoteSelection {
  const markets = ints(q, 'market_ids') ?? [1, 2, 3];
  const sel: QuoteSelection = {
    marketIds: new Set(markets.slice(0, 12)),
    mainLine: boolParam(q, 'main_line'),
  };
  const affiliates = ints(q, 'affiliate_ids');
  if (affiliates) sel.affiliateIds = new Set(affiliates);
  const participants = ints(q, 'participant_ids');
  if (participants) sel.participantIds = new Set(participants.slice(0, 99));
  const type = q.get('participant_type');
  if (type) {
    if (!(type in PARTICIPANT_TYPES)) throw bad('invalid participant_type');
    sel.participantType = type as ParticipantType;
  }
  return sel;
}

export function affiliateSet(q: URLSearchParams): Set<number> | undefined {
  const list = ints(q, 'affiliate_ids');
  return list ? new Set(list) : undefined;
}

export function marketSet(q: URLSearchParams): Set<number> | undefined {
  const list = ints(q, 'market_ids');
  return list ? new Set(list) : undefined;
}

/** The league a `sportID` path parameter names; null for an id TheRundown does not use here. */
export function leagueOf(deps: RestDeps, raw: string | undefined): string | null {
  if (!raw || !/^\d{1,9}$/.test(raw)) throw bad('invalid sport_id');
  return deps.ids.leagueOfSport(Number(raw))?.id ?? null;
}

/** `{date}` + `offset` (minutes west of UTC) as a [start, end) window in epoch ms. */
export function dayWindow(date: string | undefined, q: URLSearchParams): [number, number] {
  if (!date || !/^\d{4}-\d\d-\d\d$/.test(date)) throw bad('invalid date, use YYYY-MM-DD');
  const midnight = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(midnight)) throw bad('invalid date, use YYYY-MM-DD');
  const offset = intParam(q, 'offset', 0, -1_440, 1_440);
  const start = midnight + offset * 60_000;
  return [start, start + 86_400_000];
}

/** The statuses of the events state lets go of (`state.evictAfterMs` after their start). */
const FINISHED: EventStatus[] = ['ended', 'cancelled'];

/**
 * Events of a league starting in a window, minus `exclude_status`, by start time: those state
 * holds, then those only history still holds (yesterday's games, after state let them go).
 */
export async function eventsOn(
  deps: RestDeps,
  league: string,
  window: [number, number],
  q: URLSearchParams,
): Promise<SportEvent[]> {
  const exclude = new Set(csvTokens(q, 'exclude_status') ?? []);
  const held = deps.reader.events({ leagues: [league] });
  const ids = new Set(held.map((e) => e.id));
  // State lets go of finished events only, and one that started in the window last changed at
  // or after the window's start.
  const stored = await deps.reader.storedEvents({
    league,
    statuses: FINISHED,
    changedSince: window[0],
    limit: deps.history.maxEvents,
  });
  return [...held, ...stored.filter((e) => !ids.has(e.id))]
    .filter((e) => e.startsAt >= window[0] && e.startsAt < window[1])
    .filter((e) => !exclude.has(statusName(e)))
    .sort((a, b) => a.startsAt - b.startsAt || a.id.localeCompare(b.id));
}

/** The event behind a 32-hex id, from state or else from history, or a 404. */
export async function eventOf(deps: RestDeps, hex: string | undefined): Promise<SportEvent> {
  const raw = hex ?? '';
  const id = resolveEvent(deps, raw);
  const e =
    (id === undefined ? undefined : deps.rows.event(id)) ?? (await storedEventOf(deps, raw, id));
  if (!e) throw new RestError(404, MESSAGES.eventNotFound);
  return e;
}

/**
 * An event only history holds. The 32-hex id is a hash, so an id not seen since start is looked
 * for among the events that changed within `history.lookbackMs` (at most `history.maxEvents`).
 */
async function storedEventOf(
  deps: RestDeps,
  hex: string,
  id: string | undefined,
): Promise<SportEvent | undefined> {
  if (id !== undefined) return (await deps.reader.storedEvents({ ids: [id], limit: 1 }))[0];
  if (!/^[0-9a-f]{32}$/.test(hex)) return undefined;
  const recent = await deps.reader.storedEvents({
    statuses: FINISHED,
    changedSince: deps.clock() - deps.history.lookbackMs,
    limit: deps.history.maxEvents,
  });
  return recent.find((e) => deps.ids.eventId(e.id) === hex);
}

/** Quotes of some events: state's current ones in one snapshot, history's last for the others. */
export async function quotesOfEvents(
  deps: RestDeps,
  events: readonly SportEvent[],
): Promise<{ position: Position; quotesOf: (e: SportEvent) => readonly Quote[] }> {
  const snap = deps.reader.snapshot({ events: events.map((e) => e.id) });
  const byEvent = new Map<string, Quote[]>();
  for (const quote of snap.quotes) {
    const list = byEvent.get(quote.key.event) ?? [];
    list.push(quote);
    byEvent.set(quote.key.event, list);
  }
  const held = new Set(snap.events.map((e) => e.id));
  const gone = events.filter((e) => !held.has(e.id));
  const last = await Promise.all(gone.map((e) => deps.reader.lastQuotes({ event: e.id })));
  gone.forEach((e, i) => {
    byEvent.set(e.id, last[i] ?? []);
  });
  return { position: snap.position, quotesOf: (e) => byEvent.get(e.id) ?? [] };
}

/** Canonical id of a 32-hex event id among the events the server holds. */
export function resolveEvent(deps: RestDeps, hex: string): string | undefined {
  const known = deps.ids.knownEvent(hex);
  if (known !== undefined) return known;
  for (const e of deps.reader.events({})) if (deps.ids.eventId(e.id) === hex) return e.id;
  return undefined;
}

/** The entry under `key`, created by `make` when absent. */
export function entry<T>(obj: Record<string, T>, key: string, make: () => T): T {
  const have = obj[key];
  if (have !== undefined) return have;
  const made = make();
  obj[key] = made;
  return made;
}
