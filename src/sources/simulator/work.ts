// Pending work in arrival order: groups to re-quote and events whose score or clock changed.
// An item is queued at most once, so a burst (a suspension, a new board) is conflated to the
// latest state when the budget finally reaches it.
import type { SportEvent, Update } from '../../model/types.js';
import { BookGroup } from './group.js';
import type { SimEvent } from './model.js';

export function eventUpdate(ev: SimEvent, now: number): Update {
  const e = ev.event;
  const event: SportEvent = e.status === 'scheduled' ? { ...e } : { ...e, live: { ...ev.live } };
  return { kind: 'event', event, receivedAt: now };
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

  /** Flushes items while budget lasts; returns how many updates were emitted. */
  drain(now: number, budget: number, out: Update[], onGroup: (n: number) => void): number {
    let spent = 0;
    while (spent < budget && this.head < this.items.length) {
      const item = this.items[this.head++] as BookGroup | SimEvent;
      item.queued = false;
      if (item instanceof BookGroup) {
        const n = item.flush(now, out);
        spent += n;
        onGroup(n);
      } else {
        out.push(eventUpdate(item, now));
        spent++;
      }
    }
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return spent;
  }
}
