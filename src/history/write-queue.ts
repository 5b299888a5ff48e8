// The bounded queue between append() and a driver's write(): encodes each appended chunk at
// once (so the cost is spread over appends instead of spiking at flush), groups chunks into
// batches, keeps one batch in flight (the next grows while a commit waits on disk: group
// commit) and resolves waitDurable() as commits land. A failed write is retried with back-off,
// the batch kept: while it fails, room() is 0, so the pipeline applies nothing new.
import type { Change } from '../model/types.js';
import { type Backoff, retryDelay } from './backoff.js';
import type { HistoryHealth } from './types.js';

export interface WriteQueueOptions {
  /** Most Changes one write transaction carries (whole append() chunks). Default 5,000. */
  batchSize?: number;
  /** Longest an appended Change waits before its batch is written, in ms. Default 5. */
  flushIntervalMs?: number;
  /** Appended-but-not-durable Changes beyond which append() refuses. Default 200,000. */
  maxQueued?: number;
  /** Epoch ms; passed in so lag() can be tested. Default Date.now. */
  clock?: () => number;
  /** Back-off between retries of a failed write (and, for PostgreSQL, of connecting). */
  retry?: Backoff;
  /**
   * How long close() waits on writes that make no progress (a failing store) before it gives
   * up; a slow but committing backlog is written whole. Default 10,000 ms.
   */
  closeTimeoutMs?: number;
  /** Told of every failed attempt (with the delay before the next) and of the recovery. */
  onHealth?: (event: HealthEvent) => void;
}

export type HealthEvent =
  | { type: 'failed'; op: 'write' | 'connect'; error: Error; attempt: number; retryInMs: number }
  | { type: 'recovered'; attempts: number; downMs: number }
  | { type: 'abandoned'; error: Error; queued: number };

