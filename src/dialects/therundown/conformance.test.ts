// TheRundown against the shared conformance suite. Filters are query parameters of the upgrade
// (sport_ids, affiliate_ids, market_ids, event_ids), so nothing is sent after open; frames are
// read back to canonical ids through the catalog and the documented MD5 event ids.
import { createHash } from 'node:crypto';
import { CatalogIndex } from '../../catalog/index.js';
import { defaultCatalogDir, loadCatalog } from '../../catalog/load.js';
import type { ConformanceFilter, Seen } from '../../conformance/adapter.js';
import { runConformance } from '../../conformance/suite.js';
import { americanToDecimal } from '../../model/odds.js';
import { EVENTS } from '../../testing/feed.js';

const catalog = new CatalogIndex(loadCatalog(defaultCatalogDir()));
const hex = (id: string) => createHash('md5').update(id).digest('hex');
const eventOfHex = new Map<string, string>(EVENTS.map((e) => [hex(e.id), e.id]));
const num = (v: string | number | undefined) => (typeof v === 'number' ? [v] : []);

function query(f: ConformanceFilter): URLSearchParams {
  const q = new URLSearchParams();
  if (f.sports) {
    const leagues = catalog.catalog.leagues.filter((l) => f.sports?.includes(l.sport));
    q.set(
      'sport_ids',
      leagues.flatMap((l) => num(catalog.dialectId('therundown', 'league', l.id))).join(','),
    );
  }
  if (f.books)
    q.set(
      'affiliate_ids',
      f.books.flatMap((b) => num(catalog.dialectId('therundown', 'book', b))).join(','),
    );
  if (f.markets)
    q.set(
      'market_ids',
      f.markets.flatMap((m) => num(catalog.dialectId('therundown', 'market', m))).join(','),
    );
  if (f.events) q.set('event_ids', f.events.map(hex).join(','));
  return q;
}

interface Frame {
  meta: { type: string };
  data: {
    id: number;
    event_id: string;
    affiliate_id: number;
    market_id: number;
    sport_id: number;
    price: string;
  };
}

function read(text: string): Seen {
  const f = JSON.parse(text) as Frame;
  if (f.meta.type === 'heartbeat') return { kind: 'heartbeat' };
  if (f.meta.type !== 'market_price') return { kind: 'control' };
  const d = f.data;
  const league = catalog.catalog.leagues.find(
    (l) => catalog.dialectId('therundown', 'league', l.id) === d.sport_id,
  );
  const quote = {
    event: eventOfHex.get(d.event_id) ?? `?${d.event_id}`,
    book: catalog.fromDialectId('therundown', 'book', d.affiliate_id)?.id ?? `?${d.affiliate_id}`,
    market:
      catalog.fromDialectId('therundown', 'market', d.market_id, league?.id)?.id ??
      `?${d.market_id}`,
    decimal: d.price === '0.0001' ? null : americanToDecimal(Number(d.price)),
    seq: d.id,
  };
  return { kind: 'quotes', quotes: [quote], snapshot: false };
}

runConformance({
  dialect: 'therundown',
  connect(base, key, filter) {
    const q = query(filter);
    if (key !== null) q.set('key', key);
    return { url: `${base}/api/v2/ws/markets?${q}` };
  },
  subscribe: () => [],
  openingFrames: 0,
  read,
  refusals: {
    missingKey: { status: 401 },
    unknownKey: { status: 401 },
    forbiddenPlan: { status: 403 },
    overConnectionCap: { status: 429 },
  },
  heartbeatMs: 15_000,
  snapshotFirst: false,
  pushEveryMs: 0,
  // The route takes no client messages and ignores whatever arrives (§2.4): no frame gets an
  // error or a close, so there is nothing to list here (stream.test.ts checks the silence).
  badFrames: [],
});
