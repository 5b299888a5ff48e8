// The latest item per quote key, released in seq order: what a slow reader's conflation, a
// subscription's conflateMs window and a batch dialect's cadence all hold. Memory is bounded by
// the number of distinct keys, and whoever takes the items converges on the true state.

interface Held<T> {
  seq: number;
  item: T;
  size: number;
}

export class LatestPerKey<T> {
  private held = new Map<string, Held<T>>();
  private bytes = 0;

  /** `size` is what the item costs (bytes, for frames). True when it replaced an older one. */
  hold(key: string, seq: number, item: T, size = 0): boolean {
    const prev = this.held.get(key);
    if (prev) this.bytes -= prev.size;
    this.held.set(key, { seq, item, size });
    this.bytes += size;
    return prev !== undefined;
  }

  /** The item held for a key, if any. */
  peek(key: string): T | undefined {
    return this.held.get(key)?.item;
  }

  get count(): number {
    return this.held.size;
  }

  get heldBytes(): number {
    return this.bytes;
  }

  /** Everything held, oldest seq first; the holder is empty afterwards. */
  take(): T[] {
    const out = [...this.held.values()].sort((a, b) => a.seq - b.seq).map((q) => q.item);
    this.held = new Map();
    this.bytes = 0;
    return out;
  }
}