export const WRITE_QUEUE_DEFAULTS = {
  batchSize: 5_000,
  flushIntervalMs: 5,
  maxQueued: 200_000,
  retry: { minMs: 100, maxMs: 5_000 },
  closeTimeoutMs: 10_000,
};

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
  readonly maxQueued: number;
  readonly #clock: () => number;
  readonly #retry: Backoff;
  readonly #closeTimeoutMs: number;
  readonly #onHealth: (event: HealthEvent) => void;
  #pending: Entry<P>[] = [];
  #pendingCount = 0;
  #inFlight: Entry<P>[] = [];
  #inFlightCount = 0;
  #durable = 0;
  #waiters: Waiter[] = [];
  #timer: NodeJS.Timeout | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  /** close()'s give-up timer; every commit restarts it. */
  #giveUp: NodeJS.Timeout | undefined;
  /** Set while the in-flight batch keeps failing; cleared by the commit that succeeds. */
  #failing: { error: Error; since: number; attempts: number } | undefined;
  #failuresTotal = 0;
  /** Set once close() gave up: nothing more will be written. */
  #abandoned: Error | undefined;
  /** True once a Change was refused after being applied: this run cannot close clean. */
  #lost = false;
  #started = false;
  #closing = false;

  constructor(
    opts: WriteQueueOptions,
    private readonly driver: WriteDriver<P>,
  ) {
    this.#batchSize = opts.batchSize ?? WRITE_QUEUE_DEFAULTS.batchSize;
    this.#flushIntervalMs = opts.flushIntervalMs ?? WRITE_QUEUE_DEFAULTS.flushIntervalMs;
    this.maxQueued = opts.maxQueued ?? WRITE_QUEUE_DEFAULTS.maxQueued;
    this.#clock = opts.clock ?? Date.now;
    this.#retry = opts.retry ?? WRITE_QUEUE_DEFAULTS.retry;
    this.#closeTimeoutMs = opts.closeTimeoutMs ?? WRITE_QUEUE_DEFAULTS.closeTimeoutMs;
    this.#onHealth = opts.onHealth ?? (() => {});
  }

  start(durableSeq: number): void {
    this.#durable = durableSeq;
    this.#started = true;
  }

  append(changes: readonly Change[]): boolean {
    if (!this.#started || this.#closing || this.queued() + changes.length > this.maxQueued) {
      // Callers check room() first; a refusal here means applied Changes go unstored.
      if (changes.length > 0) this.#lost = true;
      return false;
    }
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

  /** Changes append() takes now: 0 while writes fail, before start and once closing. */
  room(): number {
    if (!this.#started || this.#closing || this.#failing) return 0;
    return Math.max(0, this.maxQueued - this.queued());
  }

  health(): HistoryHealth {
    const f = this.#failing;
    return {
      writable: f === undefined && this.#abandoned === undefined,
      closed: this.#closing,
      failuresTotal: this.#failuresTotal,
      ...(f ? { error: f.error.message, failingSinceMs: f.since, attempts: f.attempts } : {}),
    };
  }

  /** True when every Change ever appended is durable and none was refused after being applied. */
  clean(): boolean {
    return !this.#lost && this.#abandoned === undefined && this.queued() === 0;
  }

  durableSeq(): number {
    return this.#durable;
  }

  lag(): { queued: number; oldestMs: number } {
    const oldest = this.#inFlight[0] ?? this.#pending[0];
    return { queued: this.queued(), oldestMs: oldest ? this.#clock() - oldest.appendedAt : 0 };
  }

  /** Resolves once `seq` is durable; a failing write keeps it waiting, only close() giving up rejects. */
  waitDurable(seq: number): Promise<void> {
    if (seq <= this.#durable) return Promise.resolve();
    if (this.#abandoned) return Promise.reject(this.#abandoned);
    return new Promise((resolve, reject) => this.#waiters.push({ seq, resolve, reject }));
  }

  /**
   * Writes everything appended so far and stops accepting more. Once closeTimeoutMs passes
   * without a commit (a failing write), the rest is abandoned and drain() rejects.
   */
  async drain(): Promise<void> {
    this.#closing = true;
    const last =
      this.#pending[this.#pending.length - 1] ?? this.#inFlight[this.#inFlight.length - 1];
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#flush();
    }
    if (!last) return;
    const timeout = new Promise<never>((_, reject) => {
      this.#giveUp = setTimeout(() => {
        const error = new Error(
          `history write still failing after ${this.#closeTimeoutMs} ms at close: ${this.#failing?.error.message ?? 'not committed'}`,
        );
        this.#abandon(error);
        reject(error);
      }, this.#closeTimeoutMs);
    });
    try {
      await Promise.race([this.waitDurable(last.lastSeq), timeout]);
    } finally {
      clearTimeout(this.#giveUp);
      this.#giveUp = undefined;
    }
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
    if (this.#inFlight.length > 0 || this.#pending.length === 0 || this.#abandoned) return;
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
    this.#write();
  }

  /** Writes the in-flight batch; on failure it stays in flight and is written again later. */
  #write(): void {
    const top = this.#inFlight[this.#inFlight.length - 1]!.lastSeq;
    let written: Promise<void>;
    try {
      written = this.driver.write(this.#inFlight.map((e) => e.payload));
    } catch (err) {
      written = Promise.reject(err);
    }
    written.then(
      () => this.#committed(top),
      (err: unknown) => this.#failed(err instanceof Error ? err : new Error(String(err))),
    );
  }

  #failed(error: Error): void {
    if (this.#abandoned) return;
    this.#failuresTotal++;
    const f = this.#failing ?? { error, since: this.#clock(), attempts: 0 };
    f.error = error;
    f.attempts++;
    this.#failing = f;
    const retryInMs = retryDelay(this.#retry, f.attempts);
    this.#onHealth({ type: 'failed', op: 'write', error, attempt: f.attempts, retryInMs });
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      if (!this.#abandoned) this.#write();
    }, retryInMs);
  }

  #abandon(error: Error): void {
    this.#abandoned = error;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#onHealth({ type: 'abandoned', error, queued: this.queued() });
    for (const w of this.#waiters) w.reject(error);
    this.#waiters = [];
  }

  #committed(seq: number): void {
    if (this.#abandoned) return;
    const f = this.#failing;
    if (f) {
      this.#failing = undefined;
      this.#onHealth({ type: 'recovered', attempts: f.attempts, downMs: this.#clock() - f.since });
    }
    this.#inFlight = [];
    this.#inFlightCount = 0;
    this.#giveUp?.refresh();
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
}
