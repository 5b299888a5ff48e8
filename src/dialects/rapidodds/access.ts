// Keys and the snapshot filter of a selection, shared by the stream and REST.
import type { Filter } from '../../model/types.js';
import type { AccessPort, AuthResult } from '../../seam/core.js';
import { dedupe, type Selection } from './vocab.js';

/**
 * Checks a key. The vendor's SDK refuses any key not starting with `oa_` before sending it, so
 * `oa_<Linecast key>` is accepted as the same key. The key that matched is returned for
 * re-checks (revocation).
 */
export function authenticateKey(
  access: AccessPort,
  key: string | null | undefined,
  dialect: string,
): { result: AuthResult; key: string } {
  const given = key ?? '';
  const result = access.authenticate(given, dialect);
  if (!result.ok && result.reason === 'unknown' && given.startsWith('oa_')) {
    const bare = given.slice(3);
    return { result: access.authenticate(bare, dialect), key: bare };
  }
  return { result, key: given };
}

/** The core filter for a selection (optionally some of its games); null when nothing can match. */
export function filterOf(sel: Selection, events?: readonly string[]): Filter | null {
  // An empty list matches everything, so "no games" must not become `events: []`.
  if (sel.books.size === 0 || sel.markets.length === 0 || events?.length === 0) return null;
  const filter: Filter = {
    leagues: [sel.sport.league.id],
    books: [...sel.books.values()],
    markets: dedupe(sel.markets.map((m) => m.market)),
    periods: dedupe(sel.markets.map((m) => m.period)),
  };
  if (events) filter.events = [...events];
  return filter;
}
