// How long to wait before retrying a failed write or connect: exponential, capped, with
// jitter, so many servers that lost the same database do not retry in lockstep.

export interface Backoff {
  /** First delay, in ms. */
  minMs: number;
  /** Longest delay, in ms. */
  maxMs: number;
}

/**
 * Delay before retry number `attempt` (1 for the first retry): a random point in the upper
 * half of min·2^(attempt-1), capped at max. "Equal jitter": never near zero, never in step.
 */
export function retryDelay(
  b: Backoff,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(b.maxMs, b.minMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
