// Pending work in arrival order: groups to re-quote and events whose score or clock changed.
// An item is queued at most once, so a burst (a suspension, a new board) is conflated to the
// latest state when the budget finally reaches it.
import type { SportEvent, Update } from '../../model/types.js';
import { BookGroup } from './group.js';
import type { SimEvent } from './model.js';

export function eventUpdate(ev: SimEvent, now: number): Update {
  const e = ev.event;
  const event: SportEvent = e.status === 'scheduled' ? { ...e } : { ...e, live: liveState(ev) };
  return { kind: 'event', event, receivedAt: now };
}

/**
 * The live state as a feed shows it: the clock in whole seconds (a running-down clock shows the
 * second it is in, 7:00.1 as 7:01), and no clock at all for sports that count innings or sets.
 */
function liveState(ev: SimEvent): SportEvent['live'] {
  const { home, away, period, incident } = ev.live;
  return {
    home,
    away,
    period,
    clock: shownClock(ev),
    ...(ev.suspended ? { suspended: true } : {}),
    ...(incident ? { incident } : {}),
  };
}

function shownClock(ev: SimEvent): number {
  if (ev.profile.clockless) return 0;
  const clock = ev.live.clock;
  return ev.league.clock.countsUp ? Math.floor(clock) : Math.ceil(clock);
}

/** The 10-second mark of the shown clock: the feed reports the clock as it passes each one. */
export function clockMark(ev: SimEvent): number {
  return Math.floor(shownClock(ev) / 10);
}

export class WorkQueue {
  private items: (BookGroup | SimEvent)[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  add(item: BookGroup | SimEvent): void {
    if (item.queued) return;
    if (item instanceof BookGroup && item.dead) return;
    item.queued = true;
    this.items.push(item);
  }

  /** Flushes the oldest item; returns how many updates it emitted. */
  flushNext(now: number, out: Update[]): number {
    const item = this.items[this.head++];
    if (item === undefined) return 0;
    item.queued = false;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    if (item instanceof BookGroup) return item.flush(now, out);
    out.push(eventUpdate(item, now));
    return 1;
  }

  /** Flushes everything queued at once, whatever it costs (the opening board). */
  flushAll(now: number, out: Update[]): number {
    let n = 0;
    while (this.size > 0) n += this.flushNext(now, out);
    return n;
  }
}
