// A dialect that exists only to exercise admission declarations the shipped dialects do not
// use yet: path parameters, refusals after the upgrade, a subprotocol credential, a connection
// pool shared by a WebSocket and an SSE endpoint, and Ed25519-signed handshakes. Test kit only.
import { z } from 'zod';
import type { Admission, RefusalTable } from '../seam/admission.js';
import type { Connection, SocketEndpoint } from '../seam/dialect.js';
import { defineDialect } from '../seam/module.js';

export const PROBE = 'probe';
export const PROBE_POOL_CAP = 2;
export const PROBE_SPORTS = ['basketball', 'hockey'];

const after = (close: number, reason: string) => ({ close, reason });

/** Parlay-style: 101 then a close code for every refusal. */
const wsRefusals: RefusalTable = {
  missing: after(4003, 'missing API key'),
  unknown: after(1008, 'invalid API key'),
  revoked: after(1008, 'invalid API key'),
  forbidden: after(4001, 'tier too low'),
  badRequest: (i) => after(4000, i.detail ?? 'bad request'),
  overCap: (i) => after(4002, `connection limit ${i.limit ?? 0}`),
};

/** SSE has no close codes: the same refusals as HTTP statuses before the stream. */
const sseRefusals: RefusalTable = {
  missing: { status: 401, body: { detail: 'missing API key' } },
  unknown: { status: 401, body: { detail: 'invalid API key' } },
  forbidden: { status: 402, body: { detail: 'tier too low' } },
  badRequest: (i) => ({ status: 422, body: { detail: i.detail ?? 'bad request' } }),
  overCap: (i) => ({ status: 429, body: { detail: `connection limit ${i.limit ?? 0}` } }),
};

interface Ctx {
  sport: string;
}

function admission(refusals: RefusalTable): Admission<Ctx> {
  return {
    entitlement: PROBE,
    credentials: [
      { from: 'header', name: 'x-api-key' },
      { from: 'subprotocol', prefix: 'apikey.' },
      { from: 'query', name: 'apiKey' },
    ],
    refusals,
    // One pool for both transports: a WebSocket and an SSE stream count together.
    slots: [{ per: 'key', pool: PROBE, limit: () => PROBE_POOL_CAP }],
    prepare: (req) =>
      PROBE_SPORTS.includes(req.params['sport'] ?? '')
        ? { ok: true, context: { sport: req.params['sport']! } }
        : { ok: false, reason: 'badRequest', detail: `unknown sport ${req.params['sport']}` },
  };
}

function open(conn: Connection, ctx: Ctx) {
  conn.send(
    JSON.stringify({ type: 'connected', sport: ctx.sport, account: conn.principal.account }),
  );
  return { onText: (text: string) => conn.send(JSON.stringify({ type: 'echo', text })) };
}

const base = {
  heartbeatMs: 0,
  overflow: { kind: 'disconnect', budgetBytes: 1 << 20 } as const,
  encodeChange: () => null,
  heartbeat: () => null,
};

const ws: SocketEndpoint<Ctx> = {
  ...base,
  path: '/probe/ws/:sport',
  admission: admission(wsRefusals),
  open,
};

const sse: SocketEndpoint<Ctx> = {
  ...base,
  path: '/probe/sse/:sport',
  transport: 'sse',
  admission: admission(sseRefusals),
  open,
};

/** Polymarket US §1.2: the same path and headers, so its published test vector verifies here. */
export const SIGNED_PATH = '/v1/ws/markets';

const signed: SocketEndpoint<void> = {
  ...base,
  path: SIGNED_PATH,
  admission: {
    entitlement: PROBE,
    credentials: [
      {
        from: 'ed25519',
        keyHeader: 'X-PM-Access-Key',
        timestampHeader: 'X-PM-Timestamp',
        signatureHeader: 'X-PM-Signature',
        windowMs: 30_000,
      },
    ],
    refusals: {
      missing: { status: 401, body: { code: 16, message: 'unauthenticated' } },
      unknown: { status: 401, body: { code: 16, message: 'unauthenticated' } },
      revoked: { status: 403, body: { code: 7, message: 'permission denied' } },
      forbidden: { status: 403, body: { code: 7, message: 'permission denied' } },
      overCap: { status: 429, body: { status: 429, message: 'Too Many Requests' } },
    },
  },
  open: (conn) => {
    conn.send(JSON.stringify({ type: 'connected', key: conn.principal.keyId }));
    return { onText: () => {} };
  },
};

export const probeModule = defineDialect({
  name: PROBE,
  config: z.object({}).strict(),
  create: () => ({ name: PROBE, endpoints: [ws, sse, signed], routes: [] }),
});
