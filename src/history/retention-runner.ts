// Runs retention on a timer and keeps the last size and free-disk readings for /metrics and
// /readyz, so neither request measures anything itself.
import { statfs } from 'node:fs/promises';
import type { Scheduler } from '../timers/scheduler.js';
import type { HistoryStore, HistoryUsage } from './types.js';

export interface StorageStatus {
  usage: HistoryUsage | undefined;
  /** Free bytes for an unprivileged user on the data directory's disk; undefined until measured. */
  freeBytes: number | undefined;
  /** True while freeBytes is below the warning threshold. */
  diskLow: boolean;
  prunedTotal: number;
}

export interface RetentionRunnerDeps {
  history: Pick<HistoryStore, 'prune' | 'usage'>;
  dataDir: string;
  intervalMs: number;
  diskWarnBytes: number;
  scheduler: Scheduler;
  /** A cycle that failed (logged by the caller); the next one runs on time. */
  onError: (err: unknown) => void;
  onPruned?: (pruned: number, usage: HistoryUsage) => void;
}

export async function freeDiskBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
}

export class RetentionRunner {
  #status: StorageStatus = {
    usage: undefined,
    freeBytes: undefined,
    diskLow: false,
    prunedTotal: 0,
  };
  #stop: (() => void) | undefined;
  #running: Promise<void> | undefined;

  constructor(private readonly deps: RetentionRunnerDeps) {}

  /** A first cycle now (a store over its limits shrinks at start), then every intervalMs. */
  start(): void {
    if (this.deps.intervalMs <= 0) {
      void this.#guard(() => this.#measure());
      return;
    }
    void this.cycle();
    this.#stop = this.deps.scheduler.every(this.deps.intervalMs, () => void this.cycle());
  }

  /** One prune and measurement; a cycle still running is not started twice. */
  cycle(): Promise<void> {
    this.#running ??= this.#guard(async () => {
      const report = await this.deps.history.prune();
      this.#status.usage = report.usage;
      this.#status.prunedTotal += report.pruned;
      if (report.pruned > 0) this.deps.onPruned?.(report.pruned, report.usage);
      await this.#disk();
    }).finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  status(): StorageStatus {
    return { ...this.#status };
  }

  /** Stops the timer. A cycle under way ends with the store's close(), after its current batch. */
  stop(): void {
    this.#stop?.();
  }

  async #measure(): Promise<void> {
    this.#status.usage = await this.deps.history.usage();
    await this.#disk();
  }

  async #disk(): Promise<void> {
    const free = await freeDiskBytes(this.deps.dataDir);
    this.#status.freeBytes = free;
    this.#status.diskLow = free < this.deps.diskWarnBytes;
  }

  async #guard(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.deps.onError(err);
    }
  }
}
