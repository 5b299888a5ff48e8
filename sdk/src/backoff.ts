// Full-jitter exponential backoff (AWS architecture blog, "Exponential Backoff and Jitter"):
// a uniform draw below an exponentially growing cap spreads a crowd of reconnecting clients
// evenly instead of in waves.

export interface BackoffOptions {
  /** Cap of the first retry, ms. */
  baseMs: number;
  /** Largest cap, ms. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 250, maxMs: 30_000 };

/** Delay before retry number `attempt` (0-based); `random` is a draw in [0, 1). */
export function backoffDelay(attempt: number, opts: BackoffOptions, random: number): number {
  const cap = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random * cap);
}
