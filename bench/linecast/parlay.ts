// Load clients in Parlay's dialect on a Scale key (raw mode: one `odds_update` per quote
// Change, the same bytes for every connection): `/v1/ws/odds/<sport_key>?apiKey=<key>`, or
// `upcoming` for every sport. `since` far ahead makes `initial_state` empty, so the only frames
// carrying `"last_update":` are updates; it is the source time in ms (the publisher's clock).
// The bench's tennis leagues (ATP, WTA) have no Parlay sport key in the catalog (Parlay keys tennis by
// tournament), so tennis is not delivered here: `receives` says so, and the expected deliveries
// stay exact. Every bench book has a Parlay key (wire.ts).
import type { ClientDialect, Ports } from '../targets.js';
import { type Filter, receivesOwnSport } from '../workload.js';
import { demoKey } from './server.js';
import { leagueOf } from './wire.js';

/** Catalog `ids.parlay` of the bench leagues that have one. */
export const SPORT_KEYS: Record<string, string> = {
  epl: 'soccer_epl',
  nba: 'basketball_nba',
  wnba: 'basketball_wnba',
  mlb: 'baseball_mlb',
  nhl: 'icehockey_nhl',
  nfl: 'americanfootball_nfl',
  laliga: 'soccer_spain_la_liga',
  ufc: 'mma_mixed_martial_arts',
};

export function parlayPath(filter: Filter, key: string): string {
  const league = filter.sport === null ? null : leagueOf(filter.sport).league;
  const sport = league === null ? 'upcoming' : (SPORT_KEYS[league] ?? `none_${league}`);
  return `/v1/ws/odds/${sport}?apiKey=${encodeURIComponent(key)}&since=${Number.MAX_SAFE_INTEGER}`;
}

export const parlayDialect: ClientDialect = {
  path: (filter: Filter, ports: Ports) => parlayPath(filter, demoKey(ports)),
  onOpen: () => [],
  readyOnOpen: false,
  onText(text) {
    return text.startsWith('{"type":"initial_state"') ? { ready: true } : {};
  },
  timestampMarker: '"last_update":',
  timestampScale: 1000,
  receives: parlayReceives,
};

/** Everything or its one sport, as native, but never the league without a Parlay key. */
export function parlayReceives(filter: Filter, sport: string): boolean {
  const league = leagueOf(sport).league;
  return league in SPORT_KEYS && receivesOwnSport(filter, sport);
}
