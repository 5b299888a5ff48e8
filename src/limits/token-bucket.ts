// A token bucket refilled continuously: at most `rate` takes per second, bursts up to `rate`.
// Shared by the hub (client messages per connection) and dialects that meter requests.

export interface Bucket {
  tokens: number;
  at: number;
}

export function fullBucket(rate: number, now: number): Bucket {
  return { tokens: rate, at: now };
}

/** Refills `b` up to `now` and takes one token; false when none is left. */
export function take(b: Bucket, rate: number, now: number): boolean {
  b.tokens = Math.min(rate, b.tokens + ((now - b.at) / 1000) * rate);
  b.at = now;
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}
