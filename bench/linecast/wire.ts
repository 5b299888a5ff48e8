// Linecast's side of the bench workload: the bench's 10 "sports" mapped onto catalog leagues,
// the canonical ingest items the publisher sends, and the cheap readers the load clients use
// on Linecast frames (seq, ack counts). Pure.
import type { BenchUpdate, Filter } from '../workload.js';
import { SPORTS } from '../workload.js';

export interface BenchLeague {
  sport: string;
  league: string;
  /** The one event the publisher quotes in this league. */
  event: string;
  markets: readonly string[];
  /** TheRundown's `sport_id` of the league (catalog `ids.therundown`; TheRundown numbers leagues). */
  therundown: number;
}

/**
 * One league per bench sport, indexed like SPORTS. The catalog has 7 sports, so 3 leagues
 * share a sport with another; single-sport clients therefore filter by league, which keeps
 * the fan-out per update identical to the baselines'. Each league has its own TheRundown
 * `sport_id`, so the TheRundown target's single-sport clients get exactly the same updates.
 */
export const LEAGUES: readonly BenchLeague[] = [
  {
    sport: 'soccer',
    league: 'epl',
    event: 'bench-epl',
    markets: ['three-way', 'spread', 'total'],
    therundown: 11,
  },
  {
    sport: 'basketball',
    league: 'nba',
    event: 'bench-nba',
    markets: ['moneyline', 'spread', 'total'],
    therundown: 4,
  },
  {
    sport: 'tennis',
    league: 'atp',
    event: 'bench-atp',
    markets: ['moneyline', 'total'],
    therundown: 38,
  },
  {
    sport: 'baseball',
    league: 'mlb',
    event: 'bench-mlb',
    markets: ['moneyline', 'spread', 'total'],
    therundown: 3,
  },
  {
    sport: 'hockey',
    league: 'nhl',
    event: 'bench-nhl',
    markets: ['moneyline', 'spread', 'total'],
    therundown: 6,
  },
  {
    sport: 'football',
    league: 'nfl',
    event: 'bench-nfl',
    markets: ['moneyline', 'spread', 'total'],
    therundown: 2,
  },
  {
    sport: 'basketball',
    league: 'wnba',
    event: 'bench-wnba',
    markets: ['moneyline', 'spread', 'total'],
    therundown: 8,
  },
  {
    sport: 'soccer',
    league: 'laliga',
    event: 'bench-laliga',
    markets: ['three-way', 'spread', 'total'],
    therundown: 14,
  },
  { sport: 'mma', league: 'ufc', event: 'bench-ufc', markets: ['moneyline'], therundown: 7 },
  {
    sport: 'tennis',
    league: 'wta',
    event: 'bench-wta',
    markets: ['moneyline', 'total'],
    therundown: 39,
  },
];

/**
 * Books the publisher quotes, each with a TheRundown affiliate id and a Parlay bookmaker key
 * (catalog `ids.therundown`, `ids.parlay`): a book a dialect cannot name is not delivered in
 * that dialect, and its fan-out would differ from the native target's.
 */
export const BOOKS = ['draftkings', 'fanduel', 'betmgm', 'pinnacle', 'bovada', 'unibet'];

export function leagueOf(sport: string): BenchLeague {
  const i = SPORTS.indexOf(sport as (typeof SPORTS)[number]);
  const l = LEAGUES[i];
  if (!l) throw new Error(`no bench league for sport ${sport}`);
  return l;
}

/** One scheduled event per league, sent (and acknowledged) before any quote. */
export function eventItems(startsAt: number): string {
  return `[${LEAGUES.map((l) =>
    JSON.stringify({
      type: 'event',
      id: l.event,
      sport: l.sport,
      league: l.league,
      home: { id: `${l.league}-home`, name: `${l.league.toUpperCase()} Home` },
      away: { id: `${l.league}-away`, name: `${l.league.toUpperCase()} Away` },
      startsAt,
      status: 'scheduled',
    }),
  ).join(',')}]`;
}

/** Distinct quote keys of a league the publisher cycles through: book x side x market. */
export function keysOf(l: BenchLeague): number {
  return BOOKS.length * 2 * l.markets.length;
}

/**
 * The canonical quote item for a bench update. The publisher's `seq` picks the sport
 * (`seq % 10`, as for the baselines), then a key of that league round-robin, and each visit
 * of a key gets a price different from the previous visit's, so every update is a Change.
 * `sourceAt` is the scheduled publish time rounded to whole milliseconds (Linecast's unit).
 */
