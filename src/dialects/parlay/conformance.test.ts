// Parlay against the shared conformance suite, on Scale keys (raw mode: each Change is its own
// frame). Filters are fixed at the handshake: one sport key per sport, `upcoming` with
// `sports=` for several, `event_id`, `bookmakers` and `markets` in the URL.
import { CatalogIndex } from '../../catalog/index.js';
import { defaultCatalogDir, loadCatalog } from '../../catalog/load.js';
import type { ConformanceFilter, Seen } from '../../conformance/adapter.js';
import { runConformance } from '../../conformance/suite.js';
import { EVENTS } from '../../testing/feed.js';

const catalog = new CatalogIndex(loadCatalog(defaultCatalogDir()));
const parlay = (kind: 'league' | 'book', id: string) =>
  String(catalog.dialectId('parlay', kind, id));
const leagueOfSport = (sport: string) => EVENTS.find((e) => e.sport === sport)?.league ?? '';
const idOf = (e: (typeof EVENTS)[number]) => `2030-01-01_${e.away}_${e.home}`;

const plan = (dialects: string[], maxConnections: number) => ({
  dialects,
  maxConnections,
  clientMessagesPerSecond: 20,
  tiers: { parlay: 'scale' },
});

function url(base: string, f: ConformanceFilter): string {
  const q = new URLSearchParams();
  const event = f.events?.length === 1 ? EVENTS.find((e) => e.id === f.events?.[0]) : undefined;
  let sport = 'upcoming';
  if (event) sport = parlay('league', event.league);
  else if (f.sports?.length === 1) sport = parlay('league', leagueOfSport(f.sports[0]!));
  else if (f.sports)
    q.set('sports', f.sports.map((s) => parlay('league', leagueOfSport(s))).join(','));
  if (event) q.set('event_id', idOf(event));
  if (f.books) q.set('bookmakers', f.books.map((b) => parlay('book', b)).join(','));
  if (f.markets) {
    const keys = f.markets.map((m) => String(catalog.dialectId('parlay', 'market', m)));
    q.set('markets', keys.join(','));
  }
  return `${base}/v1/ws/odds/${sport}?${q.toString()}`;
}

interface WireRow {
  event_id: string;
  bookmaker: string;
  market_key: string;
  price_decimal: number;
  sport_key: string;
}

function read(text: string): Seen {
  const f = JSON.parse(text) as { type: string; data?: WireRow[]; error?: string };
  if (f.type === 'heartbeat') return { kind: 'heartbeat' };
  if (f.type === 'error') return { kind: 'error', code: String(f.error) };
  if (f.type !== 'initial_state' && f.type !== 'odds_update') return { kind: 'control' };
  const quotes = (f.data ?? []).map((r) => {
    const league = catalog.fromDialectId('parlay', 'league', r.sport_key)?.id;
    return {
      event: EVENTS.find((e) => idOf(e) === r.event_id)?.id ?? `?${r.event_id}`,
      book: catalog.fromDialectId('parlay', 'book', r.bookmaker)?.id ?? `?${r.bookmaker}`,
      market:
        catalog.fromDialectId('parlay', 'market', r.market_key, league)?.id ?? `?${r.market_key}`,
      decimal: r.price_decimal,
    };
  });
  return { kind: 'quotes', snapshot: f.type === 'initial_state', quotes };
}

runConformance({
  dialect: 'parlay',
  config: {
    'auth.plans': {
      pro: plan(['*'], 50),
      capped: plan(['*'], 2),
      elsewhere: plan(['none'], 5),
    },
    'dialects.parlay.maxAgeS': 3_600,
  },
  connect: (base, key, filter) => ({
    url: url(base, filter),
    ...(key === null ? {} : { headers: { 'X-API-Key': key } }),
  }),
  subscribe: () => [],
  openingFrames: 1,
  read,
  refusals: {
    missingKey: { close: 4003 },
    unknownKey: { close: 1008 },
    forbiddenPlan: { close: 4001 },
    overConnectionCap: { close: 4002 },
  },
  heartbeatMs: 30_000,
  snapshotFirst: true,
  pushEveryMs: 0,
  badFrames: [
    { name: 'not JSON', data: 'garbage', expect: { error: true } },
    { name: 'binary', data: Buffer.from([1, 2, 3]), expect: { error: true } },
    { name: 'unknown type', data: '{"type":"teleport"}', expect: { error: true } },
    { name: 'subscribe without event', data: '{"type":"subscribe"}', expect: { error: true } },
  ],
});
