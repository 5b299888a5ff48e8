// Usage counters per key and period (TheRundown's data points), for dialects that meter what
// they deliver. Counters live in memory and are written to <dataDir>/usage.json (temp file +
// rename) at most every `flushMs` and on close, like credits: a crash loses at most that window
// of counting, in the customer's favour.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { UsageCounter, UsagePort } from '../seam/core.js';
import { DataFileWriter, readDataFile } from './data-file.js';

const usageFile = z.record(
  z.string().min(1).max(200),
  z
    .object({
      period: z.string().min(1).max(64),
      used: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    })
    .strict(),
);

class Counter implements UsageCounter {
  constructor(
    readonly period: string,
    public used: number,
    private readonly changed: () => void,
  ) {}

  add(n: number): number {
    this.used += n;
    this.changed();
    return this.used;
  }
}

export class UsageLedger implements UsagePort {
  private readonly counters = new Map<string, Counter>();
  private readonly file: DataFileWriter;
  private readonly changed = () => this.file.changed();

  /** Throws LC_ERR_DATA_FILE_INVALID when usage.json exists and is not valid. */
  constructor(
    dataDir: string,
    opts: { flushMs?: number; onFlushError?: (err: Error) => void } = {},
  ) {
    const path = join(dataDir, 'usage.json');
    this.file = new DataFileWriter(
      path,
      () => {
        const out: Record<string, { period: string; used: number }> = {};
        for (const [k, c] of this.counters) out[k] = { period: c.period, used: c.used };
        return out;
      },
      opts.flushMs ?? 1_000,
      opts.onFlushError ?? (() => {}),
    );
    const stored = existsSync(path) ? readDataFile(path, usageFile) : {};
    for (const [k, v] of Object.entries(stored))
      this.counters.set(k, new Counter(v.period, v.used, this.changed));
  }

  counter(meter: string, keyId: string, period: string): UsageCounter {
    const k = `${meter}\u0000${keyId}`;
    const c = this.counters.get(k);
    if (c !== undefined && c.period === period) return c;
    const fresh = new Counter(period, 0, this.changed);
    this.counters.set(k, fresh);
    return fresh;
  }

  flush(): void {
    this.file.flush();
  }
}
