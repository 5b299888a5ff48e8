// Resolves keys to principals and plans, and counts connections per account.
import type { Principal } from '../seam/dialect.js';
import type { KeyStore } from './keys.js';

export interface Plan {
  name: string;
  dialects: string[];
  maxConnections: number;
}

export type AuthResult =
  | { ok: true; principal: Principal; plan: Plan }
  | { ok: false; reason: 'missing' | 'unknown' | 'revoked' | 'forbidden' };

export class Auth {
  private readonly connections = new Map<string, number>();

  constructor(
    private readonly keys: KeyStore,
    private readonly plans: Record<string, Omit<Plan, 'name'>>,
  ) {}

  plan(name: string): Plan | undefined {
    const p = this.plans[name];
    return p ? { name, ...p } : undefined;
  }

  /** Checks a key and whether its plan may use `dialect`. */
  authenticate(key: string | undefined | null, dialect: string): AuthResult {
    if (!key) return { ok: false, reason: 'missing' };
    const found = this.keys.lookup(key);
    if (found.status !== 'ok') return { ok: false, reason: found.status };
    const plan = this.plan(found.record.plan);
    if (!plan || !(plan.dialects.includes('*') || plan.dialects.includes(dialect))) {
      return { ok: false, reason: 'forbidden' };
    }
    const principal = { keyId: found.record.id, account: found.record.account, plan: plan.name };
    return { ok: true, principal, plan };
  }

  /** Takes a connection slot for the account, or returns null at the cap. Call release once. */
  acquire(account: string, limit: number): (() => void) | null {
    const n = this.connections.get(account) ?? 0;
    if (n >= limit) return null;
    this.connections.set(account, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.connections.get(account) ?? 1) - 1;
      if (left <= 0) this.connections.delete(account);
      else this.connections.set(account, left);
    };
  }
}
