// A binary min-heap of follower groups keyed by when each picks up the truth. Equal times pop
// in insertion order so runs stay deterministic.
import type { BookGroup } from './group.js';

export class FollowQueue {
  private readonly items: BookGroup[] = [];
  private readonly order: number[] = [];
  private counter = 0;

  get size(): number {
    return this.items.length;
  }

  push(group: BookGroup): void {
    this.items.push(group);
    this.order.push(this.counter++);
    this.up(this.items.length - 1);
  }

  /** Pops the earliest group due at or before `now`, or undefined. */
  popDue(now: number): BookGroup | undefined {
    const top = this.items[0];
    if (top === undefined || top.followAt > now) return undefined;
    const last = this.items.pop() as BookGroup;
    const lastOrder = this.order.pop() as number;
    if (this.items.length > 0) {
      this.items[0] = last;
      this.order[0] = lastOrder;
      this.down(0);
    }
    return top;
  }

  private less(a: number, b: number): boolean {
    const x = this.items[a] as BookGroup;
    const y = this.items[b] as BookGroup;
    return (
      x.followAt < y.followAt ||
      (x.followAt === y.followAt && (this.order[a] as number) < (this.order[b] as number))
    );
  }

  private swap(a: number, b: number): void {
    const items = this.items;
    const order = this.order;
    [items[a], items[b]] = [items[b] as BookGroup, items[a] as BookGroup];
    [order[a], order[b]] = [order[b] as number, order[a] as number];
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.items.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
