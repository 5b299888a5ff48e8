// Load clients in TheRundown's dialect: `GET /api/v2/ws/markets?key=<key>[&sport_ids=<id>]`,
// filters fixed at the upgrade (no client messages), one `market_price` frame per quote Change.
// Its times (`meta.timestamp`, `updated_at`) have second precision, so latency comes from
// `data.id`, the Change's seq, through the step clock the harness announces (see seq-clock.ts).
import type { ClientDialect, Ports } from '../targets.js';
import type { Filter } from '../workload.js';
import { demoKey } from './server.js';
import { leagueOf } from './wire.js';

export const THERUNDOWN_PATH = '/api/v2/ws/markets';

/** Everything, or the bench sport's league by its TheRundown `sport_id`. */
export function therundownPath(filter: Filter, key: string): string {
  const q = `?key=${encodeURIComponent(key)}`;
  return filter.sport === null
    ? `${THERUNDOWN_PATH}${q}`
    : `${THERUNDOWN_PATH}${q}&sport_ids=${leagueOf(filter.sport).therundown}`;
}

const ID = Buffer.from('"id":');
/** `{"meta":{"type":"` is 17 bytes; only `market_price` starts with `m` (else heartbeat, event). */
const TYPE_AT = 17;
const M = 'm'.charCodeAt(0);

/**
 * `data.id` (the Change seq) of a `market_price` frame in `data[start..end)`, or -1 for any
 * other frame (heartbeat). The frame is `{"meta":{"type":"market_price",...},"data":{"id":N,...`
 * and `meta` has no `id`, so the first `"id":` is `data.id` (`event_id` and the like end in
 * `_id":`, not `"id":`). One byte test and one indexOf; never builds a string.
 */
export function marketPriceSeq(data: Buffer, start: number, end: number): number {
  if (end - start < 40 || data[start + TYPE_AT] !== M) return -1;
  const at = data.indexOf(ID, start);
  if (at < 0 || at >= end) return -1;
  let v = 0;
  let digits = 0;
  for (let i = at + ID.length; i < end; i++) {
    const d = data[i]!;
    if (d < 48 || d > 57) break;
    v = v * 10 + (d - 48);
    digits++;
  }
  return digits === 0 ? -1 : v;
}

/**
 * TheRundown's markets socket. Subscribed at the upgrade (ready on open; no snapshot, no
 * handshake frames). Update frames are `market_price`; heartbeats are not counted.
 */
export const therundownDialect: ClientDialect = {
  path: (filter: Filter, ports: Ports) => therundownPath(filter, demoKey(ports)),
  onOpen: () => [],
  readyOnOpen: true,
  timestampOf(data, start, end, clock) {
    const seq = marketPriceSeq(data, start, end);
    return seq < 0 ? -1 : clock.scheduledAt(seq);
  },
};

export const THERUNDOWN_MUX_PATH = '/api/v2/ws';

const DELTA = Buffer.from('{"type":"delta"');
const SEQUENCE = Buffer.from('"sequence":');

/**
 * `sequence` (the Change seq) of a multiplexed `delta` frame in `data[start..end)`, or -1 for
 * any other frame (ack, heartbeat). A delta is `{"type":"delta","id":…,"sub_sequence":N,
 * "sequence":SEQ,…`: the first `"sequence":` after `sub_sequence` is the Change's.
 */
export function deltaSeq(data: Buffer, start: number, end: number): number {
  if (end - start < 40 || data.compare(DELTA, 0, DELTA.length, start, start + DELTA.length) !== 0)
    return -1;
  const at = data.indexOf(SEQUENCE, start + DELTA.length);
  if (at < 0 || at >= end) return -1;
  let v = 0;
  let digits = 0;
  for (let i = at + SEQUENCE.length; i < end; i++) {
    const d = data[i]!;
    if (d < 48 || d > 57) break;
    v = v * 10 + (d - 48);
    digits++;
  }
  return digits === 0 ? -1 : v;
}

/**
 * TheRundown's multiplexed socket: one `markets` subscription sent on open (the bench sport's
 * `sport_ids`, or none), ready on its `subscribed` ack. Each delta carries the subscription's own
 * head (`id`, `sub_sequence`) before the shared body.
 */
export const therundownMuxDialect: ClientDialect = {
  path: (_filter: Filter, ports: Ports) =>
    `${THERUNDOWN_MUX_PATH}?key=${encodeURIComponent(demoKey(ports))}`,
  onOpen: (filter: Filter) => [
    JSON.stringify({
      action: 'subscribe',
      id: 'bench',
      channel: 'markets',
      ...(filter.sport === null
        ? {}
        : { params: { sport_ids: [leagueOf(filter.sport).therundown] } }),
    }),
  ],
  readyOnOpen: false,
  onText: (text) => (text.startsWith('{"type":"subscribed"') ? { ready: true } : {}),
  timestampOf(data, start, end, clock) {
    const seq = deltaSeq(data, start, end);
    return seq < 0 ? -1 : clock.scheduledAt(seq);
  },
};
