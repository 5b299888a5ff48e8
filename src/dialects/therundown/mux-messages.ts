// Client messages of the multiplexed socket `/api/v2/ws` (§2.5) and the server's control frames.
// Params carry JSON arrays, not CSV. Error frames are INFERRED (the vendor names the type
// `error` and the code `forbidden`, nothing more). Pure.
import type { StreamQuery } from './filters.js';

export type Channel = 'markets' | 'scores' | 'plays' | 'live';

const CHANNELS: Record<string, Channel> = {
  markets: 'markets',
  scores: 'scores',
  plays: 'plays',
  live: 'live',
  live_game_state: 'live',
  game_state: 'live',
};

/** Channels the vendor's own client knows that Linecast does not serve. */
const NOT_SERVED = new Set(['stats', 'futures', 'hedge']);

const SUB_ID = /^[A-Za-z0-9_-]{1,32}$/;

export interface Subscribe {
  action: 'subscribe';
  id: string;
  channel: Channel;
  query: StreamQuery;
  snapshot: boolean;
}

export type ClientMessage =
  | Subscribe
  | { action: 'unsubscribe'; id: string }
  | { action: 'error'; id: string | null; code: string; message: string };

const fail = (id: string | null, code: string, message: string): ClientMessage => ({
  action: 'error',
  id,
  code,
  message,
});

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function intArray(v: unknown): number[] | null {
  if (!Array.isArray(v)) return null;
  const out = new Set<number>();
  for (const x of v) {
    if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0) return null;
    out.add(x);
  }
  return [...out];
}

function stringArray(v: unknown): string[] | null {
  if (!Array.isArray(v)) return null;
  const out = new Set<string>();
  for (const x of v) {
    if (typeof x !== 'string' || x === '' || x.length > 64) return null;
    out.add(x);
  }
  return [...out];
}

/** `params` of a subscribe: the filters of its channel; unknown params are ignored. */
function paramsOf(
  id: string,
  channel: Channel,
  raw: unknown,
  maxIds: number,
): { query: StreamQuery; snapshot: boolean } | ClientMessage {
  if (raw === undefined || raw === null) return { query: {}, snapshot: false };
  if (!isRecord(raw)) return fail(id, 'invalid_params', 'params must be an object');
  const query: StreamQuery = {};
  const ints = [
    ['sport_ids', 'sportIds'],
    ['market_ids', 'marketIds'],
    ['affiliate_ids', 'affiliateIds'],
  ] as const;
  for (const [name, field] of ints) {
    if (raw[name] === undefined || raw[name] === null) continue;
    if (name !== 'sport_ids' && channel !== 'markets')
      return fail(id, 'invalid_params', `${name} is only supported on the markets channel`);
    const list = intArray(raw[name]);
    if (list === null) return fail(id, 'invalid_params', `invalid ${name}`);
    if (list.length > 0) query[field] = list;
  }
  if (raw['event_ids'] !== undefined && raw['event_ids'] !== null) {
    const list = stringArray(raw['event_ids']);
    if (list === null) return fail(id, 'invalid_params', 'invalid event_ids');
    if (list.length > 0) query.eventIds = list;
  }
  const total =
    (query.sportIds?.length ?? 0) +
    (query.marketIds?.length ?? 0) +
    (query.affiliateIds?.length ?? 0) +
    (query.eventIds?.length ?? 0);
  if (total > maxIds) return fail(id, 'invalid_params', 'too many ids in filters');
  const snapshot = raw['snapshot'];
  if (snapshot !== undefined && typeof snapshot !== 'boolean')
    return fail(id, 'invalid_params', 'snapshot must be true or false');
  return { query, snapshot: snapshot === true };
}

/** Parses one client text frame; anything it cannot honour is an `error` to send back. */
export function parseClientMessage(text: string, maxIds: number): ClientMessage {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return fail(null, 'invalid_message', 'message is not JSON');
  }
  if (!isRecord(msg)) return fail(null, 'invalid_message', 'message must be a JSON object');
  const rawId = msg['id'];
  const id = typeof rawId === 'string' && SUB_ID.test(rawId) ? rawId : null;
  const action = msg['action'];
  if (action !== 'subscribe' && action !== 'unsubscribe')
    return fail(id, 'unsupported_action', `unsupported action: ${String(action).slice(0, 32)}`);
  if (id === null) return fail(null, 'invalid_id', 'id must match [A-Za-z0-9_-]{1,32}');
  if (action === 'unsubscribe') return { action, id };
  const name = msg['channel'];
  const channel = typeof name === 'string' ? CHANNELS[name] : undefined;
  if (channel === undefined) {
    const served = typeof name === 'string' && NOT_SERVED.has(name);
    return fail(
      id,
      'invalid_channel',
      served ? `channel ${name} is not available` : 'unknown channel',
    );
  }
  const p = paramsOf(id, channel, msg['params'], maxIds);
  if ('action' in p) return p;
  return { action, id, channel, ...p };
}

/** `{"type":"subscribed","id","sequence","message"}` (DOC). */
export function subscribedFrame(id: string, channel: Channel, sequence: number): string {
  return JSON.stringify({
    type: 'subscribed',
    id,
    sequence,
    message: `subscribed to ${channel}`,
  });
}

export function unsubscribedFrame(id: string): string {
  return JSON.stringify({ type: 'unsubscribed', id, message: `unsubscribed ${id}` });
}

export function errorFrame(id: string | null, code: string, message: string): string {
  return JSON.stringify({ type: 'error', id, code, message });
}

/** One item of a subscription's snapshot: the channel's usual envelope, not a delta. */
export function snapshotItem(id: string, sequence: number, inner: string): string {
  return `{"type":"snapshot","id":"${id}","sequence":${sequence},"data":${inner}}`;
}

export function snapshotCompleteFrame(id: string, sequence: number, count: number): string {
  return JSON.stringify({ type: 'snapshot_complete', id, sequence, count });
}

/**
 * A delta's per-subscription head, made as the frame is queued for that subscription: the
 * shared body (`deltaBody`) completes the object. `id` matched [A-Za-z0-9_-], so needs no escape.
 */
export function deltaHead(id: string, subSequence: number): string {
  return `{"type":"delta","id":"${id}","sub_sequence":${subSequence},`;
}

/** The part of a delta every subscriber shares: encoded once per Change and channel variant. */
export function deltaBody(sequence: number, inner: string): string {
  return `"sequence":${sequence},"delta_last_id":"${sequence}","data":${inner}}`;
}
