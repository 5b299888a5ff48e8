// Resolves keys to principals and plans, and counts connections per account.

import type { AccessPort, AuthResult, Plan } from '../seam/core.js';
import type { Principal } from '../seam/dialect.js';
import type { KeyStore } from './keys.js';

export type { AuthResult, Plan };

/**
 * A plan lists dialect names (`therundown`: all of it) or `<dialect>:rest` for a dialect's REST
 * endpoints without its streams; `*` allows everything. Ask for `x:rest` to check REST access.
 */
function allows(plan: Plan, dialect: string): boolean {
  if (plan.dialects.includes('*') || plan.dialects.includes(dialect)) return true;
  const rest = dialect.endsWith(':rest') ? dialect.slice(0, -5) : null;
  return rest !== null && plan.dialects.includes(rest);
}

export class Auth implements AccessPort {
  private readonly connections = new Map<string, number>();

  constructor(
    private readonly keys: KeyStore,
    private readonly plans: Record<string, Omit<Plan, 'name'>>,
  ) {}

  plan(name: string): Plan | undefined {
    const p = this.plans[name];
    return p ? { name, ...p } : undefined;
  }

  authenticate(key: string | undefined | null, dialect: string): AuthResult {
    if (!key) return { ok: false, reason: 'missing' };
    const found = this.keys.lookup(key);
    if (found.status !== 'ok') return { ok: false, reason: found.status };
    const plan = this.plan(found.record.plan);
    if (!plan || !allows(plan, dialect)) return { ok: false, reason: 'forbidden' };
    const principal: Principal = {
      keyId: found.record.id,
      account: found.record.account,
      plan: plan.name,
      ...(plan.clientMessagesPerSecond
        ? { clientMessagesPerSecond: plan.clientMessagesPerSecond }
        : {}),
    };
    return { ok: true, principal, plan };
  }

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
