// Timers behind a port, so heartbeats, pings, drains, conflation windows and push cadences can
// run on a fake clock in tests while sockets stay real. Every callback is exception-safe: an
// error is reported to `onError` (logged and counted by the composition root), never fatal.

export interface Scheduler {
  /** Calls `fn` every `ms` until the returned function is called. */
  every(ms: number, fn: () => void): () => void;
  /** Calls `fn` once after `ms` unless the returned function is called first. */
  after(ms: number, fn: () => void): () => void;
}

export type ErrorSink = (err: unknown) => void;

const guarded = (fn: () => void, onError: ErrorSink) => () => {
  try {
    fn();
  } catch (err) {
    onError(err);
  }
};

/** Real timers, unref'd so they never keep the process alive. */
export function realScheduler(onError: ErrorSink = () => {}): Scheduler {
  return {
    every(ms, fn) {
      const t = setInterval(guarded(fn, onError), ms);
      t.unref();
      return () => clearInterval(t);
    },
    after(ms, fn) {
      const t = setTimeout(guarded(fn, onError), ms);
      t.unref();
      return () => clearTimeout(t);
    },
  };
}

interface Job {
  ms: number;
  next: number;
  fn: () => void;
  repeat: boolean;
}

/** A scheduler and clock that move only when told to. */
export class ManualScheduler implements Scheduler {
  private nowMs: number;
  private readonly jobs = new Set<Job>();

  constructor(
    start = Date.now(),
    private readonly onError: ErrorSink = (err) => {
      throw err;
    },
  ) {
    this.nowMs = start;
  }

  readonly now = (): number => this.nowMs;

  every(ms: number, fn: () => void): () => void {
    return this.add({ ms, next: this.nowMs + ms, fn, repeat: true });
  }

  after(ms: number, fn: () => void): () => void {
    return this.add({ ms, next: this.nowMs + ms, fn, repeat: false });
  }

  private add(job: Job): () => void {
    this.jobs.add(job);
    return () => this.jobs.delete(job);
  }

  /** Moves time forward, running every job that falls due, in time order. */
  advance(ms: number): void {
    const end = this.nowMs + ms;
    for (;;) {
      let due: Job | null = null;
      for (const j of this.jobs) if (j.next <= end && (!due || j.next < due.next)) due = j;
      if (!due) break;
      this.nowMs = due.next;
      if (due.repeat) due.next += due.ms;
      else this.jobs.delete(due);
      guarded(due.fn, this.onError)();
    }
    this.nowMs = end;
  }
}
