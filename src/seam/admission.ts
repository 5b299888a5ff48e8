// How a dialect admits a connection, as data: where the credential comes from, how each refusal
// is answered (before the upgrade with an HTTP status, or after it with a close code), how
// connection slots are counted, and how the request becomes a typed context. The core's runner
// (src/connections/) runs the phases; a dialect only declares them.
import type { ErrorCode } from '../errors/catalogue.js';
import type { Plan } from './core.js';
import type { HandshakeRequest, Principal } from './request.js';

/** Where a credential may be found; the first source present wins, so list them by precedence. */
export type Credential =
  /** `?name=<key>`. `optionalPrefix`: a key that is unknown with it is tried again without it. */
  | { from: 'query'; name: string; optionalPrefix?: string }
  /** A request header (any letter case). */
  | { from: 'header'; name: string; optionalPrefix?: string }
  /** `Authorization: Bearer <key>`. */
  | { from: 'bearer' }
  /** `Sec-WebSocket-Protocol: <prefix><key>`; the chosen protocol is echoed in the 101. */
  | { from: 'subprotocol'; prefix: string }
  /**
   * An Ed25519 signature of `timestamp + METHOD + path` by the key pair whose public half is
   * stored for the key id; the timestamp (epoch ms) must lie within `windowMs` of the clock.
   */
  | {
      from: 'ed25519';
      keyHeader: string;
      timestampHeader: string;
      signatureHeader: string;
      windowMs: number;
    };

/** Why a connection is refused; each has a catalogue code for metrics and logs. */
export type RefusalReason =
  | 'overloaded'
  | 'badOrigin'
  | 'addressLimit'
  | 'insecure'
  | 'missing'
  | 'unknown'
  | 'revoked'
  | 'forbidden'
  | 'badRequest'
  | 'overCap'
  | 'exhausted'
  | 'internal';

export const REFUSAL_CODES: Record<RefusalReason, ErrorCode> = {
  overloaded: 'LC_ERR_LIMIT_OVERLOADED',
  badOrigin: 'LC_ERR_REQUEST_ORIGIN',
  addressLimit: 'LC_ERR_LIMIT_ADDRESS',
  insecure: 'LC_ERR_AUTH_TLS_REQUIRED',
  missing: 'LC_ERR_AUTH_MISSING',
  unknown: 'LC_ERR_AUTH_INVALID',
  revoked: 'LC_ERR_AUTH_REVOKED',
  forbidden: 'LC_ERR_AUTH_FORBIDDEN',
  badRequest: 'LC_ERR_REQUEST_BAD_QUERY',
  overCap: 'LC_ERR_LIMIT_CONNECTIONS',
  exhausted: 'LC_ERR_LIMIT_ALLOWANCE',
  internal: 'LC_ERR_SERVER_INTERNAL',
};

/** A refusal on the wire: an HTTP response instead of the upgrade, or 101 then a close. */
export type Answer =
  | { status: number; body: unknown; headers?: Record<string, string> }
  | { close: number; reason: string };

/** What the runner knows about a refusal when it asks the table for its answer. */
export interface RefusalInfo {
  code: ErrorCode;
  /** Human detail, e.g. which parameter was wrong. */
  detail?: string;
  /** The cap that was hit (overCap). */
  limit?: number;
}

/** Reasons a dialect leaves out are answered with the catalogue's coded HTTP error. */
export type RefusalTable = {
  [R in RefusalReason]?: Answer | ((info: RefusalInfo) => Answer);
};

/** Why the core ends a live connection; each dialect may choose its close code and reason. */
export type CloseReason = 'revoked' | 'slow' | 'rate' | 'shutdown' | 'unresponsive';

export type CloseTable = { [R in CloseReason]?: { code: number; reason: string } };

/**
 * One connection counter. Rules are checked together: a connection is admitted only when every
 * rule has room, and its slots are released together when it ends, on every path.
 */
export interface SlotRule {
  /** Count per account (all keys of a customer), per key, or per client address. */
  per: 'account' | 'key' | 'address';
  limit(plan: Plan): number;
  /**
   * Counters with the same pool name are shared, across endpoints and transports (a WebSocket
   * and an SSE endpoint naming one pool count together). The core's default rule uses pool ''.
   */
  pool: string;
}

/** The connection's identity once authenticated and entitled. */
export interface Admitted {
  principal: Principal;
  plan: Plan;
}

export type Prepared<Ctx> =
  | { ok: true; context: Ctx }
  | {
      ok: false;
      reason: 'badRequest' | 'forbidden' | 'exhausted';
      code?: ErrorCode;
      detail?: string;
    };

export interface Admission<Ctx> {
  /** The plan entitlement this endpoint needs (a dialect name as listed in plans). */
  entitlement: string;
  /** A check before credentials are read (e.g. TLS required). */
  screen?(req: HandshakeRequest): { reason: RefusalReason; detail?: string } | null;
  credentials: readonly Credential[];
  refusals: RefusalTable;
  closes?: CloseTable;
  /**
   * Slot rules besides the core's (per account, `plan.maxConnections`, shared by every
   * endpoint). `replaceDefault` drops the core's rule.
   */
  slots?: readonly SlotRule[];
  replaceDefaultSlots?: boolean;
  /** Parses the request into the connection's typed context; runs after entitlement. */
  prepare?(req: HandshakeRequest, who: Admitted): Prepared<Ctx>;
}
