// REST request signing (spec 1.2, 0.1 C11/C12): `X-PM-Access-Key`, `X-PM-Timestamp` (epoch ms,
// within the window either way) and `X-PM-Signature`, an Ed25519 signature of
// `timestamp + METHOD + pathname` (no query string, no host). Failures answer as the vendor's
// gateway does: 401 unauthenticated, 403 permission denied, before any body is looked at.
import type { AuthResult, SignaturePort } from '../../seam/core.js';
import type { HttpRequest, HttpResponse } from '../../seam/http.js';
import { DIALECT, HEADERS, PERMISSION_DENIED, TOO_MANY, UNAUTHENTICATED } from './admission.js';

const header = (req: HttpRequest, name: string): string => {
  const v = req.headers[name];
  return ((Array.isArray(v) ? v[0] : v) ?? '').trim();
};

export type SignedCheck = { ok: true; account: string } | { ok: false; response: HttpResponse };

/**
 * The vendor's per-key REST limit (spec 3: 20 requests/s) as a token bucket per key id. Only
 * verified keys get a bucket, so the map is bounded by the key store.
 */
export class KeyRate {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly clock: () => number,
  ) {}

  take(keyId: string): boolean {
    if (this.perSecond === 0) return true;
    const now = this.clock();
    const b = this.buckets.get(keyId) ?? { tokens: this.perSecond, at: now };
    b.tokens = Math.min(this.perSecond, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    this.buckets.set(keyId, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}

export function checkSigned(
  req: HttpRequest,
  signatures: SignaturePort,
  clock: () => number,
  windowMs: number,
  rate: KeyRate,
): SignedCheck {
  const keyId = header(req, HEADERS.key);
  const timestamp = header(req, HEADERS.timestamp);
  const signature = header(req, HEADERS.signature);
  const unauthenticated = { ok: false as const, response: { status: 401, body: UNAUTHENTICATED } };
  if (!keyId || !timestamp || !signature) return unauthenticated;
  if (!/^\d{1,16}$/.test(timestamp) || Math.abs(clock() - Number(timestamp)) > windowMs)
    return unauthenticated;
  const message = `${timestamp}${req.method.toUpperCase()}${req.path}`;
  const r: AuthResult = signatures.authenticateSigned(keyId, message, signature, `${DIALECT}:rest`);
  if (r.ok) {
    if (rate.take(keyId)) return { ok: true, account: r.principal.account };
    return {
      ok: false,
      response: { status: 429, body: TOO_MANY, headers: { 'retry-after': '1' } },
    };
  }
  if (r.reason === 'revoked' || r.reason === 'forbidden')
    return { ok: false, response: { status: 403, body: PERMISSION_DENIED } };
  return unauthenticated;
}
