// One queued async iterator for every stream of the SDK: back-pressure, end and failure live here.

export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  private items: T[] = [];
  private waiting: ((r: IteratorResult<T>) => void) | null = null;
  private failWaiting: ((e: unknown) => void) | null = null;
  private done = false;
  private error: unknown = null;

  constructor(private readonly onReturn: () => void = () => {}) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    if (this.done) return;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      this.failWaiting = null;
      w({ value: item, done: false });
    } else this.items.push(item);
  }

  /** Drops what is queued (the caller pushes a replacement that supersedes it). */
  clear(): void {
    this.items = [];
  }

  end(): void {
    if (this.done) return;
    this.done = true;
    this.settle();
  }

  fail(error: unknown): void {
    if (this.done) return;
    this.done = true;
    this.error = error;
    this.settle();
  }

  next(): Promise<IteratorResult<T>> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve({ value: item, done: false });
    if (this.done) {
      if (this.error !== null) {
        const e = this.error;
        this.error = null;
        return Promise.reject(e);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failWaiting = reject;
    });
  }

  /** `break` out of a for-await loop lands here. */
  return(): Promise<IteratorResult<T>> {
    this.items = [];
    this.end();
    this.onReturn();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private settle(): void {
    const w = this.waiting;
    const f = this.failWaiting;
    this.waiting = null;
    this.failWaiting = null;
    if (!w) return;
    if (this.error !== null && f) {
      const e = this.error;
      this.error = null;
      f(e);
    } else w({ value: undefined, done: true });
  }
}
