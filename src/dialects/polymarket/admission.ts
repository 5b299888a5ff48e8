// Who may open either socket (spec 1.2, 1.3): three X-PM headers with an Ed25519 signature of
// `timestamp + "GET" + path` within the window; every refusal is an HTTP status before the
// upgrade (401 unauthenticated, 403 not permitted, 429 over the per-key cap), never 101-then-close.
import type { Admission, RefusalTable } from '../../seam/admission.js';
import type { PolymarketConfig } from './config.js';

export const DIALECT = 'polymarket';

export const HEADERS = {
  key: 'x-pm-access-key',
  timestamp: 'x-pm-timestamp',
  signature: 'x-pm-signature',
} as const;

/** Protobuf-gateway style bodies (spec 1.3); the SDK reads `message`. */
export const UNAUTHENTICATED = { code: 16, message: 'unauthenticated' };
export const PERMISSION_DENIED = { code: 7, message: 'permission denied' };
export const TOO_MANY = { status: 429, message: 'Too Many Requests' };

const refusals: RefusalTable = {
  missing: { status: 401, body: UNAUTHENTICATED },
  unknown: { status: 401, body: UNAUTHENTICATED },
  revoked: { status: 403, body: PERMISSION_DENIED },
  forbidden: { status: 403, body: PERMISSION_DENIED },
  overCap: { status: 429, body: TOO_MANY },
  badRequest: { status: 400, body: { code: 3, message: 'invalid argument' } },
};

/** The account the key trades for. */
export interface SocketContext {
  account: string;
}

export function socketAdmission(
  config: PolymarketConfig,
  openAccount: (account: string) => void,
): Admission<SocketContext> {
  return {
    entitlement: DIALECT,
    credentials: [
      {
        from: 'ed25519',
        keyHeader: HEADERS.key,
        timestampHeader: HEADERS.timestamp,
        signatureHeader: HEADERS.signature,
        windowMs: config.signatureWindowMs,
      },
    ],
    refusals,
    // Spec 1.3: the SDK expects standard codes and a single close event for each of these.
    closes: {
      shutdown: { code: 1001, reason: 'going away' },
      revoked: { code: 1008, reason: 'permission denied' },
      rate: { code: 1008, reason: 'too many messages' },
      slow: { code: 1011, reason: 'slow reader' },
      unresponsive: { code: 1011, reason: 'no pong' },
    },
    slots: [{ per: 'key', pool: DIALECT, limit: () => config.maxConnectionsPerKey }],
    prepare: (_req, who) => {
      openAccount(who.principal.account);
      return { ok: true, context: { account: who.principal.account } };
    },
  };
}
