// Keys and entitlements in TheRundown's terms: where a key may come from, and which status and
// message each refusal gets (401 no or unknown key, 403 plan without the entitlement).
import type { AccessPort, Plan } from '../../seam/core.js';
import type { HandshakeRequest, Principal } from '../../seam/dialect.js';
import { MESSAGES } from './frames.js';

export type Admitted =
  | { ok: true; principal: Principal; plan: Plan }
  | { ok: false; status: number; message: string };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * The API key: `?key=`, else the `X-TheRundown-Key` header (Node lower-cases header names, so
 * any spelling matches), else `Authorization: Bearer <key>`.
 */
export function keyOf(
  query: URLSearchParams,
  headers: HandshakeRequest['headers'],
): string | undefined {
  const q = query.get('key');
  if (q) return q;
  const h = first(headers['x-therundown-key'])?.trim();
  if (h) return h;
  const auth = first(headers.authorization);
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim() || undefined;
  return undefined;
}

export class Access {
  constructor(
    private readonly port: AccessPort,
    private readonly dialect: string,
  ) {}

  rest(key: string | undefined): Admitted {
    return this.#admit(key, `${this.dialect}:rest`, MESSAGES.noAccess);
  }

  /** `X-Websocket-Access`: whether this key could open the socket routes. */
  websocket(key: string | undefined): boolean {
    return this.port.authenticate(key, this.dialect).ok;
  }

  tier(plan: Plan): string {
    return plan.tiers[this.dialect] ?? plan.name;
  }

  #admit(key: string | undefined, dialect: string, forbidden: string): Admitted {
    const r = this.port.authenticate(key, dialect);
    if (r.ok) return r;
    switch (r.reason) {
      case 'missing':
        return { ok: false, status: 401, message: MESSAGES.missingKey };
      case 'unknown':
        return { ok: false, status: 401, message: MESSAGES.unknownKey };
      case 'revoked':
        return { ok: false, status: 401, message: MESSAGES.revokedKey };
      case 'forbidden':
        return { ok: false, status: 403, message: forbidden };
    }
  }
}
