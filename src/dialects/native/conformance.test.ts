// linecast.v1 against the shared conformance suite.
import { runConformance } from '../../conformance/suite.js';

const HEARTBEAT_MS = 5_000;

runConformance({
  dialect: 'native',
  config: { 'stream.heartbeatMs': HEARTBEAT_MS },
  connect: (base, key) => ({ url: `${base}/v1/stream${key === null ? '' : `?key=${key}`}` }),
  subscribe: (filter) => [JSON.stringify({ type: 'subscribe', id: 'c', filter, snapshot: true })],
  openingFrames: 1,
  read(text) {
    const f = JSON.parse(text) as Record<string, unknown>;
    switch (f['type']) {
      case 'quote': {
        const key = f['key'] as { event: string; book: string; market: string };
        const value = f['value'] as { price: { decimal: number } | null };
        const quote = { event: key.event, book: key.book, market: key.market };
        return {
          kind: 'quotes',
          snapshot: false,
          quotes: [{ ...quote, decimal: value.price?.decimal ?? null, seq: f['seq'] as number }],
        };
      }
      case 'snapshot': {
        const quotes = f['quotes'] as {
          key: { event: string; book: string; market: string };
          value: { price: { decimal: number } | null };
        }[];
        return {
          kind: 'quotes',
          snapshot: true,
          quotes: quotes.map((q) => ({
            event: q.key.event,
            book: q.key.book,
            market: q.key.market,
            decimal: q.value.price?.decimal ?? null,
          })),
        };
      }
      case 'heartbeat':
        return { kind: 'heartbeat' };
      case 'error':
        return { kind: 'error', code: f['code'] as string };
      default:
        return { kind: 'control' };
    }
  },
  refusals: {
    missingKey: { status: 401 },
    unknownKey: { status: 401 },
    forbiddenPlan: { status: 403 },
    overConnectionCap: { status: 429 },
  },
  heartbeatMs: HEARTBEAT_MS,
  snapshotFirst: true,
  pushEveryMs: 0,
  badFrames: [
    { name: 'not JSON', data: 'garbage', expect: { error: true } },
    { name: 'binary', data: Buffer.from([1, 2, 3]), expect: { error: true } },
    { name: 'unknown command', data: '{"type":"teleport"}', expect: { error: true } },
    {
      name: 'bad filter',
      data: '{"type":"subscribe","id":"x","filter":{"sports":7}}',
      expect: { error: true },
    },
    {
      name: 'unknown subscription',
      data: '{"type":"unsubscribe","id":"nope"}',
      expect: { error: true },
    },
  ],
});
