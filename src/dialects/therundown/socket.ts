// The socket routes: `/api/v2/ws/markets` (market_price frames) and the legacy `/api/v1/ws`
// (market_price frames plus V1 event updates). Filters are fixed at the upgrade; the routes
// take no client messages, so client frames are ignored.

import type { Change, QuoteChange, SportEvent } from '../../model/types.js';
import type { Admission, Admitted, Answer } from '../../seam/admission.js';
import type { Connection, HandshakeRequest, SocketEndpoint } from '../../seam/dialect.js';
import type { TheRundownConfig } from './config.js';
import type { DataPoints } from './datapoints.js';
import {
  parseStreamQuery,
  parseVariant,
  type StreamSubscription,
  streamSubscription,
  type VariantMatcher,
} from './filters.js';
import {
  connectionLimitBody,
  errorBody,
  eventFrame,
  heartbeatFrame,
  MESSAGES,
  marketPriceFrame,
} from './frames.js';
import { type PriceRow, priceRow, type RowContext } from './rows.js';
import { v1Event } from './shapes.js';

export const DIALECT = 'therundown';

export interface SocketDeps {
  rows: RowContext;
  clock: () => number;
  events(): readonly SportEvent[];
  config: TheRundownConfig;
  points: DataPoints;
}

const status = (code: number, message: string): Answer => ({
  status: code,
  body: errorBody(message),
});

function isSecure(req: HandshakeRequest, config: TheRundownConfig): boolean {
  if (req.secure) return true;
  const proto = req.headers['x-forwarded-proto'];
  const first = (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0]?.trim();
  return config.trustForwardedProto && first === 'https';
}

