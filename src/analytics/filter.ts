// The native filter applied to alerts: sport, league, event, market and period as for quotes;
// a book list matches an alert that rests on one of those books (a +EV quote, any arbitrage or
// middle leg, a steam leader or follower, a venue gap's consensus book). In-play and main-only do not apply.
import type { CompiledFilter } from '../model/filter.js';
import type { Alert, AlertKind } from './types.js';

export function matchesAlert(
  f: CompiledFilter,
  kinds: ReadonlySet<AlertKind> | null,
  a: Alert,
): boolean {
  return (
    (kinds === null || kinds.has(a.kind)) &&
    (f.sports === null || f.sports.has(a.sport)) &&
    (f.leagues === null || f.leagues.has(a.league)) &&
    (f.events === null || f.events.has(a.event)) &&
    (f.markets === null || f.markets.has(a.market)) &&
    (f.periods === null || f.periods.has(a.period)) &&
    (f.books === null || restsOn(a, f.books))
  );
}

function restsOn(a: Alert, books: ReadonlySet<string>): boolean {
  switch (a.kind) {
    case 'ev':
      return books.has(a.quote.book);
    case 'arb':
    case 'middle':
      return a.legs.some((l) => books.has(l.book));
    case 'steam':
      return books.has(a.leader.book) || a.followers.some((m) => books.has(m.book));
    case 'venue_gap':
      return a.books.some((b) => books.has(b));
  }
}
