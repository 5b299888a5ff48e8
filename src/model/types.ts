// The canonical model: what every source normalises into and every dialect encodes from.

export type EventStatus =
  | 'scheduled'
  | 'live'
  | 'break'
  | 'ended'
  | 'suspended'
  | 'postponed'
  | 'cancelled';

export type QuoteStatus = 'open' | 'suspended' | 'off_board' | 'closed';

export interface Participant {
  /** Stable slug, unique within the league (teams) or the sport (players). */
  id: string;
  name: string;
  abbr?: string;
}

export interface LiveState {
  home: number;
  away: number;
  /** Seconds left in the period (counting down), or elapsed for sports that count up. */
  clock: number;
  /** 1-based period number; 0 before the start. */
  period: number;
  /**
   * Betting on the whole event is held (after a score, during a VAR check); absent: not held.
   * Quotes carry their own status; this is the event-level flag feeds show beside the score.
   */
  suspended?: boolean;
  /** The latest in-play incident; dialects without incidents ignore it. */
  incident?: Incident;
}

/**
 * Something that happened in play besides the score: `yellow_card`, `red_card`, `injury`, `var`,
 * `penalty`, `timeout`, `challenge`, `power_play`. `n` counts the event's incidents from 1, so a
 * consumer sees each one once even when two in a row are of the same kind.
 */
export interface Incident {
  n: number;
  kind: string;
  /** The team it concerns, when it concerns one. */
  side?: 'home' | 'away';
}

export interface SportEvent {
  /** Stable canonical id, e.g. `nba-2026-11-21-bos-lal`. */
  id: string;
  sport: string;
  league: string;
  home: Participant;
  away: Participant;
  /** Players who have props in this event. */
  players?: Participant[];
  /** Epoch milliseconds. */
  startsAt: number;
  status: EventStatus;
  live?: LiveState;
}

/**
 * A price in canonical decimal form plus the form the source sent, so American odds
 * that come in go out unchanged.
 */
export interface Price {
  decimal: number;
  american?: number;
  fractional?: string;
}

/**
 * Identity of one quote. `selection` names the side: `home`, `away`, `draw`, `over`, `under`,
 * `home.over` / `away.under` (team totals), `<playerId>.over` / `<playerId>.under` (props),
 * `<playerId>` (yes-only props such as anytime scorer).
 */
export interface QuoteKey {
  event: string;
  market: string;
  period: string;
  book: string;
  selection: string;
  /** Handicap or total; null for markets without a line. */
  line: number | null;
}

export interface QuoteValue {
  /** Null while off the board or closed without a last price. */
  price: Price | null;
  status: QuoteStatus;
  reason?: string;
  main: boolean;
  /** Stake limit the book shows, when known. */
  limit?: number;
  /** Epoch ms the source says the price was set. */
  sourceAt: number;
  /** Epoch ms Linecast received it. */
  receivedAt: number;
}

export interface Quote {
  key: QuoteKey;
  value: QuoteValue;
}

/** What a source hands to state: the new value of one quote, or the new state of one event. */
export type Update =
  | { kind: 'quote'; key: QuoteKey; value: QuoteValue }
  | { kind: 'event'; event: SportEvent; receivedAt: number };

/** A point in the Change stream. `epoch` changes only when history is reset. */
export interface Position {
  epoch: string;
  seq: number;
}

export type Change =
  | {
      kind: 'quote';
      epoch: string;
      seq: number;
      /** Epoch ms the Change was made. */
      at: number;
      /** `quoteKeyString(key)`; the conflation key. */
      id: string;
      key: QuoteKey;
      before: QuoteValue | null;
      after: QuoteValue;
      /** Sport and league of the event, denormalised so filters need no lookup. */
      sport: string;
      league: string;
      inPlay: boolean;
    }
  | {
      kind: 'event';
      epoch: string;
      seq: number;
      at: number;
      /** `event:<eventId>`. */
      id: string;
      before: SportEvent | null;
      after: SportEvent;
      sport: string;
      league: string;
      inPlay: boolean;
    };

export type QuoteChange = Extract<Change, { kind: 'quote' }>;
export type EventChange = Extract<Change, { kind: 'event' }>;

export function quoteKeyString(k: QuoteKey): string {
  return `${k.event}|${k.market}|${k.period}|${k.book}|${k.selection}|${k.line ?? ''}`;
}

export function isInPlay(status: EventStatus): boolean {
  return status === 'live' || status === 'break';
}

/** A subscription filter. Empty or absent lists match everything (AND across, OR within). */
export interface Filter {
  sports?: string[];
  leagues?: string[];
  events?: string[];
  markets?: string[];
  periods?: string[];
  books?: string[];
  mainOnly?: boolean;
  inPlay?: boolean;
}

export interface Snapshot {
  position: Position;
  events: SportEvent[];
  quotes: Quote[];
}

/** A quote's price path, for history queries. */
export interface PriceHistoryQuery {
  event: string;
  market?: string;
  period?: string;
  book?: string;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  limit: number;
}

/** Stored events (their latest state), for events state no longer holds. */
export interface StoredEventQuery {
  ids?: string[];
  league?: string;
  /** Only events whose latest status is one of these. */
  statuses?: EventStatus[];
  /** Epoch ms: only events whose latest Change is at or after it. */
  changedSince?: number;
  limit: number;
}

export interface QuoteQuery {
  event: string;
  market?: string;
  period?: string;
  book?: string;
}
