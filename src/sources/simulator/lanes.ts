// Sharing the update budget between leagues: one lane per league, served in proportion to its
// weight (stride scheduling: the lane that has used least of its share goes next). A league with
// games in play gets more, and the quietest league still moves every few seconds, so a client
// subscribed to any one league sees it alive. Within a lane pending work goes first (re-quotes,
// followers catching up), then boards opening (a newly listed game, game day's full board) and
// fresh moves on its events take turns, so opening a board never freezes the games in play.
import type { SimEvent } from './model.js';
import { WorkQueue } from './work.js';

/** In-play games move most, as in real markets; games days away least. */
const WEIGHT = { live: 4, gameDay: 1, later: 0.5 } as const;
/** A lane's weight is this floor plus this share of its events' weights. */
const LANE_FLOOR = 1;
const LANE_SHARE = 0.25;

export class Lane {
  readonly events: SimEvent[] = [];
  readonly work = new WorkQueue();
  /** Boards of newly listed games and game-day boards, waiting their turn. */
  readonly opening = new WorkQueue();
  /** While boards wait, actions alternate: this one opens a board (true) or moves a price. */
  openTurn = false;
  /** Budget used so far divided by weight: the lane with the lowest goes next. */
  pass = 0;
  weight = LANE_FLOOR;

  constructor(readonly league: string) {}

  reweigh(gameDayStartsBefore: number): void {
    let sum = 0;
    for (const ev of this.events) sum += eventWeight(ev, gameDayStartsBefore);
    this.weight = LANE_FLOOR + LANE_SHARE * sum;
  }

  /**
   * The event to move a price on next: the same stride rule inside the lane, so every event
   * moves in turn, in-play ones four times as often. Null when none can move.
   */
  pick(gameDayStartsBefore: number): SimEvent | null {
    let best: SimEvent | null = null;
    for (const ev of this.events) {
      if (movable(ev, gameDayStartsBefore) === 0) continue;
      if (!best || ev.pass < best.pass) best = ev;
    }
    return best;
  }

  /** Books a move of `updates` updates on `ev`. */
  charge(ev: SimEvent, updates: number, gameDayStartsBefore: number): void {
    ev.pass += Math.max(updates, 1) / Math.max(eventWeight(ev, gameDayStartsBefore), WEIGHT.later);
  }

  add(ev: SimEvent): void {
    let low = Number.POSITIVE_INFINITY;
    for (const other of this.events) low = Math.min(low, other.pass);
    ev.pass = Number.isFinite(low) ? low : 0;
    this.events.push(ev);
  }
}

function eventWeight(ev: SimEvent, gameDayStartsBefore: number): number {
  const status = ev.event.status;
  if (status === 'ended') return 0;
  if (status !== 'scheduled') return WEIGHT.live;
  return ev.event.startsAt < gameDayStartsBefore ? WEIGHT.gameDay : WEIGHT.later;
}

function movable(ev: SimEvent, gameDayStartsBefore: number): number {
  return ev.suspended ? 0 : eventWeight(ev, gameDayStartsBefore);
}

/** The lane with events whose share is least used; ties go to the first. */
export function nextLane(lanes: readonly Lane[]): Lane | null {
  let best: Lane | null = null;
  for (const lane of lanes) {
    if (lane.events.length === 0) continue;
    if (!best || lane.pass < best.pass) best = lane;
  }
  return best;
}
