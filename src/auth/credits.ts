// Credit balances per key, for dialects that meter pushes. Balances live in memory and are
// written to <dataDir>/credits.json (temp file + rename) at most every `flushMs` and on close,
// so a crash can lose at most that window of charges, in the customer's favour, never a top-up:
// top-ups are written at once.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { LinecastError } from '../errors/catalogue.js';
import type { CreditPort, Plan } from '../seam/core.js';
import type { Principal } from '../seam/dialect.js';
import { DataFileWriter, readDataFile } from './data-file.js';

/** The largest balance a top-up can make, and the largest single top-up (either sign). */
export const MAX_BALANCE = 1e12;
export const MAX_TOP_UP = 1e9;

// Any whole, non-negative, exactly representable balance (a plan may start a key above MAX_BALANCE).
const balance = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
// A key that was topped up also keeps the sum of its top-ups, so usage can tell spent from added.
const creditsFile = z.record(
  z.string().min(1).max(64),
  z.union([
    balance,
    z.object({ balance, added: z.number().int().min(-MAX_BALANCE).max(MAX_BALANCE) }).strict(),
  ]),
);

/** What a metered key was granted (its plan's credits plus top-ups), has spent and has left. */
export interface CreditUsage {
  limit: number;
  used: number;
  remaining: number;
}

export class CreditLedger implements CreditPort {
  private readonly balances: Map<string, number>;
  private readonly added = new Map<string, number>();
  private readonly file: DataFileWriter;

  /**
   * Throws LC_ERR_DATA_FILE_INVALID when credits.json exists and is not valid. A timed flush that
   * fails (disk full) is reported to `onFlushError` and retried, never thrown from the timer.
   */
  constructor(
    dataDir: string,
    private readonly plan: (name: string) => Plan | undefined,
    opts: { flushMs?: number; onFlushError?: (err: Error) => void } = {},
  ) {
    const path = join(dataDir, 'credits.json');
    this.file = new DataFileWriter(
      path,
      () =>
        Object.fromEntries(
          [...this.balances].map(([id, b]) => {
            const added = this.added.get(id);
            return [id, added ? { balance: b, added } : b] as const;
          }),
        ),
      opts.flushMs ?? 1_000,
      opts.onFlushError ?? (() => {}),
    );
    const stored = existsSync(path) ? readDataFile(path, creditsFile) : {};
    this.balances = new Map();
    for (const [id, v] of Object.entries(stored)) {
      if (typeof v === 'number') this.balances.set(id, v);
      else {
        this.balances.set(id, v.balance);
        if (v.added !== 0) this.added.set(id, v.added);
      }
    }
  }

  private metered(principal: Principal): Plan | null {
    const plan = this.plan(principal.plan);
    return plan?.metered ? plan : null;
  }

  balance(principal: Principal): number {
    const plan = this.metered(principal);
    if (!plan) return Number.POSITIVE_INFINITY;
    return this.balances.get(principal.keyId) ?? plan.credits;
  }

  charge(principal: Principal, n: number): boolean {
    const have = this.balance(principal);
    if (have === Number.POSITIVE_INFINITY) return true;
    if (have < n) return false;
    this.balances.set(principal.keyId, have - n);
    this.file.changed();
    return true;
  }

  /**
   * Adds credits to a key (admin top-up; negative takes some back); returns the new balance.
   * Written at once. Refused (LC_ERR_REQUEST_BAD_BODY) unless `n` is an integer within
   * ±MAX_TOP_UP and the balance stays within 0..MAX_BALANCE.
   */
  topUp(keyId: string, planName: string, n: number): number {
    if (!Number.isInteger(n) || Math.abs(n) > MAX_TOP_UP) {
      throw new LinecastError(
        'LC_ERR_REQUEST_BAD_BODY',
        `add must be an integer within ±${MAX_TOP_UP}`,
      );
    }
    const start = this.plan(planName)?.credits ?? 0;
    const next = (this.balances.get(keyId) ?? start) + n;
    if (next < 0 || next > MAX_BALANCE) {
      throw new LinecastError(
        'LC_ERR_REQUEST_BAD_BODY',
        `the balance would be ${next}; it must stay within 0..${MAX_BALANCE}`,
      );
    }
    this.balances.set(keyId, next);
    this.added.set(keyId, (this.added.get(keyId) ?? 0) + n);
    this.flush();
    return next;
  }

  /** Granted, spent and left for a metered key; null when its plan is not metered. */
  usage(principal: Principal): CreditUsage | null {
    const plan = this.metered(principal);
    if (!plan) return null;
    const remaining = this.balance(principal);
    const limit = Math.max(0, plan.credits + (this.added.get(principal.keyId) ?? 0));
    return { limit, remaining, used: Math.max(0, limit - remaining) };
  }

  /** The stored balance of a key, or its plan's starting balance if it never spent any. */
  peek(keyId: string, planName: string): number {
    return this.balances.get(keyId) ?? this.plan(planName)?.credits ?? 0;
  }

  flush(): void {
    this.file.flush();
  }
}
