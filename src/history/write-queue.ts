// The bounded queue between append() and a driver's write(): encodes each appended chunk at
// once (so the cost is spread over appends instead of spiking at flush), groups chunks into
// batches, keeps one batch in flight (the next grows while a commit waits on disk: group
// commit) and resolves waitDurable() as commits land.
import type { Change } from '../model/types.js';

export interface WriteQueueOptions {
  /** Most Changes one write transaction carries (whole append() chunks). Default 5,000. */
  batchSize?: number;
  /** Longest an appended Change waits before its batch is written, in ms. Default 5. */
  flushIntervalMs?: number;
  /** Appended-but-not-durable Changes beyond which append() refuses. Default 200,000. */
  maxQueued?: number;
  /** Epoch ms; passed in so lag() can be tested. Default Date.now. */
  clock?: () => number;
}

export const WRITE_QUEUE_DEFAULTS = { batchSize: 5_000, flushIntervalMs: 5, maxQueued: 200_000 };

/** How a driver turns Changes into what it writes, and writes a batch of those. */
export interface WriteDriver<P> {
  encode(changes: readonly Change[]): P;
  /** Commits the whole batch in one transaction; resolves once it is durable. */
  write(batch: P[]): Promise<void>;
}

interface Entry<P> {
  payload: P;
  count: number;
  lastSeq: number;
  appendedAt: number;
}

interface Waiter {
  seq: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

export class WriteQueue<P> {
  readonly #batchSize: number;
  readonly #flushIntervalMs: number;
  readonly #maxQueued: number;
  readonly #clock: () => number;
  #pending: Entry<P>[] = [];
  #pendingCount = 0;
  #inFlight: Entry<P>[] = [];
  #inFlightCount = 0;
  #durable = 0;
  #waiters: Waiter[] = [];
  #timer: NodeJS.Timeout | undefined;
  #failure: Error | undefined;
  #started = false;
  #closing = false;

  constructor(
    opts: WriteQueueOptions,
    private readonly driver: WriteDriver<P>,
  ) {
    this.#batchSize = opts.batchSize ?? WRITE_QUEUE_DEFAULTS.batchSize;
    this.#flushIntervalMs = opts.flushIntervalMs ?? WRITE_QUEUE_DEFAULTS.flushIntervalMs;
    this.#maxQueued = opts.maxQueued ?? WRITE_QUEUE_DEFAULTS.maxQueued;
    this.#clock = opts.clock ?? Date.now;
  }

  start(durableSeq: number): void {
    this.#durable = durableSeq;
    this.#started = true;
  }

  append(changes: readonly Change[]): boolean {
    if (!this.#started || this.#closing || this.#failure) return false;
    if (this.queued() + changes.length > this.#maxQueued) return false;
    const last = changes[changes.length - 1];
    if (!last) return true;
    const payload = this.driver.encode(changes);
    this.#pending.push({
      payload,
      count: changes.length,
      lastSeq: last.seq,
      appendedAt: this.#clock(),
    });
    this.#pendingCount += changes.length;
    this.#schedule();
    return true;
  }

  queued(): number {
    return this.#pendingCount + this.#inFlightCount;
  }

  durableSeq(): number {
    return this.#durable;
  }

  lag(): { queued: number; oldestMs: number } {
    const oldest = this.#inFlight[0] ?? this.#pending[0];
    return { queued: this.queued(), oldestMs: oldest ? this.#clock() - oldest.appendedAt : 0 };
  }

  waitDurable(seq: number): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (seq <= this.#durable) return Promise.resolve();
    return new Promise((resolve, reject) => this.#waiters.push({ seq, resolve, reject }));
  }

  /** Writes everything appended so far and stops accepting more. */
  async drain(): Promise<void> {
    this.#closing = true;
    const last =
      this.#pending[this.#pending.length - 1] ?? this.#inFlight[this.#inFlight.length - 1];
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#flush();
    }
    if (last) await this.waitDurable(last.lastSeq);
    else if (this.#failure) throw this.#failure;
  }

  #schedule(): void {
    if (this.#inFlight.length > 0 || this.#timer) return;
    // A full batch still waits one macrotask so appends made in the same tick join it.
    const delay = this.#pendingCount >= this.#batchSize ? 0 : this.#flushIntervalMs;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#flush();
    }, delay);
  }

  #flush(): void {
    if (this.#inFlight.length > 0 || this.#pending.length === 0 || this.#failure) return;
    let take = 0;
    let count = 0;
    for (const e of this.#pending) {
      if (take > 0 && count + e.count > this.#batchSize) break;
      take++;
      count += e.count;
    }
    this.#inFlight = this.#pending.splice(0, take);
    this.#inFlightCount = count;
    this.#pendingCount -= count;
    const top = this.#inFlight[take - 1]!.lastSeq;
    this.driver.write(this.#inFlight.map((e) => e.payload)).then(
      () => this.#committed(top),
      (err: unknown) => this.#fail(err instanceof Error ? err : new Error(String(err))),
    );
  }

  #committed(seq: number): void {
    this.#inFlight = [];
    this.#inFlightCount = 0;
    if (seq > this.#durable) this.#durable = seq;
    const still: Waiter[] = [];
    for (const w of this.#waiters) {
      if (w.seq <= this.#durable) w.resolve();
      else still.push(w);
    }
    this.#waiters = still;
    // Whatever piled up during the commit has already waited long enough: write it now.
    if (this.#pending.length > 0) this.#flush();
  }

  #fail(err: Error): void {
    this.#failure = err;
    for (const w of this.#waiters) w.reject(err);
    this.#waiters = [];
  }
}
