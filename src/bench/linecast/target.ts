// Linecast as a bench target: native protocol `linecast.v1` on /v1/stream, WebSocket ingest.
// Another dialect (once Linecast serves one) is another entry here with its own ClientDialect:
// copy `linecast`, change `name`, `path` (and the key's query parameter if it differs),
// `onText` (its handshake and subscribe frames) and `timestampMarker`/`timestampScale`; the
// server, ingest and cleanup stay the same.
import type { ClientDialect, Target } from '../targets.js';
import { linecastIngest } from './feeder.js';
import { cleanupRun, demoKey, linecastServer } from './server.js';
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

export const linecastTargets: readonly Target[] = [
  {
    name: 'linecast',
    kind: 'linecast',
    description: 'Linecast, native protocol linecast.v1, WebSocket ingest (SQLite history)',
    server: linecastServer,
    client: nativeDialect,
    ingest: linecastIngest,
    cleanup: cleanupRun,
  },
];
