// The simulator's internal world: events, the markets offered on them, and the books quoting.
import type { LeagueDef, PlayerDef } from '../../catalog/types.js';
import type { Incident, SportEvent } from '../../model/types.js';
import type { BookGroup } from './group.js';
import type { IncidentState } from './incidents.js';
import type { EventModel } from './markets.js';
import type { Scope, SportProfile } from './profiles.js';

export interface SimBook {
  id: string;
  kind: string;
  /** Sharp books move first; the rest follow after `lagMs`. */
  sharp: boolean;
  /** Overround the book builds into every market, 0.03 to 0.08. */
  margin: number;
  lagMs: number;
  /** DFS books only offer props; exchanges offer no props. */
  props: boolean;
  games: boolean;
}

/**
 * How a market turns its hidden distribution into selections: `spread` and `over_under` have
 * lines (a threshold on the margin or total), the rest have none. `yes` prices one selection
 * whose hidden value is the probability itself.
 */
export type Shape = 'moneyline' | 'three_way' | 'spread' | 'over_under' | 'yes';

/** Which part of the live score a market is about, so in-play prices start from it. */
export type Component = 'margin' | 'total' | 'home' | 'away' | 'none';

export interface MarketInstance {
  ev: SimEvent;
  market: string;
  period: string;
  shape: Shape;
  component: Component;
  selections: readonly string[];
  /** Sign applied to the threshold to get each selection's line (spread: home -x, away +x). */
  lineSigns: readonly number[];
  scope: Scope | null;
  /** The hidden truth: mean of the margin/total/stat (or the probability for `yes`). */
  mu: number;
  sd: number;
  /** Where `mu` reverts to, so a long run does not wander off. */
  anchor: number;
  alternates: number;
  /** Player props are pre-game only and close when the event goes live. */
  prop: boolean;
  player: string | null;
  closed: boolean;
  offBoardUntil: number;
  groups: BookGroup[];
}

export interface SimEvent {
  /** Mutated in place; copied when emitted so consumers never see it change. */
  event: SportEvent;
  live: { home: number; away: number; clock: number; period: number; incident?: Incident };
  league: LeagueDef;
  profile: SportProfile;
  instances: MarketInstance[];
  /** Groups not yet closed; the event is forgotten when this reaches 0 after it ends. */
  openGroups: number;
  suspendedUntil: number;
  suspendReason: string;
  suspended: boolean;
  offBoard: { until: number; instances: MarketInstance[] }[];
  breakEndsAt: number;
  /** Scoring plays per game second, per side. */
  scoreRate: { home: number; away: number };
  /** Scores when each period started, index = period. */
  periodStartHome: number[];
  periodStartAway: number[];
  /** Last 10-second mark of the clock that was reported. */
  clockMark: number;
  queued: boolean;
  /** Expected home margin and total: the markets' anchors. */
  model: EventModel;
  /** Players of both teams with props, once the full board is open. */
  roster: PlayerDef[];
  /** Whether the game-day board (periods, alternates, props) is open, or only the main lines. */
  full: boolean;
  /** Moves so far divided by weight: the event with the lowest in its league moves next. */
  pass: number;
  /** Created with the first incident (src/sources/simulator/incidents.ts). */
  incidents?: IncidentState;
}
