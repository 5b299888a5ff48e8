// REST request signing (spec 1.2, 0.1 C11/C12): `X-PM-Access-Key`, `X-PM-Timestamp` (epoch ms,
// within the window either way) and `X-PM-Signature`, an Ed25519 signature of
// `timestamp + METHOD + pathname` (no query string, no host). Failures answer as the vendor's
// gateway does: 401 unauthenticated, 403 permission denied, before any body is looked at.
import type { AuthResult, SignaturePort } from '../../seam/core.js';
import type { HttpRequest, HttpResponse } from '../../seam/http.js';
import { DIALECT, HEADERS, PERMISSION_DENIED, UNAUTHENTICATED } from './admission.js';

const header = (req: HttpRequest, name: string): string => {
  const v = req.headers[name];
  return ((Array.isArray(v) ? v[0] : v) ?? '').trim();
};

export type SignedCheck = { ok: true; account: string } | { ok: false; response: HttpResponse };

export function checkSigned(
  req: HttpRequest,
  signatures: SignaturePort,
  clock: () => number,
  windowMs: number,
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
  if (r.ok) return { ok: true, account: r.principal.account };
  if (r.reason === 'revoked' || r.reason === 'forbidden')
    return { ok: false, response: { status: 403, body: PERMISSION_DENIED } };
  return unauthenticated;
}
