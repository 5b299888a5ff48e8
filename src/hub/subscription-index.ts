// Finds the subscriptions a Change may match without scanning every subscription: each one is
// filed under its most selective dimension (event > league > sport > everything), and only the
// buckets a Change belongs to are checked against the full filter.
import type { CompiledFilter } from '../model/filter.js';
import type { Change } from '../model/types.js';

export interface Indexed {
  readonly filter: CompiledFilter;
}

type Bucket<T> = Map<string, Set<T>>;

function addTo<T>(bucket: Bucket<T>, key: string, item: T): void {
  let set = bucket.get(key);
  if (!set) {
    set = new Set();
    bucket.set(key, set);
  }
  set.add(item);
}

function removeFrom<T>(bucket: Bucket<T>, key: string, item: T): void {
  const set = bucket.get(key);
  if (!set) return;
  set.delete(item);
  if (set.size === 0) bucket.delete(key);
}

export class SubscriptionIndex<T extends Indexed> {
  private readonly byEvent: Bucket<T> = new Map();
  private readonly byLeague: Bucket<T> = new Map();
  private readonly bySport: Bucket<T> = new Map();
  private readonly everything = new Set<T>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  private place(item: T, fn: (bucket: Bucket<T> | null, key: string) => void): void {
    const f = item.filter;
    if (f.events) for (const k of f.events) fn(this.byEvent, k);
    else if (f.leagues) for (const k of f.leagues) fn(this.byLeague, k);
    else if (f.sports) for (const k of f.sports) fn(this.bySport, k);
    else fn(null, '');
  }

  add(item: T): void {
    this.place(item, (bucket, key) =>
      bucket ? addTo(bucket, key, item) : this.everything.add(item),
    );
    this.count++;
  }

  remove(item: T): void {
    this.place(item, (bucket, key) =>
      bucket ? removeFrom(bucket, key, item) : this.everything.delete(item),
    );
    this.count--;
  }

  /** Calls `visit` for every candidate; the caller applies the full filter. */
  candidates(c: Change, visit: (item: T) => void): void {
    const eventId = c.kind === 'quote' ? c.key.event : c.after.id;
    for (const item of this.everything) visit(item);
    const s = this.bySport.get(c.sport);
    if (s) for (const item of s) visit(item);
    const l = this.byLeague.get(c.league);
    if (l) for (const item of l) visit(item);
    const e = this.byEvent.get(eventId);
    if (e) for (const item of e) visit(item);
  }
}
