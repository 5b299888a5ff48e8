// The contract between the core and a dialect. A dialect declares endpoints (with their
// admission) and routes, decodes client text into calls on its Connection, and encodes Changes,
// snapshots and heartbeats into its own frames. It never touches state, bus, history or sockets:
// the core admits, subscribes, snapshots, resumes, queues, writes and closes.
import type { Change, Filter, Position, Snapshot } from '../model/types.js';
import type { Admission } from './admission.js';
import type { Plan } from './core.js';
import type { ErrorShape, Route } from './http.js';
import type { Principal } from './request.js';

export type { HandshakeRequest, Principal } from './request.js';

/** What a session does when its reader falls behind its budget (bytes held for the peer). */
export type OverflowPolicy =
  /** Queued Changes of the same quote key collapse to the latest; the reader converges. */
  | { kind: 'conflate'; budgetBytes: number }
  /** Keep at most `maxMessages` queued; the oldest are dropped and counted. */
  | { kind: 'drop-oldest'; maxMessages: number; budgetBytes: number }
  /** Close with the dialect's `slow` close. */
  | { kind: 'disconnect'; budgetBytes: number };

export interface SubscriptionStart {
  /** `snapshot`: a fresh image follows; `resumed`: exactly the missed Changes follow. */
  mode: 'snapshot' | 'resumed' | 'live';
  /** False when a resume was asked for but could not be honoured (a snapshot is sent instead). */
  recovered: boolean;
  /** The position the image is valid at, or the resume point. */
  position: Position;
  snapshot?: Snapshot;
}

export interface SubscribeRequest {
  id: string;
  filter: Filter;
  /** Encoder variant: Changes are encoded once per (endpoint, variant). */
  variant?: string;
  snapshot: boolean;
  from?: Position;
  /** At most one update per quote key per this many ms; the latest value always arrives. */
  conflateMs?: number;
  /** Called once, synchronously before any Change of this subscription is queued. */
  onStart(start: SubscriptionStart): void;
  /** Called if the subscription could not start (e.g. history failed). */
  onError?(code: string, message: string): void;
  /**
   * Batch mode, for dialects that push refreshed images on a cadence instead of a frame per
   * Change: matching Changes are held (the latest per quote key, so memory is bounded by the
   * subscription's quotes) and handed to `onBatch` every `batchMs`, in seq order, possibly
   * empty. `encodeChange` is not called for such a subscription; what to send is up to the
   * dialect (check `Connection.behind()` first to keep one pending image per subscription).
   * A held Change that absorbed later ones keeps the earliest `before` (the net change of the
   * window); `absorbed` counts the Changes so replaced since the last batch.
   */
  batchMs?: number;
  onBatch?(changes: Change[], absorbed: number): void;
  /**
   * Per-subscription text put before the endpoint's shared text when a Change's frame is queued
   * for this subscription (its id, its own sequence number). The shared text is still encoded
   * once per (endpoint, variant); a Change matching several stamped subscriptions of one
   * connection is sent once to each of them.
   */
  stamp?(change: Change): string;
  /**
   * Called for each live Change queued for this subscription (metering); absent: no cost. It runs
   * inside fan-out, so it must not throw and should only count.
   */
  onDelivered?(change: Change): void;
}

/** What a dialect may do with one of its connections. */
export interface Connection {
  readonly id: number;
  readonly principal: Principal;
  readonly plan: Plan;
  /**
   * Queues a control or image frame. It counts against the peer's byte budget like any frame;
   * `eventId` is the SSE id it carries (a resume point), ignored on WebSocket.
   */
  send(text: string, eventId?: string): void;
  subscribe(req: SubscribeRequest): void;
  unsubscribe(id: string): boolean;
  subscriptionCount(): number;
  /** True while the reader is behind its budget: frames sent now would only queue. */
  behind(): boolean;
  /** Ends the connection with the dialect's own code (e.g. a refusal only `open` can decide). */
  close(code: number, reason: string): void;
}

export interface ConnectionHandlers {
  onText(text: string): void;
  onBinary?(data: Buffer): void;
  onClose?(): void;
}

export interface SocketEndpoint<Ctx = unknown> {
  /** Path pattern; segments starting with `:` are parameters (`/v1/ws/odds/:sport`). */
  path: string;
  /** How clients connect: a WebSocket upgrade (default) or a Server-Sent Events GET. */
  transport?: 'websocket' | 'sse';
  admission: Admission<Ctx>;
  /** Application heartbeat interval in ms; 0 sends none. */
  heartbeatMs: number;
  overflow: OverflowPolicy;
  open(conn: Connection, context: Ctx): ConnectionHandlers;
  /** This endpoint's frame for a Change, or null when it sends nothing for it. Pure. */
  encodeChange(change: Change, variant: string): string | null;
  /** SSE: the id a Change's event carries (what EventSource sends back as Last-Event-ID). */
  eventId?(change: Change): string | undefined;
  heartbeat(now: number, position: Position): string | null;
  /**
   * Its connections may be served by a fan-out worker process (`fanout.workers`): `open` and its
   * handlers use only the Connection and the DialectDeps' reader, alerts, catalog, limits, timers
   * (no REST access, credits, usage or exchange), `observe` is pure over the batch, and the
   * admission's context is plain JSON. WebSocket endpoints only.
   */
  workerSafe?: boolean;
}

export interface Dialect {
  name: string;
  endpoints: SocketEndpoint[];
  routes: Route[];
  /**
   * Sees every Change once per bus batch, before fan-out (caches, per-event documents). Must not
   * throw; if it does, the error is logged and counted and fan-out goes on.
   */
  observe?(changes: readonly Change[]): void;
  /**
   * The listener (origin) this dialect serves on; absent: the main one. Dialects whose vendor
   * paths collide with another dialect's get their own (see docs/configuration.md `listeners`).
   */
  listener?: string;
  /**
   * How the core's own errors on this dialect's listener look (unknown path, wrong method, a
   * refused body, an internal error), so its vendor's clients can read them. Only a dialect with
   * its own listener may set it; absent: Linecast's `{error: {code, message}}`.
   */
  errorBody?: ErrorShape;
}