/** A `date` query (`YYYY-MM-DD`) on the legacy route, or an error. */
function v1Date(q: URLSearchParams): { ok: true; date?: string } | { ok: false } {
  const d = q.get('date');
  if (d === null || d === '') return { ok: true };
  if (!/^\d{4}-\d\d-\d\d$/.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`)))
    return { ok: false };
  return { ok: true, date: d };
}

/** A 429 at the upgrade when the key's data points are used up (§3.5). */
export function exhausted(deps: SocketDeps, who: Admitted) {
  const meter = deps.points.meter(who.principal, who.plan);
  return meter?.exhausted()
    ? { ok: false as const, reason: 'exhausted' as const, detail: meter.message() }
    : null;
}

/** The filters of a stream, fixed at the upgrade; a malformed one is a 400. */
function prepare(deps: SocketDeps, req: HandshakeRequest, who: Admitted, legacy: boolean) {
  const refused = exhausted(deps, who);
  if (refused) return refused;
  const parsed = parseStreamQuery(req.query, deps.config.maxFilterIds);
  if (!parsed.ok)
    return { ok: false as const, reason: 'badRequest' as const, detail: parsed.error };
  let variant = '';
  if (legacy) {
    const date = v1Date(req.query);
    if (!date.ok)
      return { ok: false as const, reason: 'badRequest' as const, detail: 'invalid date' };
    if (date.date) variant = `d=${date.date}`;
  }
  const sub = streamSubscription(parsed.value, deps.rows.ids, deps.events);
  if (variant) sub.variant = sub.variant ? `${sub.variant};${variant}` : variant;
  return { ok: true as const, context: sub };
}

/**
 * Spec §1: the refusals in order (TLS, key, plan, filter or data points, connection cap), each its
 * body. Every TheRundown socket route declares this one, so they share the core's per-account
 * connection counter.
 */
export function socketAdmission<Ctx>(
  deps: SocketDeps,
  prepare: Admission<Ctx>['prepare'],
): Admission<Ctx> {
  const { config } = deps;
  return {
    entitlement: DIALECT,
    screen: (req) => (config.requireTls && !isSecure(req, config) ? { reason: 'insecure' } : null),
    credentials: [
      { from: 'query', name: 'key' },
      { from: 'header', name: 'x-therundown-key' },
      { from: 'bearer' },
    ],
    refusals: {
      insecure: status(403, MESSAGES.tlsRequired),
      missing: status(401, MESSAGES.missingKey),
      unknown: status(401, MESSAGES.unknownKey),
      revoked: status(401, MESSAGES.revokedKey),
      forbidden: status(403, MESSAGES.noWebSocket),
      badRequest: (i) => status(400, i.detail ?? 'bad request'),
      exhausted: (i) => status(429, i.detail ?? 'data point limit reached'),
      overCap: (i) => ({
        status: 429,
        body: connectionLimitBody(i.limit ?? 0, config.peerLivenessSeconds),
      }),
    },
    // INFERRED (§1.2): 1008 when the key is revoked mid-stream.
    closes: { revoked: { code: 1008, reason: 'API key revoked' } },
    ...(prepare ? { prepare } : {}),
  };
}

/**
 * The metering hook of a connection: one data point per `market_price` queued for it. The frame
 * that uses the last point is still sent: `stop` ends the connection's subscriptions at once, and
 * the socket closes 1008 once this turn's frames are written (§3.5). Null when the key is not
 * metered, so an unmetered stream pays nothing per frame.
 */
export function meteringOf(deps: SocketDeps, conn: Connection, stop: () => void) {
  const meter = deps.points.meter(conn.principal, conn.plan);
  if (meter === null) return null;
  let spent = false;
  const charge = (n: number) => {
    if (spent || !meter.charge(n)) return;
    spent = true;
    stop();
    // After the hub's flush of this turn (queued when the first frame was).
    setImmediate(() => {
      try {
        conn.close(1008, DATA_POINTS_CLOSE);
      } catch {
        // Already gone.
      }
    });
  };
  return {
    charge,
    onDelivered: (change: Change) => {
      if (change.kind === 'quote') charge(1);
    },
  };
}

/** INFERRED (§3.5) close reason when the allowance runs out mid-stream. */
export const DATA_POINTS_CLOSE = 'data point limit reached';

function open(deps: SocketDeps, conn: Connection, sub: StreamSubscription) {
  if (sub.filter !== null) {
    const metered = meteringOf(deps, conn, () => conn.unsubscribe('markets'));
    try {
      conn.subscribe({
        id: 'markets',
        filter: sub.filter,
        variant: sub.variant,
        snapshot: false,
        onStart: () => {},
        onError: () => conn.close(1011, 'internal error'),
        ...(metered ? { onDelivered: metered.onDelivered } : {}),
      });
    } catch {
      conn.close(1008, 'filter refused');
    }
  }
  // No client messages are documented: text and binary frames are ignored (§2.4).
  return { onText: () => {}, onBinary: () => {} };
}

/** Builds one socket route. `legacy` adds V1 event updates and the `date` filter. */
export function socketEndpoint(
  deps: SocketDeps,
  path: string,
  legacy: boolean,
): SocketEndpoint<StreamSubscription> {
  const matchers = new Map<string, VariantMatcher & { date: string | null }>();
  const matcher = (variant: string) => {
    let m = matchers.get(variant);
    if (!m) {
      const date = /(?:^|;)d=([\d-]+)/.exec(variant)?.[1] ?? null;
      m = { ...parseVariant(variant), date };
      if (matchers.size >= 10_000) matchers.clear();
      matchers.set(variant, m);
    }
    return m;
  };

  // The hub asks once per distinct variant (filter) for the same Change; the row and frame do
  // not depend on the variant, so they are built once per Change.
  let last: { change: QuoteChange; row: PriceRow | null; frame: string | null } | null = null;
  const priced = (change: QuoteChange) => {
    const row = priceRow(change, deps.rows);
    return { change, row, frame: row === null ? null : marketPriceFrame(row, deps.clock()) };
  };

  const encodeChange = (change: Change, variant: string): string | null => {
    const m = matcher(variant);
    if (change.kind === 'event') {
      if (!legacy) return null;
      const e = change.after;
      if (m.events && !m.events.has(deps.rows.ids.eventId(e.id))) return null;
      if (m.date && new Date(e.startsAt).toISOString().slice(0, 10) !== m.date) return null;
      const v1 = v1Event(e, null, deps.rows.ids);
      return v1 === null ? null : eventFrame(v1, deps.clock());
    }
    if (last?.change !== change) last = priced(change);
    const { row, frame } = last;
    if (row === null) return null;
    if (m.markets && !m.markets.has(row.marketId)) return null;
    if (m.events && !m.events.has(row.eventId)) return null;
    return frame;
  };

  return {
    path,
    heartbeatMs: deps.config.heartbeatMs,
    overflow: {
      kind: 'drop-oldest',
      maxMessages: deps.config.maxMessages,
      budgetBytes: deps.config.budgetBytes,
    },
    admission: socketAdmission(deps, (req, who) => prepare(deps, req, who, legacy)),
    open: (conn, sub) => open(deps, conn, sub),
    encodeChange,
    heartbeat: (now) => heartbeatFrame(now),
  };
}
