// Data points (§3.5): one per `market_price` delivered on a socket (after filtering), one per row
// a REST response returns, counted per key against its tier's allowance for the day or month.
// Counters are the core's usage port (persisted like credits). Pure apart from that port.
import type { Plan, UsageCounter, UsagePort } from '../../seam/core.js';
import type { Principal } from '../../seam/dialect.js';
import type { TheRundownConfig } from './config.js';
import { rfc3339 } from './rows.js';

export const METER = 'therundown.datapoints';

type Period = 'day' | 'month';
export interface Allowance {
  points: number;
  period: Period;
}

/** The UTC day or month `ms` falls in: its name in the ledger and when it ends. */
export function periodOf(ms: number, period: Period): { name: string; endsAt: number } {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  if (period === 'day') {
    const start = Date.UTC(y, m, d.getUTCDate());
    return { name: `day:${rfc3339(start).slice(0, 10)}`, endsAt: start + 86_400_000 };
  }
  return { name: `month:${rfc3339(Date.UTC(y, m, 1)).slice(0, 7)}`, endsAt: Date.UTC(y, m + 1, 1) };
}

/** One key's allowance, as a connection or a request sees it. */
export class Meter {
  private counter!: UsageCounter;
  private endsAt = 0;

  constructor(
    private readonly usage: UsagePort,
    private readonly keyId: string,
    readonly allowance: Allowance,
    private readonly clock: () => number,
  ) {
    this.current();
  }

  private current(): UsageCounter {
    const now = this.clock();
    if (now >= this.endsAt) {
      const p = periodOf(now, this.allowance.period);
      this.counter = this.usage.counter(METER, this.keyId, p.name);
      this.endsAt = p.endsAt;
    }
    return this.counter;
  }

  remaining(): number {
    return Math.max(0, this.allowance.points - this.current().used);
  }

  exhausted(): boolean {
    return this.remaining() === 0;
  }

  /** Counts `n` points; true when the allowance is now used up. */
  charge(n: number): boolean {
    const c = this.current();
    return (n > 0 ? c.add(n) : c.used) >= this.allowance.points;
  }

  /** The strings the vendor's clients match (§5). */
  message(): string {
    return this.allowance.period === 'day'
      ? 'Daily data point limit reached'
      : 'Monthly data point limit reached';
  }

  /** Seconds until the allowance starts over (`Retry-After` on a 429). */
  secondsToReset(): number {
    this.current();
    return Math.max(1, Math.ceil((this.endsAt - this.clock()) / 1000));
  }

  /** Usage headers of a REST response that cost `cost` points (§5). */
  headers(cost: number): Record<string, string> {
    const used = this.current().used;
    const h: Record<string, string> = {
      'X-Datapoints': String(cost),
      'X-Datapoints-Used': String(used),
      'X-Datapoints-Remaining': String(this.remaining()),
      'X-Datapoints-Limit': String(this.allowance.points),
      'X-Datapoints-Period': this.allowance.period,
      'X-Datapoints-Reset': rfc3339(this.endsAt),
    };
    if (this.allowance.period === 'month') {
      h['X-Datapoints-Monthly-Remaining'] = h['X-Datapoints-Remaining']!;
      h['X-Datapoints-Monthly-Reset'] = h['X-Datapoints-Reset']!;
    }
    return h;
  }
}

export class DataPoints {
  constructor(
    private readonly usage: UsagePort,
    private readonly config: TheRundownConfig['dataPoints'],
    private readonly tierOf: (plan: Plan) => string,
    private readonly clock: () => number,
  ) {}

  /** The key's meter, or null when metering is off or its tier has no allowance. */
  meter(principal: Principal, plan: Plan): Meter | null {
    if (!this.config.enabled) return null;
    const allowance = this.config.allowances[this.tierOf(plan)];
    return allowance ? new Meter(this.usage, principal.keyId, allowance, this.clock) : null;
  }
}

/**
 * Rows of a REST body: each price (a member of a `prices` object), each V1 line set (a member of
 * `lines` keyed by affiliate), each delta or history row and each chart point. Catalog answers
 * (sports, affiliates, market definitions) have none and are free.
 */
export function rowsOf(body: unknown): number {
  let n = 0;
  const walk = (v: unknown, key: string): void => {
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      if (key === 'deltas' || key === 'history' || key === 'data') n += v.length;
      for (const x of v) walk(x, '');
      return;
    }
    const entries = Object.entries(v);
    if (key === 'prices') {
      n += entries.length;
      return;
    }
    if (key === 'lines' && entries.every(([k]) => /^\d+$/.test(k))) n += entries.length;
    for (const [k, x] of entries) walk(x, k);
  };
  walk(body, '');
  return n;
}
