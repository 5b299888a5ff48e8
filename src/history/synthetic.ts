// Deterministic synthetic Changes: the same (epoch, seq) always gives the same Change, so a
// crash test or benchmark can regenerate what it wrote and compare.
import type { Change, EventStatus, QuoteValue, SportEvent } from '../model/types.js';
import { quoteKeyString } from '../model/types.js';

const MARKETS = [
  { market: 'moneyline', selections: ['home', 'away'], line: null },
  { market: 'spread', selections: ['home', 'away'], line: -3.5 },
  { market: 'total', selections: ['over', 'under'], line: 221.5 },
] as const;
const BOOKS = ['fanduel', 'draftkings', 'betmgm', 'caesars'];
const EVENTS = 40;
/** One in this many Changes is an event Change. */
const EVENT_EVERY = 50;

export function syntheticEvent(n: number, status: EventStatus = 'scheduled'): SportEvent {
  return {
    id: `nba-2026-11-21-e${n}`,
    sport: 'basketball',
    league: 'nba',
    home: { id: `home${n}`, name: `Home ${n}`, abbr: 'HOM' },
    away: { id: `away${n}`, name: `Away ${n}` },
    startsAt: 1_795_000_000_000 + n * 60_000,
    status,
    ...(status === 'live' ? { live: { home: n % 7, away: n % 5, clock: 600, period: 2 } } : {}),
  };
}

function value(seq: number, at: number): QuoteValue {
  const decimal = 1.5 + (seq % 97) / 50;
  const v: QuoteValue = {
    price: {
      decimal,
      american: Math.round(decimal >= 2 ? (decimal - 1) * 100 : -100 / (decimal - 1)),
    },
    status: 'open',
    main: seq % 3 !== 0,
    sourceAt: at - 40,
    receivedAt: at - 5,
  };
  if (seq % 11 === 0) v.limit = 5_000;
  if (seq % 13 === 0) return { ...v, price: null, status: 'suspended', reason: 'goal' };
  return v;
}

/** The Change with this seq; `at` defaults to a clock that advances 1 ms per seq. */
export function syntheticChange(epoch: string, seq: number, at = 1_790_000_000_000 + seq): Change {
  const n = seq % EVENTS;
  const meta = { epoch, seq, at, sport: 'basketball', league: 'nba', inPlay: seq % 2 === 0 };
  if (seq % EVENT_EVERY === 0) {
    const after = syntheticEvent(n, meta.inPlay ? 'live' : 'scheduled');
    const before = seq > EVENTS * EVENT_EVERY ? syntheticEvent(n) : null;
    return { kind: 'event', ...meta, id: `event:${after.id}`, before, after };
  }
  const m = MARKETS[seq % MARKETS.length]!;
  const key = {
    event: `nba-2026-11-21-e${n}`,
    market: m.market,
    period: 'ft',
    book: BOOKS[Math.floor(seq / 7) % BOOKS.length]!,
    selection: m.selections[seq % 2]!,
    line: m.line,
  };
  const before = seq % 5 === 0 ? null : value(seq - 1, at - 1);
  return { kind: 'quote', ...meta, id: quoteKeyString(key), key, before, after: value(seq, at) };
}

export function syntheticChanges(epoch: string, from: number, count: number): Change[] {
  const out: Change[] = [];
  for (let i = 0; i < count; i++) out.push(syntheticChange(epoch, from + i));
  return out;
}
