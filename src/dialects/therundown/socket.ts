// The socket routes: `/api/v2/ws/markets` (market_price frames) and the legacy `/api/v1/ws`
// (market_price frames plus V1 event updates). Filters are fixed at the upgrade; the routes
// take no client messages, so client frames are ignored.

import type { Change, QuoteChange, SportEvent } from '../../model/types.js';
import type { Plan } from '../../seam/core.js';
import type {
  Connection,
  Handshake,
  HandshakeRequest,
  SocketEndpoint,
} from '../../seam/dialect.js';
import { type Access, keyOf } from './access.js';
import type { TheRundownConfig } from './config.js';
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

interface Context {
  release: () => void;
  sub: StreamSubscription;
  plan: Plan;
}

export interface SocketDeps {
  access: Access;
  rows: RowContext;
  clock: () => number;
  events(): readonly SportEvent[];
  config: TheRundownConfig;
}

const refuse = (status: number, body: unknown): Handshake => ({ ok: false, status, body });

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

function handshake(deps: SocketDeps, req: HandshakeRequest, legacy: boolean): Handshake {
  const { config } = deps;
  if (config.requireTls && !isSecure(req, config))
    return refuse(403, errorBody(MESSAGES.tlsRequired));
  const auth = deps.access.stream(keyOf(req.query, req.headers));
  if (!auth.ok) return refuse(auth.status, errorBody(auth.message));
  const parsed = parseStreamQuery(req.query, config.maxFilterIds);
  if (!parsed.ok) return refuse(400, errorBody(parsed.error));
  let variant = '';
  if (legacy) {
    const date = v1Date(req.query);
    if (!date.ok) return refuse(400, errorBody('invalid date'));
    if (date.date) variant = `d=${date.date}`;
  }
  const sub = streamSubscription(parsed.value, deps.rows.ids, deps.events);
  if (variant) sub.variant = sub.variant ? `${sub.variant};${variant}` : variant;
  const release = deps.access.acquire(auth.principal.account, auth.plan.maxConnections);
  if (!release) {
    return refuse(429, connectionLimitBody(auth.plan.maxConnections, config.peerLivenessSeconds));
  }
  const context: Context = { release, sub, plan: auth.plan };
  return { ok: true, principal: auth.principal, context };
}

function open(conn: Connection, context: unknown) {
  const { release, sub } = context as Context;
  if (sub.filter !== null) {
    try {
      conn.subscribe({
        id: 'markets',
        filter: sub.filter,
        variant: sub.variant,
        snapshot: false,
        onStart: () => {},
        onError: () => conn.close(1011, 'internal error'),
      });
    } catch {
      conn.close(1008, 'filter refused');
    }
  }
  // No client messages are documented: text and binary frames are ignored (§2.4).
  return { onText: () => {}, onBinary: () => {}, onClose: release };
}

/** Builds one socket route. `legacy` adds V1 event updates and the `date` filter. */
export function socketEndpoint(deps: SocketDeps, path: string, legacy: boolean): SocketEndpoint {
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
    handshake: (req) => handshake(deps, req, legacy),
    open,
    encodeChange,
    heartbeat: (now) => heartbeatFrame(now),
    // INFERRED (§1.2): 1008 when the key is revoked mid-stream.
    revokedClose: { code: 1008, reason: 'API key revoked' },
  };
}
