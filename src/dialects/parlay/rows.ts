// The row (`data[]` item, spec §2.2): one per bookmaker × market × outcome (the narrow shape the
// vendor's examples read), with the wide fields added where they apply. Pure.
import { decimalToAmerican, roundDecimal } from '../../model/odds.js';
import type { QuoteKey, QuoteValue, SportEvent } from '../../model/types.js';
import { eventIdOf, type Vocab } from './vocab.js';

export interface Row {
  kind: 'game' | 'prop';
  sport_key: string;
  event_id: string;
  home_team: string;
  away_team: string;
  commence_time: string;
  bookmaker: string;
  market_key: string;
  market: string | null;
  player: string | null;
  player_name: string | null;
  outcome: string;
  price_american: number;
  price_decimal: number;
  line: number | null;
  available: boolean;
  action: 'upsert' | 'remove';
  last_update: number;
}

/** Fields a diff row always carries: what names the row. */
export const IDENTITY = [
  'kind',
  'event_id',
  'bookmaker',
  'market_key',
  'outcome',
  'line',
  'player',
] as const;

const SIDES: Record<string, string> = { over: 'Over', under: 'Under', yes: 'Yes', no: 'No' };

/** Outcome and player of a selection: team names for sides, Over/Under for totals and props. */
function outcomeOf(
  selection: string,
  event: SportEvent,
  vocab: Vocab,
): { outcome: string; player: string | null } {
  if (selection === 'home') return { outcome: event.home.name, player: null };
  if (selection === 'away') return { outcome: event.away.name, player: null };
  if (selection === 'draw') return { outcome: 'Draw', player: null };
  const side = SIDES[selection];
  if (side) return { outcome: side, player: null };
  const dot = selection.lastIndexOf('.');
  const who = dot === -1 ? selection : selection.slice(0, dot);
  const what = dot === -1 ? 'yes' : selection.slice(dot + 1);
  if (who === 'home' || who === 'away') return { outcome: SIDES[what] ?? what, player: null };
  return { outcome: SIDES[what] ?? what, player: vocab.playerName(who) ?? who };
}

/** Integer American odds: the source's own if it sent them, else from the decimal. */
function american(value: QuoteValue | null): number | null {
  const p = value?.price;
  if (!p) return null;
  return Math.round(p.american ?? decimalToAmerican(p.decimal));
}

/**
 * The row of a quote, or null when the catalog has no Parlay key for its league, book or market,
 * or when it never had a price (a removal keeps the last known integer, never null: the Python
 * quickstart formats it with `:+d`).
 */
export function rowOf(
  vocab: Vocab,
  event: SportEvent,
  key: QuoteKey,
  value: QuoteValue,
  before: QuoteValue | null,
): Row | null {
  const sportKey = vocab.sportKey(event.league);
  const bookmaker = vocab.bookKey(key.book);
  const marketKey = vocab.marketKey(key.market, key.period, event.league);
  const price = american(value) ?? american(before);
  if (!sportKey || !bookmaker || !marketKey || price === null) return null;
  const removed = value.price === null || value.status === 'off_board' || value.status === 'closed';
  const { outcome, player } = outcomeOf(key.selection, event, vocab);
  const decimal = value.price?.decimal ?? before?.price?.decimal ?? 0;
  return {
    kind: vocab.isProp(key.market) ? 'prop' : 'game',
    sport_key: sportKey,
    event_id: eventIdOf(event),
    home_team: event.home.name,
    away_team: event.away.name,
    commence_time: `${new Date(event.startsAt).toISOString().slice(0, 19)}Z`,
    bookmaker,
    market_key: marketKey,
    market: vocab.marketName(key.market) ?? null,
    player,
    player_name: player,
    outcome,
    price_american: price,
    price_decimal: roundDecimal(decimal, 3),
    line: key.line,
    available: !removed && value.status === 'open',
    action: removed ? 'remove' : 'upsert',
    last_update: value.sourceAt,
  };
}

/** Diff mode: the identity fields plus those that differ from the row before, `_diff: true`. */
export function diffRow(row: Row, prior: Row | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of IDENTITY) out[k] = row[k];
  for (const [k, v] of Object.entries(row)) {
    if (prior === null || prior[k as keyof Row] !== v) out[k] = v;
  }
  out['_diff'] = true;
  return out;
}