export function quoteItem(u: BenchUpdate): string {
  const l = leagueOf(u.sport);
  const n = Math.floor(u.seq / SPORTS.length);
  const keys = keysOf(l);
  const k = n % keys;
  const round = Math.floor(n / keys);
  const book = BOOKS[k % BOOKS.length]!;
  const side = Math.floor(k / BOOKS.length) % 2;
  const market = l.markets[Math.floor(k / BOOKS.length / 2)]!;
  const selection =
    market === 'total' ? (side === 0 ? 'over' : 'under') : side === 0 ? 'home' : 'away';
  const line = market === 'spread' ? (side === 0 ? -3.5 : 3.5) : market === 'total' ? 42.5 : null;
  // Consecutive rounds differ by one, so a key never repeats its previous price.
  const american = -(101 + (round % 99));
  return (
    `{"type":"quote","event":"${l.event}","market":"${market}","book":"${book}",` +
    `"selection":"${selection}","line":${line},"price":{"american":${american}},` +
    `"sourceAt":${Math.round(u.t / 1000)}}`
  );
}

/** A catalog league none of the bench leagues is: an idle subscriber's filter. */
export const IDLE_LEAGUE = 'ucl';

/** The native subscribe frame for a bench filter (single sport = that sport's league). */
export function subscribeFrame(f: Filter, from?: { epoch: string; seq: number }): string {
  const filter = f.idle
    ? { leagues: [IDLE_LEAGUE] }
    : f.sport === null
      ? {}
      : { leagues: [leagueOf(f.sport).league] };
  return JSON.stringify({
    type: 'subscribe',
    id: 's',
    filter,
    snapshot: false,
    ...(from ? { from } : {}),
  });
}

const SEQ = Buffer.from('"seq":');
const TYPE_AT = 9; // `{"type":"` is 9 bytes
const Q = 'q'.charCodeAt(0);
const E = 'e'.charCodeAt(0);

/**
 * The `seq` of a Change frame (`{"type":"quote"...` or `{"type":"event"...`) in
 * `data[start..end)`, or -1 for any other frame (heartbeat, welcome, subscribed...). One byte
 * test and one indexOf; never builds a string.
 */
export function changeSeq(data: Buffer, start: number, end: number): number {
  if (end - start < 20) return -1;
  const c = data[start + TYPE_AT];
  if (c !== Q && c !== E) return -1;
  const at = data.indexOf(SEQ, start);
  if (at < 0 || at >= end) return -1;
  let v = 0;
  let digits = 0;
  for (let i = at + SEQ.length; i < end; i++) {
    const d = data[i]!;
    if (d < 48 || d > 57) break;
    v = v * 10 + (d - 48);
    digits++;
  }
  return digits === 0 ? -1 : v;
}

/** `"name":<integer>` in a short JSON text, or -1. */
export function intField(text: string, name: string): number {
  const at = text.indexOf(`"${name}":`);
  if (at < 0) return -1;
  const m = /^-?\d+/.exec(text.slice(at + name.length + 3, at + name.length + 25));
  return m ? Number(m[0]) : -1;
}

/** `"name":"<string>"` in a JSON text, or null. */
export function stringField(text: string, name: string): string | null {
  const at = text.indexOf(`"${name}":"`);
  if (at < 0) return null;
  const from = at + name.length + 4;
  const to = text.indexOf('"', from);
  return to < 0 ? null : text.slice(from, to);
}

export interface IngestReply {
  kind: 'ack' | 'error' | 'other';
  accepted: number;
  rejected: number;
  /** Head seq after the batch (ack), or -1. */
  seq: number;
}

/** Reads an ingest reply without parsing its per-item `results`. */
export function ingestReply(text: string): IngestReply {
  const head = text.slice(0, 300);
  if (head.startsWith('{"type":"ack"')) {
    return {
      kind: 'ack',
      accepted: intField(head, 'accepted'),
      rejected: intField(head, 'rejected'),
      seq: intField(head, 'seq'),
    };
  }
  if (head.startsWith('{"type":"error"'))
    return { kind: 'error', accepted: 0, rejected: 0, seq: -1 };
  return { kind: 'other', accepted: 0, rejected: 0, seq: -1 };
}
