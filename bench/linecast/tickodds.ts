// Load clients in TickOdds' dialect (`/ws/live?apiKey=`) and the live workload they need:
// TickOdds streams in-play events of one book only (`dialects.tickodds.book`, bet365), one
// whole-event `update` frame per price move. Its frames carry no seq and only second-precision
// times, so the publisher embeds its scheduled time (ms, modulo MARKER_WRAP_MS) in the price
// itself; the client reads it back from the selection's `"odds":`, the frame's last one.
import type { ClientDialect, Ports } from '../targets.js';
import type { BenchUpdate, Filter } from '../workload.js';
import { nowUs, SPORTS } from '../workload.js';
import { demoKey } from './server.js';
import { type BenchLeague, LEAGUES, leagueOf } from './wire.js';

/** The book TickOdds shows (its config default). */
export const LIVE_BOOK = 'bet365';
/** The marker's period: far longer than any latency, short enough for an American price. */
export const MARKER_WRAP_MS = 1_000_000;
/** Smallest marker price (American); +100 would be even money, 2.0, on both sides. */
const MARKER_BASE = 101;

/** TickOdds sport ids of the canonical sports (catalog `ids.tickodds`); MMA has none. */
const TICKODDS_SPORT: Record<string, string> = {
  soccer: 'soccer',
  basketball: 'basketball',
  tennis: 'tennis',
  baseball: 'baseball',
  hockey: 'ice_hockey',
  football: 'american_football',
};

const tickoddsSport = (benchSport: string): string | undefined =>
  TICKODDS_SPORT[leagueOf(benchSport).sport];

/** One in-play event per league, sent (and acknowledged) before any quote. */
export function liveEventItems(now: number): string {
  return `[${LEAGUES.map((l) =>
    JSON.stringify({
      type: 'event',
      id: l.event,
      sport: l.sport,
      league: l.league,
      home: { id: `${l.league}-home`, name: `${l.league.toUpperCase()} Home` },
      away: { id: `${l.league}-away`, name: `${l.league.toUpperCase()} Away` },
      startsAt: now - 600_000,
      status: 'live',
      live: { home: 0, away: 0, clock: 600, period: 1 },
    }),
  ).join(',')}]`;
}

/** The American price carrying a scheduled time (µs): always a new price for a key's next visit. */
export function markerPrice(tUs: number): number {
  return MARKER_BASE + (Math.round(tUs / 1000) % MARKER_WRAP_MS);
}

/**
 * The live quote of a bench update: the league picked by `seq % 10` as for every target, then
 * side x market of the one book round-robin, priced with the marker.
 */
export function liveQuoteItem(u: BenchUpdate): string {
  const l: BenchLeague = leagueOf(u.sport);
  const k = Math.floor(u.seq / SPORTS.length) % (2 * l.markets.length);
  const side = k % 2;
  const market = l.markets[Math.floor(k / 2)]!;
  const selection =
    market === 'total' ? (side === 0 ? 'over' : 'under') : side === 0 ? 'home' : 'away';
  const line = market === 'spread' ? (side === 0 ? -3.5 : 3.5) : market === 'total' ? 42.5 : null;
  return (
    `{"type":"quote","event":"${l.event}","market":"${market}","book":"${LIVE_BOOK}",` +
    `"selection":"${selection}","line":${line},"price":{"american":${markerPrice(u.t)}},` +
    `"sourceAt":${Math.round(u.t / 1000)}}`
  );
}

const ODDS = Buffer.from('"odds":');
/** `{"type":"` is 9 bytes; only `update` starts with `u` (else snapshot, match_*, heartbeat). */
const TYPE_AT = 9;
const U = 'u'.charCodeAt(0);

/**
 * The scheduled time (µs) a TickOdds odds `update` in `data[start..end)` carries in its
 * selection's decimal odds (1 + american/100, two decimals), resolved against `nowMs` to the
 * latest time not after it; -1 for any other frame. Reads bytes, never builds a string.
 */
export function markerTime(data: Buffer, start: number, end: number, nowMs: number): number {
  if (end - start < 40 || data[start + TYPE_AT] !== U) return -1;
  const at = data.lastIndexOf(ODDS, end - ODDS.length);
  if (at < start) return -1;
  let cents = 0;
  let frac = -1;
  for (let i = at + ODDS.length; i < end; i++) {
    const d = data[i]!;
    if (d === 46 && frac < 0) frac = 0;
    else if (d >= 48 && d <= 57 && frac < 2) {
      cents = cents * 10 + (d - 48);
      if (frac >= 0) frac++;
    } else break;
  }
  if (frac < 0) frac = 0;
  for (; frac < 2; frac++) cents *= 10;
  const mod = cents - 100 - MARKER_BASE;
  if (mod < 0) return -1;
  const back =
    ((((nowMs % MARKER_WRAP_MS) - mod) % MARKER_WRAP_MS) + MARKER_WRAP_MS) % MARKER_WRAP_MS;
  return (nowMs - back) * 1000;
}

/** Whether a client with `filter` gets the updates of a bench sport (TickOdds filters by sport). */
export function tickoddsReceives(filter: Filter, sport: string): boolean {
  const s = tickoddsSport(sport);
  if (s === undefined) return false;
  return filter.sport === null || tickoddsSport(filter.sport) === s;
}

/**
 * TickOdds' live socket: everything on open; a single-sport client subscribes to its bench
 * sport's TickOdds sport (so it also gets the other league of that sport: `receives` says so),
 * or to `MMA`, which TickOdds does not know and which therefore matches nothing.
 */
export const tickoddsDialect: ClientDialect = {
  path: (_f: Filter, ports: Ports) => `/ws/live?apiKey=${encodeURIComponent(demoKey(ports))}`,
  onOpen: (filter) =>
    filter.sport === null
      ? []
      : [JSON.stringify({ subscribe: [tickoddsSport(filter.sport) ?? 'MMA'] })],
  readyOnOpen: true,
  receives: tickoddsReceives,
  timestampOf: (data, start, end) => markerTime(data, start, end, Math.floor(nowUs() / 1000)),
};
