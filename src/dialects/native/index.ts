// linecast.v1: Linecast's own protocol over WebSocket. See docs/protocol.md.
import type { AuthResult, Plan } from '../../auth/auth.js';
import { ERRORS, LinecastError } from '../../errors/catalogue.js';
import type { Position } from '../../model/types.js';
import type {
  Connection,
  Dialect,
  Handshake,
  HandshakeRequest,
  SocketEndpoint,
  SubscribeRequest,
} from '../../seam/dialect.js';
import { decodeCommand, type SubscribeCommand, subscriptionFromQuery } from './commands.js';
import {
  changeFrame,
  errorFrame,
  heartbeatFrame,
  pongFrame,
  snapshotFrames,
  subscribedFrame,
  unsubscribedFrame,
  welcomeFrame,
} from './frames.js';

export interface NativeDeps {
  authenticate(key: string | undefined, dialect: string): AuthResult;
  acquire(account: string, limit: number): (() => void) | null;
  position(): Position;
  server: string;
  heartbeatMs: number;
  budgetBytes: number;
  snapshotSegment: number;
  /** Advertised in `welcome` so clients can pace themselves. */
  limits: Record<string, number>;
  /** The hub's subscription limits, checked early (SSE refuses before its stream starts). */
  check(req: SubscribeRequest): void;
}

const NAME = 'native';

function keyFrom(req: HandshakeRequest): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return req.query.get('key') ?? undefined;
}

function refuse(code: keyof typeof ERRORS, detail?: string): Handshake {
  const e = new LinecastError(code, detail);
  return { ok: false, status: e.status, body: { error: { code, message: e.message } } };
}

export function nativeDialect(deps: NativeDeps): Dialect {
  const handshake = (req: HandshakeRequest): Handshake => {
    const r = deps.authenticate(keyFrom(req), NAME);
    if (!r.ok) {
      if (r.reason === 'missing')
        return refuse('LC_ERR_AUTH_MISSING', 'pass ?key= or Authorization: Bearer');
      if (r.reason === 'forbidden')
        return refuse('LC_ERR_AUTH_FORBIDDEN', 'plan has no native streaming');
      return refuse(r.reason === 'revoked' ? 'LC_ERR_AUTH_REVOKED' : 'LC_ERR_AUTH_INVALID');
    }
    const release = deps.acquire(r.principal.account, r.plan.maxConnections);
    if (!release) return refuse('LC_ERR_LIMIT_CONNECTIONS', `limit is ${r.plan.maxConnections}`);
    return { ok: true, principal: r.principal, context: { release, plan: r.plan } };
  };

  const open = (conn: Connection, context: unknown) => {
    const { release } = context as { release: () => void; plan: Plan };
    conn.send(
      welcomeFrame({
        server: deps.server,
        heartbeatMs: deps.heartbeatMs,
        position: deps.position(),
        limits: deps.limits,
      }),
    );
    return {
      onText: (text: string) => handle(conn, text),
      onBinary: () => {
        const e = ERRORS.LC_ERR_PROTOCOL_BINARY;
        conn.send(errorFrame('LC_ERR_PROTOCOL_BINARY', e.message));
      },
      onClose: release,
    };
  };

  /** Starts one subscription; refusals by the hub's limits come back as error frames. */
  const start = (conn: Connection, cmd: SubscribeCommand) => {
    try {
      conn.subscribe({
        id: cmd.id,
        filter: cmd.filter,
        snapshot: cmd.snapshot,
        ...(cmd.from ? { from: cmd.from } : {}),
        ...(cmd.conflateMs === undefined ? {} : { conflateMs: cmd.conflateMs }),
        onStart: (s) => {
          // Only a complete image is a resume point: the id rides on its last part.
          conn.send(subscribedFrame(cmd.id, s), s.mode === 'live' ? s.position : undefined);
          if (s.snapshot) {
            const frames = snapshotFrames(cmd.id, s.snapshot, deps.snapshotSegment);
            for (const [i, f] of frames.entries())
              conn.send(f, i === frames.length - 1 ? s.snapshot.position : undefined);
          }
        },
        onError: (code, message) => conn.send(errorFrame(code, message, cmd.id)),
      });
      return true;
    } catch (e) {
      if (!(e instanceof LinecastError)) throw e;
      conn.send(errorFrame(e.code, e.message, cmd.id));
      return false;
    }
  };

  const handle = (conn: Connection, text: string) => {
    const d = decodeCommand(text);
    if (!d.ok) return conn.send(errorFrame(d.code, d.message, d.id));
    const cmd = d.command;
    if (cmd.type === 'ping') return conn.send(pongFrame(cmd.id));
    if (cmd.type === 'unsubscribe') {
      if (conn.unsubscribe(cmd.id)) return conn.send(unsubscribedFrame(cmd.id));
      return conn.send(
        errorFrame('LC_ERR_PROTOCOL_UNKNOWN_ID', ERRORS.LC_ERR_PROTOCOL_UNKNOWN_ID.message, cmd.id),
      );
    }
    start(conn, cmd);
  };

  const endpoint: SocketEndpoint = {
    path: '/v1/stream',
    heartbeatMs: deps.heartbeatMs,
    overflow: { kind: 'conflate', budgetBytes: deps.budgetBytes },
    handshake,
    open,
    encodeChange: (change) => changeFrame(change),
    heartbeat: (now, position) => heartbeatFrame(now, position),
  };

  /** A stream cannot carry an error before it starts, so SSE asks the hub's limits first. */
  const checked = (cmd: SubscribeCommand): Handshake | null => {
    try {
      deps.check({
        id: cmd.id,
        filter: cmd.filter,
        snapshot: cmd.snapshot,
        ...(cmd.conflateMs === undefined ? {} : { conflateMs: cmd.conflateMs }),
        onStart: () => {},
      });
      return null;
    } catch (e) {
      if (!(e instanceof LinecastError)) throw e;
      return refuse(e.code, e.message);
    }
  };

  // SSE: one subscription per stream, described by the query; resumes from Last-Event-ID.
  const sse: SocketEndpoint = {
    ...endpoint,
    path: '/v1/sse',
    transport: 'sse',
    handshake: (req) => {
      const h = handshake(req);
      if (!h.ok) return h;
      const { release } = h.context as { release: () => void };
      const sub = subscriptionFromQuery(req.query, req.headers['last-event-id']);
      const refusal = sub.ok ? checked(sub.command) : refuse(sub.code, sub.message);
      if (refusal) {
        release();
        return refusal;
      }
      return {
        ...h,
        context: { ...(h.context as object), sub: (sub as { command: unknown }).command },
      };
    },
    open: (conn, context) => {
      const handlers = open(conn, context);
      if (!start(conn, (context as { sub: SubscribeCommand }).sub)) conn.close(1008, 'refused');
      return handlers;
    },
  };
  return { name: NAME, endpoints: [endpoint, sse], routes: [] };
}
