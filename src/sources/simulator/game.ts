// An event's life: scheduled -> live -> (break -> live)* -> ended, with the clock running,
// scores arriving as random plays, and suspensions around scores, period ends and news.
import type { BookGroup } from './group.js';
import { maybeIncident, newsIncident } from './incidents.js';
import type { SimEvent } from './model.js';
import type { Rng } from './prng.js';
import { clockMark } from './work.js';

/** What the game needs from the simulator around it. */
export interface World {
  readonly rng: Rng;
  /** World seconds per real second: 60 plays an hour of sport in a minute. */
  readonly speed: number;
  /** Status changes are emitted at once; score and clock changes may be conflated. */
  eventChanged(ev: SimEvent, statusChanged: boolean): void;
  /** Every book re-quotes the event (a suspension started or ended, a market closed). */
  requoteAll(ev: SimEvent): void;
  requote(group: BookGroup): void;
  ended(ev: SimEvent): void;
}

/**
 * News about one event, on average, per this many world seconds: in play (a VAR check, an
 * injury), and on game day before kick-off (line-ups, a late scratch). Days ahead news is rare
 * enough to leave to the ordinary line moves.
 */
const NEWS_EVERY_SECONDS = { inPlay: 1800, gameDay: 3 * 3600 } as const;

export function advanceGame(ev: SimEvent, now: number, dtMs: number, w: World): void {
  releaseHolds(ev, now, w);
  const status = ev.event.status;
  if (status === 'ended') return;
  const every =
    status !== 'scheduled' ? NEWS_EVERY_SECONDS.inPlay : ev.full ? NEWS_EVERY_SECONDS.gameDay : 0;
  if (every > 0 && w.rng.chance((dtMs / 1000) * (w.speed / every))) news(ev, now, w);
  if (status === 'scheduled') {
    if (now >= ev.event.startsAt) goLive(ev, w);
  } else if (status === 'break') {
    if (now >= ev.breakEndsAt) nextPeriod(ev, w);
  } else if (status === 'live') {
    play(ev, now, (dtMs / 1000) * w.speed * ev.profile.clockRate, w);
  }
}

function goLive(ev: SimEvent, w: World): void {
  ev.event.status = 'live';
  ev.live.period = 1;
  ev.live.clock = ev.league.clock.countsUp ? 0 : ev.league.clock.periodSeconds;
  ev.periodStartHome[1] = 0;
  ev.periodStartAway[1] = 0;
  for (const inst of ev.instances) if (inst.prop) inst.closed = true;
  w.eventChanged(ev, true);
  w.requoteAll(ev);
}

function nextPeriod(ev: SimEvent, w: World): void {
  ev.event.status = 'live';
  ev.live.period++;
  ev.live.clock = ev.league.clock.countsUp ? 0 : ev.league.clock.periodSeconds;
  ev.periodStartHome[ev.live.period] = ev.live.home;
  ev.periodStartAway[ev.live.period] = ev.live.away;
  w.eventChanged(ev, true);
  w.requoteAll(ev);
}

function play(ev: SimEvent, now: number, gameSeconds: number, w: World): void {
  const { periods, periodSeconds, countsUp } = ev.league.clock;
  const live = ev.live;
  const left = countsUp ? periodSeconds - live.clock : live.clock;
  const step = Math.min(gameSeconds, left);
  live.clock += countsUp ? step : -step;

  let scored = score(ev, 'home', step, w) + score(ev, 'away', step, w);
  if (scored > 0 && ev.profile.suspendOnScore)
    suspend(ev, now, w.rng.range(5000, 15000) / w.speed, 'score', w);

  if (step >= left) {
    if (live.period < periods) {
      endPeriod(ev, now, w);
      return;
    }
    if (live.home === live.away && !ev.league.draws) {
      // Overtime is not modelled: someone wins it at the buzzer.
      if (w.rng.chance(0.5)) live.home++;
      else live.away++;
      scored++;
    }
    end(ev, w);
    return;
  }
  if (maybeIncident(ev, step)) {
    w.eventChanged(ev, true);
    return;
  }
  const mark = clockMark(ev);
  if (scored > 0 || mark !== ev.clockMark) {
    ev.clockMark = mark;
    w.eventChanged(ev, false);
  }
}

