// A small deterministic feed of ingest items across sports, books and markets, for tests.
import { Rng } from '../sources/simulator/prng.js';

export const EVENTS = [
  { id: 'nba-1', sport: 'basketball', league: 'nba', home: 'nba-bos', away: 'nba-lal' },
  { id: 'nba-2', sport: 'basketball', league: 'nba', home: 'nba-mia', away: 'nba-nyk' },
  { id: 'nfl-1', sport: 'football', league: 'nfl', home: 'nfl-kc', away: 'nfl-buf' },
  { id: 'nhl-1', sport: 'hockey', league: 'nhl', home: 'nhl-bos', away: 'nhl-tor' },
] as const;
export const BOOKS = ['draftkings', 'fanduel', 'pinnacle'] as const;
export const MARKETS = ['moneyline', 'spread', 'total'] as const;
export const SPORTS = ['basketball', 'football', 'hockey'] as const;

export function eventItems(startsAt = Date.UTC(2030, 0, 1), status = 'scheduled'): unknown[] {
  return EVENTS.map((e) => ({
    type: 'event',
    id: e.id,
    sport: e.sport,
    league: e.league,
    home: { id: e.home, name: e.home },
    away: { id: e.away, name: e.away },
    startsAt,
    status,
  }));
}

/** `n` quote updates; `keys` limits how many distinct quote keys they touch. */
export function quoteItems(n: number, seed = 1, keys = Infinity): unknown[] {
  const rng = new Rng(seed);
  const r = () => rng.next();
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const k = Number.isFinite(keys) ? i % keys : Math.floor(r() * 1e9);
    const e = EVENTS[k % EVENTS.length]!;
    const book = BOOKS[Math.floor(k / 4) % BOOKS.length]!;
    const market = MARKETS[Math.floor(k / 12) % MARKETS.length]!;
    const side = Math.floor(k / 36) % 2 === 0 ? 'home' : 'away';
    const selection = market === 'total' ? (side === 'home' ? 'over' : 'under') : side;
    const line = market === 'moneyline' ? null : market === 'spread' ? -3.5 : 220.5;
    const american = r() < 0.5 ? -(101 + Math.floor(r() * 200)) : 100 + Math.floor(r() * 200);
    out.push({ type: 'quote', event: e.id, market, book, selection, line, price: { american } });
  }
  return out;
}

/**
 * Two books whose moneyline prices cross on `event`: an arbitrage at +300 / +300 across books,
 * above any price quoteItems makes, so its legs are the best prices whatever came before.
 */
export function arbItems(event = 'nba-2'): unknown[] {
  const q = (book: string, selection: string, american: number) => ({
    type: 'quote',
    event,
    market: 'moneyline',
    book,
    selection,
    line: null,
    price: { american },
  });
  return [
    q('draftkings', 'home', 300),
    q('draftkings', 'away', -500),
    q('fanduel', 'home', -500),
    q('fanduel', 'away', 300),
  ];
}
