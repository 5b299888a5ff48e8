// linecast.v1: Linecast's own protocol over WebSocket and SSE, and its REST. See docs/protocol.md.
import { ERRORS, LinecastError } from '../../errors/catalogue.js';
import type { Admission } from '../../seam/admission.js';
import type { DialectDeps } from '../../seam/core.js';
import type {
  Connection,
  ConnectionHandlers,
  Dialect,
  HandshakeRequest,
  SocketEndpoint,
} from '../../seam/dialect.js';
import type { HttpRequest } from '../../seam/http.js';
import { defineDialect } from '../../seam/module.js';
import { AlertFanout, AlertPeer } from './alerts.js';
import { decodeCommand, type SubscribeCommand, subscriptionFromQuery } from './commands.js';
import { type NativeConfig, nativeConfigSchema } from './config.js';
import {
  alertFrame,
  alertSnapshotFrames,
  changeFrame,
  errorFrame,
  heartbeatFrame,
  pongFrame,
  snapshotFrames,
  subscribedFrame,
  unsubscribedFrame,
  welcomeFrame,
} from './frames.js';
import { unknownFilterId } from './known-ids.js';
import { requestKey, restRoutes } from './rest.js';

const NAME = 'native';

/** Refusals are the catalogue's coded HTTP errors (the runner's default); details say the fix. */
const admission: Admission<void> = {
  entitlement: NAME,
  credentials: [{ from: 'bearer' }, { from: 'query', name: 'key' }],
  refusals: {
    missing: (i) => coded(i.code, 'pass ?key= or Authorization: Bearer'),
    forbidden: (i) => coded(i.code, 'plan has no native streaming'),
  },
};

function coded(code: keyof typeof ERRORS, detail: string) {
  const e = new LinecastError(code, detail);
  return { status: e.status, body: { error: { code, message: e.message } } };
}

const unknownMessage = (detail: string) =>
  `${ERRORS.LC_ERR_PROTOCOL_UNKNOWN_FILTER_ID.message}: ${detail}`;

const position = (at: { epoch: string; seq: number }) => `${at.epoch}:${at.seq}`;

/** A connection's subscription ids on both streams: one namespace, one limit. */
interface Peer {
  conn: Connection;
  odds: Set<string>;
  alerts: AlertPeer | null;
}

const REST_REFUSALS = {
  missing: 'LC_ERR_AUTH_MISSING',
  unknown: 'LC_ERR_AUTH_INVALID',
  revoked: 'LC_ERR_AUTH_REVOKED',
  forbidden: 'LC_ERR_AUTH_FORBIDDEN',
} as const;

/** /v1 REST takes the stream keys unless it is open (`auto`: open on loopback only). */
function restAuthorizer(deps: DialectDeps, config: NativeConfig) {
  const keyed = config.restAccess === 'keyed' || (config.restAccess === 'auto' && deps.exposed);
  return (req: HttpRequest) => {
    if (!keyed) return;
    const r = deps.access.authenticate(requestKey(req), `${NAME}:rest`);
    if (!r.ok) {
      throw new LinecastError(
        REST_REFUSALS[r.reason],
        r.reason === 'missing' ? 'pass ?key= or Authorization: Bearer' : undefined,
      );
    }
  };
}

