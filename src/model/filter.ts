// Filters compiled once into sets so matching a Change allocates nothing.
import type { Change, Filter, QuoteKey, SportEvent } from './types.js';
import { isInPlay } from './types.js';

export interface CompiledFilter {
  sports: Set<string> | null;
  leagues: Set<string> | null;
  events: Set<string> | null;
  markets: Set<string> | null;
  periods: Set<string> | null;
  books: Set<string> | null;
  mainOnly: boolean;
  inPlay: boolean;
}

function toSet(list: string[] | undefined): Set<string> | null {
  return list && list.length > 0 ? new Set(list) : null;
}

export function compileFilter(f: Filter): CompiledFilter {
  return {
    sports: toSet(f.sports),
    leagues: toSet(f.leagues),
    events: toSet(f.events),
    markets: toSet(f.markets),
    periods: toSet(f.periods),
    books: toSet(f.books),
    mainOnly: f.mainOnly === true,
    inPlay: f.inPlay === true,
  };
}

export const MATCH_ALL: CompiledFilter = compileFilter({});

/** Event-level part of a filter: sport, league, event id and in-play. */
export function matchesEvent(
  f: CompiledFilter,
  sport: string,
  league: string,
  eventId: string,
  inPlay: boolean,
): boolean {
  return (
    (f.sports === null || f.sports.has(sport)) &&
    (f.leagues === null || f.leagues.has(league)) &&
    (f.events === null || f.events.has(eventId)) &&
    (!f.inPlay || inPlay)
  );
}

export function matchesQuote(
  f: CompiledFilter,
  key: QuoteKey,
  main: boolean,
  sport: string,
  league: string,
  inPlay: boolean,
): boolean {
  return (
    matchesEvent(f, sport, league, key.event, inPlay) &&
    (f.markets === null || f.markets.has(key.market)) &&
    (f.periods === null || f.periods.has(key.period)) &&
    (f.books === null || f.books.has(key.book)) &&
    (!f.mainOnly || main)
  );
}

/**
 * A quote Change matches a main-only filter when it is main after the change or was main
 * before it, so a subscriber sees a line lose its main flag instead of being left stale.
 */
export function matchesChange(f: CompiledFilter, c: Change): boolean {
  if (c.kind === 'event') return matchesEvent(f, c.sport, c.league, c.after.id, c.inPlay);
  const main = c.after.main || (c.before?.main ?? false);
  return matchesQuote(f, c.key, main, c.sport, c.league, c.inPlay);
}

export function matchesSportEvent(f: CompiledFilter, e: SportEvent): boolean {
  return matchesEvent(f, e.sport, e.league, e.id, isInPlay(e.status));
}
