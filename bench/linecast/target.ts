// Linecast as a bench target: native protocol `linecast.v1` on /v1/stream, and TheRundown's
// dialect on /api/v2/ws/markets, both fed through the same WebSocket ingest. Another dialect is
// another entry here with its own ClientDialect: copy `linecast`, change `name`, `path` (and
// the key's query parameter if it differs), `onText` (its handshake and subscribe frames) and
// `timestampMarker`/`timestampScale`, or `timestampOf` when its frames carry no precise time
// (as TheRundown's); the server, ingest, cleanup and headSeq stay the same.
import type { ClientDialect, Ports, Target } from '../targets.js';
import { type FeedWorkload, linecastIngest } from './feeder.js';
import { parlayDialect } from './parlay.js';
import { cleanupRun, demoKey, headPosition, linecastServer, METERED_DIALECTS } from './server.js';
import { therundownDialect, therundownMuxDialect } from './therundown.js';
import { liveEventItems, liveQuoteItem, tickoddsDialect } from './tickodds.js';
import { subscribeFrame } from './wire.js';

/**
 * linecast.v1: wait for `welcome`, subscribe (no snapshot), ready on `subscribed`. Quote
 * frames carry the publisher's time as `"sourceAt":<ms>`; heartbeats, welcome, subscribed and
 * event frames have no `sourceAt` and are not counted.
 */
export const nativeDialect: ClientDialect = {
  path: (_f, ports) => `/v1/stream?key=${encodeURIComponent(demoKey(ports))}`,
  onOpen: () => [],
  readyOnOpen: false,
  onText(text, filter) {
    if (text.startsWith('{"type":"welcome"')) return { reply: [subscribeFrame(filter)] };
    if (text.startsWith('{"type":"subscribed"')) return { ready: true };
    return {};
  },
  timestampMarker: '"sourceAt":',
  timestampScale: 1000,
};

/** In-play: live events, quotes of TickOdds' one book with the time marker in the price. */
const LIVE: FeedWorkload = { events: liveEventItems, quote: liveQuoteItem };

const headSeq = async (ports: Ports): Promise<number> => (await headPosition(ports)).seq;

export const linecastTargets: readonly Target[] = [
  {
    name: 'linecast',
    kind: 'linecast',
    description: 'Linecast, native protocol linecast.v1, WebSocket ingest (SQLite history)',
    server: (ports) => linecastServer(ports),
    client: nativeDialect,
    ingest: linecastIngest,
    cleanup: cleanupRun,
    headSeq,
  },
  {
    name: 'linecast-workers',
    kind: 'linecast',
    description:
      'Linecast, native protocol linecast.v1 with fanout.workers: 1 (the connections on a worker process), WebSocket ingest (SQLite history)',
    server: (ports) => linecastServer(ports, {}, 1),
    client: nativeDialect,
    ingest: linecastIngest,
    cleanup: cleanupRun,
    headSeq,
  },
  {
    name: 'linecast-therundown',
    kind: 'linecast',
    description:
      "Linecast, TheRundown's dialect (/api/v2/ws/markets, market_price frames), WebSocket ingest (SQLite history)",
    server: (ports) => linecastServer(ports),
    client: therundownDialect,
    ingest: linecastIngest,
    cleanup: cleanupRun,
    headSeq,
  },
  {
    name: 'linecast-therundown-mux',
    kind: 'linecast',
    description:
      "Linecast, TheRundown's multiplexed socket (/api/v2/ws, one markets subscription, delta frames with a per-subscription head), WebSocket ingest (SQLite history)",
    server: (ports) => linecastServer(ports),
    client: therundownMuxDialect,
    ingest: linecastIngest,
    cleanup: cleanupRun,
    headSeq,
  },
  {
    name: 'linecast-therundown-metered',
    kind: 'linecast',
    description:
      "Linecast, TheRundown's /api/v2/ws/markets with data-point metering on (one point per delivered market_price), WebSocket ingest (SQLite history)",
    server: (ports) => linecastServer(ports, METERED_DIALECTS),
    client: therundownDialect,
    ingest: linecastIngest,
    cleanup: cleanupRun,
    headSeq,
  },
  {
    name: 'linecast-parlay',
    kind: 'linecast',
    description:
      "Linecast, Parlay's dialect in raw mode (/v1/ws/odds, odds_update frames), WebSocket ingest (SQLite history)",
    server: (ports) => linecastServer(ports),
    client: parlayDialect,
    ingest: linecastIngest,
    cleanup: cleanupRun,
    headSeq,
  },
  {
    name: 'linecast-tickodds',
    kind: 'linecast',
    description:
      "Linecast, TickOdds' dialect (/ws/live, a whole in-play event per update frame), live workload, WebSocket ingest (SQLite history)",
    server: (ports) => linecastServer(ports),
    client: tickoddsDialect,
    ingest: (ports) => linecastIngest(ports, LIVE),
    cleanup: cleanupRun,
    headSeq,
  },
];

/**
 * Scenarios of Linecast itself rather than of one of its dialects (resume storm: native resume
 * frames; ingest: no clients): they run for the native target only.
 */
export function isNativeLinecast(t: Target): boolean {
  // Not linecast-workers: its connections differ, its ingest, analytics and exchange do not.
  return t.kind === 'linecast' && t.client === nativeDialect && t.name !== 'linecast-workers';
}
