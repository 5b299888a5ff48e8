// The ranges every timestamp and number must fall in. New input is held to a sane window at the
// edge; rows read back from history are held only to what every encoder can represent, so a row
// stored before these checks existed is skipped on load instead of crashing a timer later.
import type { Quote, SportEvent } from './types.js';

/** Timestamps accepted at the edge: from 2000-01-01T00:00:00Z (inclusive) ... */
export const TIME_MIN_MS = Date.UTC(2000, 0, 1);
/** ... to 2100-01-01T00:00:00Z (exclusive). */
export const TIME_MAX_MS = Date.UTC(2100, 0, 1);
/** The largest epoch ms a JavaScript Date can hold (ECMA-262 §21.4.1.1). */
const DATE_LIMIT_MS = 8.64e15;

/** Bounds of the plain numbers an update carries, documented in docs/ingest.md. */
export const LIMITS = {
  /** Absolute handicap or total. */
  line: 10_000,
  /** Stake limit a book shows. */
  stake: 1e12,
  /** Decimal odds (American +100,000,000 is decimal 1,000,001). */
  decimal: 1_000_001,
  american: 100_000_000,
  score: 100_000,
  /** Seconds on a game clock (one week, for anything that counts up). */
  clock: 604_800,
  period: 1_000,
} as const;

export function inTimeWindow(ms: number): boolean {
  return Number.isFinite(ms) && ms >= TIME_MIN_MS && ms < TIME_MAX_MS;
}

export function representable(ms: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms) <= DATE_LIMIT_MS;
}

function finiteOrAbsent(n: number | undefined): boolean {
  return n === undefined || Number.isFinite(n);
}

/** Why a stored event could not be encoded, or null when it can. */
export function storedEventProblem(e: SportEvent): string | null {
  if (!representable(e.startsAt)) return `startsAt ${e.startsAt} is not a representable time`;
  const live = e.live;
  if (live && ![live.home, live.away, live.clock, live.period].every(Number.isFinite)) {
    return 'live state has a non-finite number';
  }
  return null;
}

/** Why a stored quote could not be encoded, or null when it can. */
export function storedQuoteProblem(q: Quote): string | null {
  const v = q.value;
  if (!representable(v.sourceAt) || !representable(v.receivedAt)) {
    return `sourceAt ${v.sourceAt} or receivedAt ${v.receivedAt} is not a representable time`;
  }
  if (!finiteOrAbsent(q.key.line ?? undefined) || !finiteOrAbsent(v.limit)) {
    return 'line or limit is not finite';
  }
  if (v.price && !(Number.isFinite(v.price.decimal) && finiteOrAbsent(v.price.american))) {
    return 'price is not finite';
  }
  return null;
}

export interface Skipped {
  id: string;
  reason: string;
}

/** Keeps the stored rows every encoder can handle; reports the others. */
export function encodableRows(
  events: readonly SportEvent[],
  quotes: readonly Quote[],
): { events: SportEvent[]; quotes: Quote[]; skipped: Skipped[] } {
  const skipped: Skipped[] = [];
  const keptEvents = events.filter((e) => {
    const reason = storedEventProblem(e);
    if (reason) skipped.push({ id: `event:${e.id}`, reason });
    return reason === null;
  });
  const keptQuotes = quotes.filter((q) => {
    const reason = storedQuoteProblem(q);
    if (reason) skipped.push({ id: `quote:${q.key.event}|${q.key.market}|${q.key.book}`, reason });
    return reason === null;
  });
  return { events: keptEvents, quotes: keptQuotes, skipped };
}
