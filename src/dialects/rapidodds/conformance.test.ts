// RapidOdds against the shared conformance suite. A canonical filter becomes one subscribe per
// RapidOdds sport (league) it touches, naming feeds and market keys; pushes are read back to
// canonical ids through the catalog. RapidOdds cannot filter by game, so an events filter
// subscribes the game's sport (the suite's feed has one game per sport where it matters).
import { CatalogIndex } from '../../catalog/index.js';
import { defaultCatalogDir, loadCatalog } from '../../catalog/load.js';
import type { ConformanceFilter, Seen, SeenQuote } from '../../conformance/adapter.js';
import { runConformance } from '../../conformance/suite.js';
import { EVENTS } from '../../testing/feed.js';
import { Vocab } from './vocab.js';

const REFRESH_MS = 1_000;
const catalog = new CatalogIndex(loadCatalog(defaultCatalogDir()));
const vocab = new Vocab(catalog);
const leagueOf = (sport: string) => vocab.sport(sport)?.league;
const feeds = catalog.catalog.books.flatMap((b) => vocab.feedOf(b.id) ?? []);

function sportsFor(f: ConformanceFilter): string[] {
  const leagues = f.events
    ? f.events.map((e) => EVENTS.find((x) => x.id === e)?.league ?? '')
    : catalog.catalog.leagues
        .filter((l) => !f.sports || f.sports.includes(l.sport))
        .map((l) => l.id);
  return [...new Set(leagues.flatMap((l) => vocab.sportOfLeague(l) ?? []))];
}

function subscribe(f: ConformanceFilter): string[] {
  const bookmakers = f.books ? f.books.flatMap((b) => vocab.feedOf(b) ?? []) : feeds;
  return sportsFor(f).flatMap((sport) => {
    const ref = vocab.sport(sport)!;
    const groups = vocab.marketGroups(ref);
    const keys = f.markets
      ? f.markets.flatMap((m) => vocab.marketKey(m, 'game', ref) ?? [])
      : [...groups.game, ...groups.team, ...groups.player_props];
    if (keys.length === 0) return [];
    const frame = { action: 'subscribe', sport, bookmakers, market_types: keys };
    return [JSON.stringify(frame)];
  });
}

interface Push {
  sport: string;
  data: {
    games: {
      game: { home_team: string; away_team: string };
      bookmakers: { name: string; markets: { key: string; outcomes: { price: number }[] }[] }[];
    }[];
  };
}

function quotesOf(push: Push): SeenQuote[] {
  const league = leagueOf(push.sport)?.id;
  const out: SeenQuote[] = [];
  for (const g of push.data.games) {
    const event = EVENTS.find((e) => e.home === g.game.home_team && e.away === g.game.away_team);
    for (const b of g.bookmakers) {
      const book = vocab.book(b.name) ?? `?${b.name}`;
      for (const m of b.markets) {
        const market =
          catalog.fromDialectId('rapidodds', 'market', m.key, league)?.id ?? `?${m.key}`;
        for (const o of m.outcomes) {
          out.push({ event: event?.id ?? '?', book, market, decimal: o.price });
        }
      }
    }
  }
  return out;
}

runConformance({
  dialect: 'rapidodds',
  config: { 'dialects.rapidodds.refreshMs': REFRESH_MS },
  connect: (base, key) => ({
    url: `${base}/ws${key === null ? '' : `?api_key=${encodeURIComponent(key)}`}`,
  }),
  subscribe,
  openingFrames: 1,
  read(text): Seen {
    const f = JSON.parse(text) as Record<string, unknown>;
    if (f['event'] === 'odds_update') {
      return { kind: 'quotes', snapshot: false, quotes: quotesOf(f as unknown as Push) };
    }
    if (f['event'] === 'error') return { kind: 'error', code: String(f['code']) };
    return { kind: 'control' };
  },
  refusals: {
    missingKey: { status: 403 },
    unknownKey: { status: 403 },
    forbiddenPlan: { status: 403 },
    overConnectionCap: { close: 4008 },
  },
  heartbeatMs: null,
  snapshotFirst: false,
  pushEveryMs: REFRESH_MS,
  badFrames: [
    { name: 'not JSON', data: 'garbage', expect: { error: true } },
    { name: 'binary', data: Buffer.from([1, 2, 3]), expect: { error: true } },
    { name: 'unknown action', data: '{"action":"teleport"}', expect: { error: true } },
    {
      name: 'unknown sport',
      data: '{"action":"subscribe","sport":"CURLING","bookmakers":["Pinnacle"],"market_types":["head_to_head"]}',
      expect: { error: true },
    },
    {
      name: 'empty lists',
      data: '{"action":"subscribe","sport":"NBA","bookmakers":[],"market_types":[]}',
      expect: { error: true },
    },
  ],
});
