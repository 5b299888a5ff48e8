// The workload both sides agree on: sports, the filter of connection i, the update body and
// where its publish timestamp sits. Pure; the clock is passed in.

export const SPORTS = [
  'soccer',
  'basketball',
  'tennis',
  'baseball',
  'icehockey',
  'americanfootball',
  'cricket',
  'rugby',
  'mma',
  'golf',
] as const;

/** `null` means every sport; `idle`: subscribed to something no workload update matches. */
export type Filter = { sport: string | null; idle?: true };

/** Connected and subscribed, but to nothing the publisher sends: only heartbeats arrive. */
export const IDLE_FILTER: Filter = { sport: null, idle: true };

/** Even connections take everything, odd ones one sport each, round-robin. */
export function filterFor(index: number): Filter {
  if (index % 2 === 0) return { sport: null };
  return { sport: SPORTS[((index - 1) / 2) % SPORTS.length]! };
}

/** The workload's own rule: a connection gets everything or exactly its one sport. */
export function receivesOwnSport(filter: Filter, sport: string): boolean {
  return filter.sport === null || filter.sport === sport;
}

/** Connections among indices [0, n) that receive an update for each sport. */
export function fanoutBySport(
  n: number,
  receives: (filter: Filter, sport: string) => boolean = receivesOwnSport,
): number[] {
  const out = SPORTS.map(() => 0);
  for (let i = 0; i < n; i++) {
    const f = filterFor(i);
    for (let s = 0; s < SPORTS.length; s++) if (receives(f, SPORTS[s]!)) out[s]! += 1;
  }
  return out;
}

/** Microseconds on a clock every process on the machine shares (wall clock, sub-ms). */
export function nowUs(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}

export interface BenchUpdate {
  seq: number;
  sport: string;
  /** Scheduled publish time, microseconds. */
  t: number;
}

const BOOKS = ['pinnacle', 'bet365', 'draftkings', 'fanduel', 'betmgm', 'williamhill', 'unibet'];
const MARKETS = ['moneyline', 'spread', 'total', 'team_total', 'first_half_total'];

/**
 * About 260 bytes of JSON resembling an odds update. `"t"` comes last, as plain digits, so a
 * receiver finds it with one indexOf.
 */
export function updateJson(u: BenchUpdate): string {
  const book = BOOKS[u.seq % BOOKS.length]!;
  const market = MARKETS[u.seq % MARKETS.length]!;
  const ev = `${u.sport}-2026-11-21-${String(u.seq % 997).padStart(4, '0')}`;
  const dec = 1.5 + (u.seq % 400) / 200;
  const american = dec >= 2 ? Math.round((dec - 1) * 100) : Math.round(-100 / (dec - 1));
  return (
    `{"type":"price","seq":${u.seq},"sport":"${u.sport}","event":"${ev}","market":"${market}",` +
    `"book":"${book}","selection":"home","line":-3.5,"price":{"decimal":${dec.toFixed(3)},` +
    `"american":${american}},"status":"open","suspended":false,"source":"bench-publisher","t":${u.t}}`
  );
}

export const T_MARKER = '"t":';

/**
 * The integer after `marker` in `data[start..end)`, or -1. Reads bytes, never builds a string.
 */
export function extractTimestamp(data: Buffer, start: number, end: number, marker: Buffer): number {
  const at = data.indexOf(marker, start);
  if (at < 0 || at + marker.length >= end) return -1;
  let v = 0;
  let i = at + marker.length;
  let digits = 0;
  for (; i < end; i++) {
    const c = data[i]!;
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    digits++;
  }
  return digits === 0 ? -1 : v;
}
