// Repeating timers behind a port, so heartbeat and push cadences can run on a fake clock in
// tests while everything else (sockets, pings) stays real.

export interface Scheduler {
  /** Calls `fn` every `ms` until the returned function is called. */
  every(ms: number, fn: () => void): () => void;
}

export const realScheduler: Scheduler = {
  every(ms, fn) {
    const t = setInterval(fn, ms);
    t.unref();
    return () => clearInterval(t);
  },
};

/** A scheduler and clock that move only when told to. */
export class ManualScheduler implements Scheduler {
  private nowMs: number;
  private readonly jobs = new Set<{ ms: number; next: number; fn: () => void }>();

  constructor(start = Date.now()) {
    this.nowMs = start;
  }

  readonly now = (): number => this.nowMs;

  every(ms: number, fn: () => void): () => void {
    const job = { ms, next: this.nowMs + ms, fn };
    this.jobs.add(job);
    return () => this.jobs.delete(job);
  }

  /** Moves time forward, running every job that falls due, in time order. */
  advance(ms: number): void {
    const end = this.nowMs + ms;
    for (;;) {
      let due: { ms: number; next: number; fn: () => void } | null = null;
      for (const j of this.jobs) if (j.next <= end && (!due || j.next < due.next)) due = j;
      if (!due) break;
      this.nowMs = due.next;
      due.next += due.ms;
      due.fn();
    }
    this.nowMs = end;
  }
}
