// The event-level fields TickOdds shows beside the odds: score, clock, period label, status.
// Labels follow bet365's wording (`1st Half`, `Half Time`); none of them is documented beyond
// the spec's examples, so the per-sport units are ours (docs/dialects/tickodds.md).
import type { LeagueDef } from '../../catalog/types.js';
import type { SportEvent } from '../../model/types.js';

export type LiveStatus = 'in_progress' | 'half_time' | 'ended' | 'suspended';

/** Sports whose feed has no game clock (innings, sets). */
const CLOCKLESS = new Set(['baseball', 'tennis']);

const ORDINALS = ['1st', '2nd', '3rd', '4th', '5th', '6th', '7th', '8th', '9th'];

function unit(sport: string, league: LeagueDef): string {
  if (sport === 'tennis') return 'Set';
  if (sport === 'mma') return 'Round';
  switch (league.clock.periods) {
    case 2:
      return 'Half';
    case 3:
      return 'Period';
    case 4:
      return 'Quarter';
    case 9:
      return 'Inning';
    default:
      return 'Round';
  }
}

function periodName(n: number, e: SportEvent, league: LeagueDef): string {
  if (n > league.clock.periods) return 'Overtime';
  return `${ORDINALS[n - 1] ?? `${n}th`} ${unit(e.sport, league)}`;
}

function isHalfTime(e: SportEvent, league: LeagueDef): boolean {
  const periods = league.clock.periods;
  return e.status === 'break' && periods % 2 === 0 && e.live?.period === periods / 2;
}

export function scoreOf(e: SportEvent): string {
  return `${e.live?.home ?? 0}-${e.live?.away ?? 0}`;
}

const two = (n: number) => String(n).padStart(2, '0');

/** `mm:ss` as the match clock shows it: elapsed for sports that count up, else time left. */
export function clockOf(e: SportEvent, league: LeagueDef): string | null {
  if (CLOCKLESS.has(e.sport) || !e.live) return null;
  const { periodSeconds, countsUp } = league.clock;
  const period = Math.max(1, e.live.period);
  const seconds = countsUp ? (period - 1) * periodSeconds + e.live.clock : e.live.clock;
  const s = Math.max(0, Math.floor(seconds));
  return `${two(Math.floor(s / 60))}:${two(s % 60)}`;
}

export function periodOf(e: SportEvent, league: LeagueDef): string {
  if (e.status === 'ended') return 'Full Time';
  const n = e.live?.period ?? 0;
  if (n === 0) return 'Not Started';
  if (isHalfTime(e, league)) return 'Half Time';
  if (e.status === 'break') return `End of ${periodName(n, e, league)}`;
  return periodName(n, e, league);
}

export function statusOf(e: SportEvent, league: LeagueDef): LiveStatus {
  if (e.status === 'ended' || e.status === 'cancelled' || e.status === 'postponed') return 'ended';
  if (e.status === 'suspended' || e.live?.suspended === true) return 'suspended';
  if (isHalfTime(e, league)) return 'half_time';
  return 'in_progress';
}

/** Whether TickOdds lists the event on the live feed. */
export function isLive(e: SportEvent): boolean {
  return e.status === 'live' || e.status === 'break' || e.status === 'suspended';
}

const INCIDENTS: Record<string, string> = {
  goal: 'Goal',
  yellow_card: 'Yellow Card',
  red_card: 'Red Card',
  injury: 'Injury',
  var: 'VAR Check',
  penalty: 'Penalty',
  timeout: 'Timeout',
  challenge: 'Challenge',
  power_play: 'Power Play',
};

export function incidentLabel(kind: string): string {
  return (
    INCIDENTS[kind] ??
    kind
      .split('_')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(' ')
  );
}