export function nativeDialect(deps: DialectDeps, config: NativeConfig): Dialect {
  const welcome = () =>
    welcomeFrame({
      server: deps.server,
      heartbeatMs: config.heartbeatMs,
      position: deps.reader.position(),
      limits: {
        maxFrameBytes: deps.limits.maxFrameBytes,
        maxSubscriptionsPerConnection: deps.limits.maxSubscriptionsPerConnection,
        maxFilterValues: deps.limits.maxFilterValues,
        clientMessagesPerSecond: deps.limits.clientMessagesPerSecond,
      },
    });

  const fanout = deps.alerts
    ? new AlertFanout(deps.alerts, { frame: alertFrame, eventId: position })
    : null;

  /**
   * A connection's state and its handlers in one object: closures for the handlers, with their
   * context and object, were about 300 bytes of every idle connection.
   */
  class OpenPeer implements Peer, ConnectionHandlers {
    readonly odds = new Set<string>();
    /** Made at the first alert subscription: most connections never take one. */
    alerts: AlertPeer | null = null;

    constructor(readonly conn: Connection) {}

    onText(text: string): void {
      handle(this, text);
    }

    onBinary(): void {
      const e = ERRORS.LC_ERR_PROTOCOL_BINARY;
      this.conn.send(errorFrame('LC_ERR_PROTOCOL_BINARY', e.message));
    }

    onClose(): void {
      if (this.alerts) fanout?.drop(this.alerts);
    }
  }

  const open = (conn: Connection): { peer: Peer; handlers: ConnectionHandlers } => {
    conn.send(welcome());
    const peer = new OpenPeer(conn);
    return { peer, handlers: peer };
  };

  /** Ids are unique across both streams, and both count towards the connection's limit. */
  const admit = (peer: Peer, cmd: SubscribeCommand) => {
    if (peer.odds.has(cmd.id) || peer.alerts?.subs.has(cmd.id))
      throw new LinecastError('LC_ERR_PROTOCOL_DUPLICATE_ID', cmd.id);
    const max = deps.limits.maxSubscriptionsPerConnection;
    if (peer.odds.size + (peer.alerts?.subs.size ?? 0) >= max)
      throw new LinecastError('LC_ERR_LIMIT_SUBSCRIPTIONS', `limit is ${max}`);
  };

  const startAlerts = (peer: Peer, cmd: SubscribeCommand) => {
    const conn = peer.conn;
    if (!fanout) throw new LinecastError('LC_ERR_ANALYTICS_OFF');
    peer.alerts ??= new AlertPeer(conn);
    const alerts = peer.alerts;
    deps.limits.check(cmd);
    fanout.subscribe(alerts, cmd, (s) => {
      const live = s.mode === 'live' ? position(s.position) : undefined;
      conn.send(subscribedFrame(cmd.id, s), live);
      if (!s.open) return;
      const frames = alertSnapshotFrames(cmd.id, s.position, s.open, config.snapshotSegment);
      const last = position(s.position);
      for (const [i, f] of frames.entries())
        conn.send(f, i === frames.length - 1 ? last : undefined);
    });
  };

  /** Starts one subscription; refusals by the hub's limits come back as error frames. */
  const start = (peer: Peer, cmd: SubscribeCommand) => {
    const conn = peer.conn;
    const unknown = unknownFilterId(cmd.filter, deps.catalog);
    if (unknown !== null) {
      conn.send(errorFrame('LC_ERR_PROTOCOL_UNKNOWN_FILTER_ID', unknownMessage(unknown), cmd.id));
      return false;
    }
    try {
      admit(peer, cmd);
      if (cmd.stream === 'alerts') {
        startAlerts(peer, cmd);
        return true;
      }
      if (cmd.kinds)
        throw new LinecastError('LC_ERR_PROTOCOL_BAD_FILTER', 'kinds needs stream: alerts');
      conn.subscribe({
        id: cmd.id,
        filter: cmd.filter,
        snapshot: cmd.snapshot,
        ...(cmd.from ? { from: cmd.from } : {}),
        ...(cmd.conflateMs === undefined ? {} : { conflateMs: cmd.conflateMs }),
        onStart: (s) => {
          // Only a complete image is a resume point: the id rides on its last part.
          const live = s.mode === 'live' ? position(s.position) : undefined;
          conn.send(subscribedFrame(cmd.id, s), live);
          if (s.snapshot) {
            const frames = snapshotFrames(cmd.id, s.snapshot, config.snapshotSegment);
            const last = position(s.snapshot.position);
            for (const [i, f] of frames.entries())
              conn.send(f, i === frames.length - 1 ? last : undefined);
          }
        },
        onError: (code, message) => {
          peer.odds.delete(cmd.id);
          conn.send(errorFrame(code, message, cmd.id));
        },
      });
      peer.odds.add(cmd.id);
      return true;
    } catch (e) {
      if (!(e instanceof LinecastError)) throw e;
      conn.send(errorFrame(e.code, e.message, cmd.id));
      return false;
    }
  };

  const unsubscribe = (peer: Peer, id: string) => {
    if (peer.alerts && fanout?.unsubscribe(peer.alerts, id)) return true;
    peer.odds.delete(id);
    return peer.conn.unsubscribe(id);
  };

  const handle = (peer: Peer, text: string) => {
    const conn = peer.conn;
    const d = decodeCommand(text);
    if (!d.ok) return conn.send(errorFrame(d.code, d.message, d.id));
    const cmd = d.command;
    if (cmd.type === 'ping') return conn.send(pongFrame(cmd.id));
    if (cmd.type === 'unsubscribe') {
      if (unsubscribe(peer, cmd.id)) return conn.send(unsubscribedFrame(cmd.id));
      return conn.send(
        errorFrame('LC_ERR_PROTOCOL_UNKNOWN_ID', ERRORS.LC_ERR_PROTOCOL_UNKNOWN_ID.message, cmd.id),
      );
    }
    start(peer, cmd);
  };

  const common = {
    heartbeatMs: config.heartbeatMs,
    overflow: { kind: 'conflate', budgetBytes: config.budgetBytes } as const,
    encodeChange: changeFrame,
    eventId: position,
    heartbeat: heartbeatFrame,
  };

  const stream: SocketEndpoint<void> = {
    ...common,
    path: '/v1/stream',
    admission,
    workerSafe: true,
    open: (conn) => open(conn).handlers,
  };

  // SSE: one subscription per stream, described by the query; resumes from Last-Event-ID. A
  // stream cannot carry an error before it starts, so the hub's limits are asked first.
  const sse: SocketEndpoint<SubscribeCommand> = {
    ...common,
    path: '/v1/sse',
    transport: 'sse',
    admission: {
      ...admission,
      prepare: (req: HandshakeRequest) => {
        const sub = subscriptionFromQuery(req.query, req.headers['last-event-id']);
        if (!sub.ok)
          return { ok: false, reason: 'badRequest', code: sub.code, detail: sub.message };
        const unknown = unknownFilterId(sub.command.filter, deps.catalog);
        if (unknown !== null) {
          const code = 'LC_ERR_PROTOCOL_UNKNOWN_FILTER_ID';
          return { ok: false, reason: 'badRequest', code, detail: unknown };
        }
        try {
          deps.limits.check(sub.command);
        } catch (e) {
          if (!(e instanceof LinecastError)) throw e;
          return { ok: false, reason: 'badRequest', code: e.code, detail: e.message };
        }
        return { ok: true, context: sub.command };
      },
    },
    open: (conn, cmd) => {
      const { peer, handlers } = open(conn);
      if (!start(peer, cmd)) conn.close(1008, 'refused');
      return handlers;
    },
  };

  return {
    name: NAME,
    endpoints: [stream, sse],
    routes: restRoutes(deps.reader, deps.catalog, {
      authorize: restAuthorizer(deps, config),
      maxSnapshotQuotes: config.maxSnapshotQuotes,
      ...(deps.alerts ? { alerts: deps.alerts } : {}),
    }),
  };
}

export const nativeModule = defineDialect({
  name: NAME,
  config: nativeConfigSchema,
  create: nativeDialect,
});
