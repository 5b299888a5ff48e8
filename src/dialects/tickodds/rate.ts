// REST metering per key (spec §3.3): a per-minute sliding window (the previous minute's count
// weighted by how much of it is still inside the window, plus this minute's) and a daily count
// that resets at UTC midnight. Two numbers per key per window: memory stays flat at any rate.
const MINUTE = 60_000;
const DAY = 86_400_000;

interface Counts {
  minute: number;
  current: number;
  previous: number;
  day: number;
  daily: number;
}

export type Verdict =
  | { ok: true; limit: number; remaining: number }
  | { ok: false; code: 'RATE_LIMITED' | 'DAILY_CAP'; limit: number; retryAfter: number };

export class RestMeter {
  private readonly keys = new Map<string, Counts>();

  constructor(private readonly clock: () => number) {}

  /** Counts one request against `perMinute` and `daily` (0: unlimited). */
  take(key: string, perMinute: number, daily: number): Verdict {
    const now = this.clock();
    const minute = Math.floor(now / MINUTE);
    const day = Math.floor(now / DAY);
    let c = this.keys.get(key);
    if (!c) {
      c = { minute, current: 0, previous: 0, day, daily: 0 };
      this.keys.set(key, c);
    }
    if (c.minute !== minute) {
      c.previous = c.minute === minute - 1 ? c.current : 0;
      c.current = 0;
      c.minute = minute;
    }
    if (c.day !== day) {
      c.day = day;
      c.daily = 0;
    }
    if (daily > 0 && c.daily >= daily) {
      return {
        ok: false,
        code: 'DAILY_CAP',
        limit: perMinute,
        retryAfter: Math.ceil(((day + 1) * DAY - now) / 1000),
      };
    }
    const limit = perMinute === 0 ? Number.MAX_SAFE_INTEGER : perMinute;
    const weight = 1 - (now - minute * MINUTE) / MINUTE;
    const used = Math.floor(c.previous * weight) + c.current;
    if (used >= limit) {
      return {
        ok: false,
        code: 'RATE_LIMITED',
        limit,
        retryAfter: Math.max(1, Math.ceil(((minute + 1) * MINUTE - now) / 1000)),
      };
    }
    c.current++;
    c.daily++;
    return { ok: true, limit, remaining: limit - used - 1 };
  }
}
