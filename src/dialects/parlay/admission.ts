// Who may open a Parlay stream (spec §1.2–§1.5): the key from a header, Bearer, the
// `apikey.<key>` subprotocol or the query (headers first); WebSocket refusals complete the
// upgrade and close with the vendor's code, SSE refusals are HTTP errors before the stream.
// WebSocket and SSE streams of one key share one slot pool.
import type { Admission, RefusalInfo, RefusalTable } from '../../seam/admission.js';
import type { Plan } from '../../seam/core.js';
import type { HandshakeRequest } from '../../seam/request.js';
import { isStreamTier, type ParlayConfig, type Tier, tierRank } from './config.js';
import { BadQuery, parseQuery, type StreamQuery } from './query.js';

export const DIALECT = 'parlay';

export interface StreamContext {
  sportKey: string;
  live: boolean;
  /** `business`, `enterprise` or `scale` on the odds streams; play-by-play admits lower tiers. */
  tier: string;
  query: StreamQuery;
}

export const tierOf = (plan: Plan) => (plan.tiers[DIALECT] ?? plan.name).toLowerCase();

export const REASONS = {
  missing: 'Missing apiKey',
  unknown: 'Invalid API key',
  tier: 'WebSocket requires Business tier or above',
  cap: 'Concurrent connection cap reached',
} as const;

const close = (code: number, reason: string) => ({ close: code, reason });

export const wsRefusals: RefusalTable = {
  missing: close(4003, REASONS.missing),
  unknown: close(1008, REASONS.unknown),
  revoked: close(1008, REASONS.unknown),
  forbidden: close(4001, REASONS.tier),
  overCap: close(4002, REASONS.cap),
  // INFERRED: the vendor documents no code for a bad URL parameter on the socket.
  badRequest: (i) => close(4000, i.detail ?? 'invalid query'),
};

/** The vendor's REST error envelope. */
export function envelope(error: string, message: string, id = 'linecast') {
  return { error, message, request_id: id, docs_url: 'https://parlay-api.com/docs/websocket/sse' };
}

/** FastAPI's validation error, from a `param: msg` detail. */
function unprocessable(i: RefusalInfo) {
  const detail = i.detail ?? 'query: invalid';
  const at = detail.indexOf(': ');
  const param = at === -1 ? 'query' : detail.slice(0, at);
  const msg = at === -1 ? detail : detail.slice(at + 2);
  return { status: 422, body: { detail: [{ loc: ['query', param], msg, type: 'value_error' }] } };
}

export const sseRefusals: RefusalTable = {
  missing: { status: 401, body: envelope('missing_api_key', 'An API key is required') },
  unknown: { status: 401, body: envelope('invalid_api_key', REASONS.unknown) },
  revoked: { status: 401, body: envelope('invalid_api_key', REASONS.unknown) },
  forbidden: {
    status: 402,
    body: envelope('tier_gate_sse', 'The SSE odds feed requires Business tier or above'),
  },
  overCap: (i) => ({
    status: 429,
    body: envelope('concurrent_limit', `${REASONS.cap} (${i.limit ?? 0})`),
    headers: { 'Retry-After': '5' },
  }),
  badRequest: unprocessable,
};

export function streamAdmission(
  config: ParlayConfig,
  sse: boolean,
  live: boolean,
  minTier: Tier = 'business',
): Admission<StreamContext> {
  return {
    entitlement: DIALECT,
    credentials: [
      { from: 'header', name: 'x-api-key' },
      { from: 'bearer' },
      { from: 'subprotocol', prefix: 'apikey.' },
      { from: 'query', name: 'apiKey' },
      { from: 'query', name: 'api_key' },
    ],
    refusals:
      sse && minTier !== 'business'
        ? {
            ...sseRefusals,
            forbidden: {
              status: 402,
              body: envelope('tier_gate_sse', `This stream requires ${minTier} tier or above`),
            },
          }
        : sse
          ? sseRefusals
          : wsRefusals,
    closes: {
      revoked: { code: 1008, reason: REASONS.unknown },
      unresponsive: { code: 1011, reason: 'Server error' },
      slow: { code: 1011, reason: 'Server error' },
      shutdown: { code: 1001, reason: 'Going away' },
    },
    slots: [
      {
        per: 'key',
        pool: DIALECT,
        limit: (plan) => {
          const tier = tierOf(plan);
          // Below Business only play-by-play admits a key; it counts with Business's cap.
          return config.maxConnections[isStreamTier(tier) ? tier : 'business'];
        },
      },
    ],
    prepare: (req: HandshakeRequest, who) => {
      const tier = tierOf(who.plan);
      if (tierRank(tier) < tierRank(minTier)) return { ok: false, reason: 'forbidden' };
      const last = req.headers['last-event-id'];
      try {
        const query = parseQuery(
          req.query,
          config,
          sse && typeof last === 'string' ? last : undefined,
        );
        return { ok: true, context: { sportKey: req.params['sport'] ?? '', live, tier, query } };
      } catch (e) {
        if (!(e instanceof BadQuery)) throw e;
        return { ok: false, reason: 'badRequest', detail: e.message };
      }
    },
  };
}
