// The three baselines as targets. Each server is a script beside this file, run by Node.
import { fileURLToPath } from 'node:url';
import { tcpLinesIngest, wsIngest } from '../ingest.js';
import type { ClientDialect, Ports, ServerSpec, Target } from '../targets.js';
import type { Filter } from '../workload.js';
import { READY_LINE } from './common.js';

function nodeScript(file: string) {
  return (ports: Ports): ServerSpec => ({
    command: process.execPath,
    args: [fileURLToPath(new URL(file, import.meta.url))],
    env: { BENCH_PORT: String(ports.port), BENCH_INGEST_PORT: String(ports.ingestPort) },
    readyLine: READY_LINE,
  });
}

const sportParam = (f: Filter): string => f.sport ?? '*';

/** Plain WebSocket, filter in the query string. */
const queryDialect: ClientDialect = {
  path: (f) => `/stream?sport=${sportParam(f)}`,
  onOpen: () => [],
  readyOnOpen: true,
};

/** Plain WebSocket, filter in a subscribe frame. */
const subscribeDialect: ClientDialect = {
  path: () => '/stream',
  onOpen: (f) => [JSON.stringify({ op: 'sub', sport: sportParam(f) })],
  readyOnOpen: true,
};

/**
 * Engine.IO v4 / Socket.IO v5 over the WebSocket transport, just enough of it: answer the open
 * packet `0{...}` with a namespace connect `40`, the server's `40{...}` means joined, and
 * pings `2` get pongs `3`. Events arrive as `42["u",{...}]`.
 */
const socketIoDialect: ClientDialect = {
  path: (f) => `/socket.io/?EIO=4&transport=websocket&sport=${sportParam(f)}`,
  onOpen: () => [],
  readyOnOpen: false,
  onText(text) {
    if (text === '2') return { reply: ['3'] };
    if (text.startsWith('0{')) return { reply: ['40'] };
    if (text.startsWith('40')) return { ready: true };
    return {};
  },
};

export const baselineTargets: readonly Target[] = [
  {
    name: 'net-reference',
    kind: 'baseline',
    description: 'raw node:net, frame once, one write per socket per event-loop turn',
    server: nodeScript('./net-reference.js'),
    client: queryDialect,
    ingest: (ports) => tcpLinesIngest(ports),
  },
  {
    name: 'naive-ws',
    kind: 'baseline',
    description: '`ws` package, one ws.send per message per socket',
    server: nodeScript('./naive-ws.js'),
    client: subscribeDialect,
    ingest: (ports) => wsIngest(ports, '/ingest'),
  },
  {
    name: 'socketio',
    kind: 'baseline',
    description: 'Socket.IO 4, WebSocket transport, one emit per update to rooms',
    server: nodeScript('./socketio.js'),
    client: socketIoDialect,
    ingest: (ports) => tcpLinesIngest(ports),
  },
];
