// Where a long bench run is, for a person watching it: on a terminal each scenario line starts
// with its place in the run, the time so far and a rough time left; piped, lines stay as they are
// (a log reader wants them stable).

export interface Progress {
  /** The label for the next (scenario, target) pair, and counts it as started. */
  next(): string;
}

function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1_000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** `[3/12 · 2m10s, ~6m left] ` on a terminal; an empty label otherwise. */
export function progress(total: number, tty: boolean, now: () => number = Date.now): Progress {
  const started = now();
  let done = 0;
  return {
    next() {
      if (!tty) return '';
      const elapsed = now() - started;
      const left = done > 0 ? ` · ~${clock((elapsed / done) * (total - done))} left` : '';
      done++;
      return `[${done}/${total} · ${clock(elapsed)}${left}] `;
    },
  };
}
