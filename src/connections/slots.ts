// Connection slots: counters per (pool, account or key), taken together for all of an
// endpoint's rules and given back together, once, on every path.
import type { Admitted, SlotRule } from '../seam/admission.js';

/** The core's rule: per account, the plan's cap, shared by every endpoint and transport. */
export const ACCOUNT_SLOTS: SlotRule = { per: 'account', limit: (p) => p.maxConnections, pool: '' };

/** The core's rule per client address (`stream.maxConnectionsPerAddress`), shared by everything. */
export const addressSlots = (limit: number): SlotRule => ({
  per: 'address',
  limit: () => limit,
  pool: '',
});

export type Release = () => void;

export type Acquired =
  | { ok: true; release: Release }
  | { ok: false; limit: number; rule: SlotRule };

export class Slots {
  private readonly held = new Map<string, number>();

  acquire(rules: readonly SlotRule[], who: Admitted, address: string): Acquired {
    const keys: string[] = [];
    for (const rule of rules) {
      const id =
        rule.per === 'account'
          ? who.principal.account
          : rule.per === 'key'
            ? who.principal.keyId
            : address;
      const key = `${rule.pool}\u0000${rule.per}\u0000${id}`;
      const limit = rule.limit(who.plan);
      if ((this.held.get(key) ?? 0) >= limit) {
        this.give(keys);
        return { ok: false, limit, rule };
      }
      this.held.set(key, (this.held.get(key) ?? 0) + 1);
      keys.push(key);
    }
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.give(keys);
      },
    };
  }

  private give(keys: readonly string[]): void {
    for (const key of keys) {
      const left = (this.held.get(key) ?? 1) - 1;
      if (left <= 0) this.held.delete(key);
      else this.held.set(key, left);
    }
  }

  /** Slots in use under the core's per-account rule. */
  inUse(account: string): number {
    return this.held.get(`\u0000account\u0000${account}`) ?? 0;
  }
}
