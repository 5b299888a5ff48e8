// What the analytics engine emits: alerts with a stable id and a lifecycle
// (opened -> updated* -> closed), each carrying its full current value.
import type { Position } from '../model/types.js';

export type AlertPhase = 'opened' | 'updated' | 'closed';

export type CloseReason =
  /** The edge, profit or cost no longer meets its threshold. */
  | 'below_threshold'
  /** A quote it rests on is suspended, off the board or closed. */
  | 'unavailable'
  /** A quote it rests on is older than allowed. */
  | 'stale'
  /** No fair price: the consensus books are missing, incomplete or stale. */
  | 'no_consensus'
  /** The event ended or was cancelled. */
  | 'event_finished'
  /** A steam alert's follow window ran out. */
  | 'window_ended';

interface AlertBase {
  /** Stable for the alert's life: kind, what it is about, and the position that opened it. */
  id: string;
  phase: AlertPhase;
  /** Epoch ms of the Change (or clock tick) that caused this phase. */
  at: number;
  /** The Change that caused this phase; null when the clock did (a quote went stale, a window ended). */
  cause: Position | null;
  reason?: CloseReason;
  event: string;
  market: string;
  period: string;
  sport: string;
  league: string;
}

export interface QuoteRef {
  book: string;
  selection: string;
  line: number | null;
  decimal: number;
  american?: number;
}

export interface EvAlert extends AlertBase {
  kind: 'ev';
  quote: QuoteRef;
  fairProbability: number;
  fairDecimal: number;
  /** p * d - 1. */
  edge: number;
  /** Full Kelly fraction of the bankroll. */
  kelly: number;
}

export interface StakedLeg extends QuoteRef {
  stake: number;
}

export interface ArbAlert extends AlertBase {
  kind: 'arb';
  legs: StakedLeg[];
  bankroll: number;
  impliedSum: number;
  /** What every outcome returns. */
  payout: number;
  profit: number;
  profitShare: number;
}

export interface MiddleLeg extends StakedLeg {
  /** Result above which (over, home) or below which (under, away) this leg wins. */
  threshold: number;
}

export interface MiddleAlert extends AlertBase {
  kind: 'middle';
  /** [the over / home leg, the under / away leg]. */
  legs: [MiddleLeg, MiddleLeg];
  bankroll: number;
  width: number;
  cost: number;
  missPayout: number;
  hitPayout: number;
}

export interface Move {
  book: string;
  at: number;
  /** Decimal odds (price steam) or main line (line steam) before and after. */
  from: number;
  to: number;
  /** Cents (price steam) or points (line steam), signed. */
  size: number;
}

export interface SteamAlert extends AlertBase {
  kind: 'steam';
  /** `price`: a selection's odds moved; `line`: a market's main line moved. */
  move: 'price' | 'line';
  selection: string;
  /** The line of the selection for price steam; null for line steam and line-less markets. */
  line: number | null;
  leader: Move;
  followers: (Move & { lagMs: number })[];
}

/**
 * A prediction market linked to the event prices its YES outcome (the home team wins) apart from
 * the sportsbooks' consensus. `market` and `period` name the sportsbook market the fair price
 * came from (the full-game moneyline, or the three-way result where draws exist).
 */
export interface VenueGapAlert extends AlertBase {
  kind: 'venue_gap';
  /** The prediction-market venue (`exchange`: Linecast's own). */
  venue: string;
  /** The venue's market (its slug). */
  venueMarket: string;
  /** Best bid and offer of YES, in probability (dollars per contract). */
  bid: number;
  ask: number;
  mid: number;
  /** The consensus' fair probability that the home team wins (a draw is not a win). */
  fairProbability: number;
  /** mid - fairProbability: positive when the market prices YES above the books. */
  gap: number;
  /** The consensus books the fair probability came from. */
  books: string[];
}

export type Alert = EvAlert | ArbAlert | MiddleAlert | SteamAlert | VenueGapAlert;
export type AlertKind = Alert['kind'];

/** An alert phase on the alert stream, at its own position (see stream.ts). */
export interface AlertChange {
  epoch: string;
  seq: number;
  alert: Alert;
}

export const ALERT_KINDS: readonly AlertKind[] = ['ev', 'arb', 'middle', 'steam', 'venue_gap'];
