// Query filters of the socket routes (§1.2): CSV lists, AND across dimensions, OR within one.
// Sport and affiliate ids map exactly onto the hub's league and book filters. A market id names
// a (market, period) and prematch or in-play, and an event id is a hash, so the hub gets a
// superset for those and the encoder variant carries the exact lists. Pure.
import type { Filter, SportEvent } from '../../model/types.js';
import type { TrIds } from './ids.js';

export interface StreamQuery {
  sportIds?: number[];
  affiliateIds?: number[];
  marketIds?: number[];
  eventIds?: string[];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Tokens of a CSV parameter: trimmed, empty ones dropped, duplicates removed. */
export function csvTokens(q: URLSearchParams, name: string): string[] | undefined {
  const raw = q.get(name);
  if (raw === null) return undefined;
  const tokens = [
    ...new Set(
      raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ];
  return tokens.length > 0 ? tokens : undefined;
}

/** A CSV of non-negative integers; a bad token is `invalid <name>`. */
export function intList(q: URLSearchParams, name: string): Parsed<number[] | undefined> {
  const tokens = csvTokens(q, name);
  if (tokens === undefined) return { ok: true, value: undefined };
  const out: number[] = [];
  for (const t of tokens) {
    if (!/^\d{1,15}$/.test(t)) return { ok: false, error: `invalid ${name}` };
    out.push(Number(t));
  }
  return { ok: true, value: out };
}

export function parseStreamQuery(q: URLSearchParams, maxIds: number): Parsed<StreamQuery> {
  const out: StreamQuery = {};
  for (const [name, field] of [
    ['sport_ids', 'sportIds'],
    ['affiliate_ids', 'affiliateIds'],
    ['market_ids', 'marketIds'],
  ] as const) {
    const list = intList(q, name);
    if (!list.ok) return list;
    if (list.value) out[field] = list.value;
  }
  const events = csvTokens(q, 'event_ids');
  if (events) {
    if (events.some((e) => e.length > 64)) return { ok: false, error: 'invalid event_ids' };
    out.eventIds = events;
  }
  const total =
    (out.sportIds?.length ?? 0) +
    (out.affiliateIds?.length ?? 0) +
    (out.marketIds?.length ?? 0) +
    (out.eventIds?.length ?? 0);
  if (total > maxIds) return { ok: false, error: 'too many ids in filters' };
  return { ok: true, value: out };
}

export interface StreamSubscription {
  /** The hub filter, or null when no Change can match (e.g. only unknown sport ids). */
  filter: Filter | null;
  /** Encoder variant: the exact market and event lists; '' when there are none. */
  variant: string;
}

/** Maps a query to a hub filter and variant. `events` lists the events known now. */
export function streamSubscription(
  sq: StreamQuery,
  ids: TrIds,
  events: () => readonly SportEvent[],
): StreamSubscription {
  const filter: Filter = {};
  let none = false;
  const mapped = (list: number[] | undefined, map: (n: number) => string | undefined) => {
    if (list === undefined) return undefined;
    const out = [...new Set(list.flatMap((n) => map(n) ?? []))];
    if (out.length === 0) none = true;
    return out;
  };
  const leagues = mapped(sq.sportIds, (n) => ids.leagueOfSport(n)?.id);
  if (leagues) filter.leagues = leagues;
  const books = mapped(sq.affiliateIds, (n) => ids.bookOfAffiliate(n));
  if (books) filter.books = books;
  if (sq.marketIds) {
    const variants = sq.marketIds.flatMap((m) => ids.marketVariants(m));
    if (variants.length === 0) none = true;
    filter.markets = [...new Set(variants.map((v) => v.market))];
    filter.periods = [...new Set(variants.map((v) => v.period))];
  }
  if (sq.eventIds) {
    const wanted = new Set(sq.eventIds);
    const known = events().filter((e) => wanted.has(ids.eventId(e.id)));
    // Narrow the hub only when every id is a known event; a later one must still get through.
    if (known.length === wanted.size) filter.events = known.map((e) => e.id);
  }
  const parts: string[] = [];
  if (sq.marketIds) parts.push(`m=${[...sq.marketIds].sort((a, b) => a - b).join(',')}`);
  if (sq.eventIds) parts.push(`e=${[...sq.eventIds].sort().join(',')}`);
  return { filter: none ? null : filter, variant: parts.join(';') };
}

export interface VariantMatcher {
  markets: Set<number> | null;
  events: Set<string> | null;
}

export function parseVariant(variant: string): VariantMatcher {
  const m: VariantMatcher = { markets: null, events: null };
  for (const part of variant.split(';')) {
    if (part.startsWith('m=')) m.markets = new Set(part.slice(2).split(',').map(Number));
    else if (part.startsWith('e=')) m.events = new Set(part.slice(2).split(','));
  }
  return m;
}
