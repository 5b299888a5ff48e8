// TickOdds against the shared conformance suite. TickOdds filters by sport only and shows one
// book's prices on live events, so the adapter declares `filterBy: ['sports']`, the book as its
// scope and a live feed. The connect-time snapshot and the (flagged) subscribe acknowledgement
// are control frames; price updates are read back to canonical ids through the catalog.
import { CatalogIndex } from '../../catalog/index.js';
import { defaultCatalogDir, loadCatalog } from '../../catalog/load.js';
import type { ConformanceFilter, Seen } from '../../conformance/adapter.js';
import { runConformance } from '../../conformance/suite.js';
import { EVENTS } from '../../testing/feed.js';
import { fixtureIdOf, Vocab } from './vocab.js';

const BOOK = 'draftkings';
const catalog = new CatalogIndex(loadCatalog(defaultCatalogDir()));
const vocab = new Vocab(catalog);
const byFixture = new Map(EVENTS.map((e) => [fixtureIdOf(e.id), e]));

function sportsOf(f: ConformanceFilter): string[] {
  const sports = f.events
    ? f.events.flatMap((id) => EVENTS.find((e) => e.id === id)?.sport ?? [])
    : (f.sports ?? []);
  return [...new Set(sports)].flatMap((s) => vocab.sport(s)?.name ?? []);
}

runConformance({
  dialect: 'tickodds',
  config: { 'dialects.tickodds.book': BOOK, 'dialects.tickodds.ackSubscriptions': true },
  connect: (base, key) => ({
    url: `${base}/ws/live${key === null ? '' : `?apiKey=${encodeURIComponent(key)}`}`,
  }),
  subscribe: (f) => {
    const sports = sportsOf(f);
    return [JSON.stringify({ subscribe: sports.length > 0 ? sports : ['all'] })];
  },
  openingFrames: 1,
  read(text): Seen {
    const f = JSON.parse(text) as Record<string, unknown>;
    if (f['type'] === 'heartbeat') return { kind: 'heartbeat' };
    if (f['type'] !== 'update' || f['change'] !== 'odds') return { kind: 'control' };
    const event = byFixture.get(String(f['fixtureId']));
    const sel = f['selection'] as { id: string; odds: number };
    const key = sel.id.split(':')[1] ?? '';
    const market = catalog.fromDialectId('tickodds', 'market', key, event?.league)?.id ?? `?${key}`;
    return {
      kind: 'quotes',
      snapshot: false,
      quotes: [{ event: event?.id ?? '?', book: BOOK, market, decimal: sel.odds }],
    };
  },
  refusals: {
    missingKey: { status: 401 },
    unknownKey: { status: 401 },
    forbiddenPlan: { status: 403 },
    overConnectionCap: { status: 429 },
  },
  heartbeatMs: 15_000,
  snapshotFirst: false,
  pushEveryMs: 0,
  badFrames: [
    { name: 'not JSON', data: 'not json', expect: { ignored: true } },
    { name: 'empty object', data: '{}', expect: { ignored: true } },
    { name: 'binary', data: Buffer.from([1, 2, 3]), expect: { ignored: true } },
  ],
  filterBy: ['sports'],
  scope: { books: [BOOK] },
  eventStatus: 'live',
});
