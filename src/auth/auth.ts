// Resolves keys (secrets, or key ids with an Ed25519 signature) to principals and plans.
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import type { Identities, Identity } from '../connections/runner.js';
import type { AccessPort, AuthResult, Plan, SignaturePort } from '../seam/core.js';
import type { Principal } from '../seam/request.js';
import type { KeyLookup, KeyStore } from './keys.js';

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

export class Auth implements AccessPort, SignaturePort, Identities {
  private readonly publicKeys = new Map<string, KeyObject>();

  constructor(
    private readonly keys: KeyStore,
    private readonly plans: Record<string, Omit<Plan, 'name'>>,
  ) {}

  plan(name: string): Plan | undefined {
    const p = this.plans[name];
    return p ? { name, ...p } : undefined;
  }

  entitled(plan: Plan, dialect: string): boolean {
    return allows(plan, dialect);
  }

  authenticate(key: string | undefined | null, dialect: string): AuthResult {
    if (!key) return { ok: false, reason: 'missing' };
    const id = this.identify(key);
    if (!id.ok) return id;
    if (!allows(id.plan, dialect)) return { ok: false, reason: 'forbidden' };
    return id;
  }

  authenticateSigned(
    keyId: string,
    message: string,
    signatureBase64: string,
    dialect: string,
  ): AuthResult {
    if (!keyId || !signatureBase64) return { ok: false, reason: 'missing' };
    const id = this.identifySigned(keyId, message, signatureBase64);
    if (!id.ok) return id;
    if (!allows(id.plan, dialect)) return { ok: false, reason: 'forbidden' };
    return id;
  }

  identify(key: string): Identity {
    return this.resolve(this.keys.lookup(key));
  }

  identifySigned(keyId: string, message: string, signatureBase64: string): Identity {
    const found = this.keys.byId(keyId);
    if (found.status !== 'ok') return this.resolve(found);
    // A secret key's id is not a credential: only a key with a public half can sign.
    if (!found.record.publicKey) return { ok: false, reason: 'unknown' };
    const signature = Buffer.from(signatureBase64, 'base64');
    const key = this.publicKey(keyId, found.record.publicKey);
    if (!key || signature.length !== 64 || !verify(null, Buffer.from(message), key, signature))
      return { ok: false, reason: 'unknown' };
    return this.resolve(found);
  }

  private publicKey(id: string, base64: string): KeyObject | null {
    let key = this.publicKeys.get(id);
    if (key) return key;
    const raw = Buffer.from(base64, 'base64');
    if (raw.length !== 32) return null;
    key = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
      format: 'jwk',
    });
    this.publicKeys.set(id, key);
    return key;
  }

  /** A key whose plan is gone from the configuration identifies as nothing it may use. */
  private resolve(found: KeyLookup): Identity {
    if (found.status !== 'ok') return { ok: false, reason: found.status };
    const plan = this.plan(found.record.plan) ?? { ...NO_PLAN, name: found.record.plan };
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
}

const NO_PLAN: Omit<Plan, 'name'> = {
  dialects: [],
  maxConnections: 0,
  tiers: {},
  metered: false,
  credits: 0,
};
