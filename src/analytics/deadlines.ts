// A min-heap of deadlines: when a quote goes stale or a steam window ends, the engine must act
// without a Change arriving. Entries are never removed early; a popped entry whose owner has
// moved on is skipped by the caller (lazy deletion keeps every operation O(log n)).

export class Deadlines<T> {
  private readonly at: number[] = [];
  private readonly items: T[] = [];

  get size(): number {
    return this.at.length;
  }

  push(at: number, item: T): void {
    this.at.push(at);
    this.items.push(item);
    let i = this.at.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.at[parent] ?? 0) <= at) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Removes and returns the earliest item due at or before `now`, if any. */
  popDue(now: number): { at: number; item: T } | null {
    const first = this.at[0];
    if (first === undefined || first > now) return null;
    const item = this.items[0] as T;
    const lastAt = this.at.pop() as number;
    const lastItem = this.items.pop() as T;
    if (this.at.length > 0) {
      this.at[0] = lastAt;
      this.items[0] = lastItem;
      this.sink(0);
    }
    return { at: first, item };
  }

  private sink(start: number): void {
    const n = this.at.length;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && (this.at[l] ?? 0) < (this.at[m] ?? 0)) m = l;
      if (r < n && (this.at[r] ?? 0) < (this.at[m] ?? 0)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(i: number, j: number): void {
    const a = this.at[i] as number;
    this.at[i] = this.at[j] as number;
    this.at[j] = a;
    const t = this.items[i] as T;
    this.items[i] = this.items[j] as T;
    this.items[j] = t;
  }
}