function score(ev: SimEvent, side: 'home' | 'away', seconds: number, w: World): number {
  if (!w.rng.chance(ev.scoreRate[side] * seconds)) return 0;
  const points = ev.profile.scorePoints[w.rng.weighted(ev.profile.scoreWeights)] ?? 1;
  ev.live[side] += points;
  return points;
}

function endPeriod(ev: SimEvent, now: number, w: World): void {
  const period = ev.live.period;
  const { periods } = ev.league.clock;
  const halftime = periods % 2 === 0 && period === periods / 2;
  const seconds = halftime ? ev.profile.halftimeSeconds : ev.profile.breakSeconds;
  ev.event.status = 'break';
  ev.breakEndsAt = now + (seconds * 1000) / w.speed;
  for (const inst of ev.instances) if (inst.scope && inst.scope.to <= period) inst.closed = true;
  suspend(ev, now, (Math.min(30, seconds / 2) * 1000) / w.speed, 'period_end', w);
  w.eventChanged(ev, true);
}

function end(ev: SimEvent, w: World): void {
  ev.event.status = 'ended';
  for (const inst of ev.instances) inst.closed = true;
  w.eventChanged(ev, true);
  w.requoteAll(ev);
  w.ended(ev);
}

/** Whether feeds show the event's suspension beside its score (in play only). */
const inPlay = (ev: SimEvent) => ev.event.status === 'live' || ev.event.status === 'break';

function suspend(ev: SimEvent, now: number, ms: number, reason: string, w: World): void {
  if (!ev.suspended && inPlay(ev)) w.eventChanged(ev, false);
  ev.suspended = true;
  ev.suspendReason = reason;
  ev.suspendedUntil = Math.max(ev.suspendedUntil, now + ms);
  w.requoteAll(ev);
}

function releaseHolds(ev: SimEvent, now: number, w: World): void {
  if (ev.suspended && now >= ev.suspendedUntil) {
    ev.suspended = false;
    if (inPlay(ev)) w.eventChanged(ev, false);
    w.requoteAll(ev);
  }
  while (ev.offBoard.length > 0 && (ev.offBoard[0]?.until ?? 0) <= now) {
    for (const inst of ev.offBoard.shift()?.instances ?? [])
      for (const g of inst.groups) w.requote(g);
  }
}

/** A player's props come off the board, or the whole event is suspended; either way the truth jumps. */
function news(ev: SimEvent, now: number, w: World): void {
  const rng = w.rng;
  const players = ev.event.status === 'scheduled' ? (ev.event.players ?? []) : [];
  if (players.length > 0 && rng.chance(0.6)) {
    const player = rng.pick(players).id;
    const until = now + rng.range(60_000, 180_000) / w.speed;
    const affected = ev.instances.filter((i) => i.player === player && !i.closed);
    for (const inst of affected) {
      inst.offBoardUntil = until;
      inst.mu += rng.normal() * inst.sd * 0.3;
      for (const g of inst.groups) {
        g.seen = inst.mu;
        w.requote(g);
      }
    }
    ev.offBoard.push({ until, instances: affected });
    ev.offBoard.sort((a, b) => a.until - b.until);
    return;
  }
  for (const inst of ev.instances) {
    if (inst.prop) continue;
    inst.mu += rng.normal() * inst.sd * 0.08;
    for (const g of inst.groups) g.seen = inst.mu;
  }
  if (inPlay(ev)) {
    newsIncident(ev);
    w.eventChanged(ev, true);
  }
  suspend(ev, now, rng.range(10_000, 30_000) / w.speed, 'news', w);
}
