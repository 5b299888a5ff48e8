// The contract between the core and a dialect. A dialect declares endpoints and routes, decides
// handshakes, decodes client text into calls on its Connection, and encodes Changes, snapshots
// and heartbeats into its own frames. It never touches state, bus, history or sockets: the hub
// does the subscribing, snapshotting, resuming, queueing and writing.
import type { IncomingHttpHeaders } from 'node:http';
import type { Change, Filter, Position, Snapshot } from '../model/types.js';
import type { Route } from './http.js';

/** What a session does when its reader falls behind its budget. */
export type OverflowPolicy =
  /** Queued Changes of the same quote key collapse to the latest; the reader converges. */
  | { kind: 'conflate'; budgetBytes: number }
  /** Keep at most `maxMessages` queued; the oldest are dropped and counted. */
  | { kind: 'drop-oldest'; maxMessages: number; budgetBytes: number }
  /** Close with LC_ERR_LIMIT_SLOW_CONSUMER. */
  | { kind: 'disconnect'; budgetBytes: number };

export interface HandshakeRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  secure: boolean;
  remoteAddress: string;
}

/** Who is connecting, as the auth layer resolved it. */
export interface Principal {
  keyId: string;
  account: string;
  plan: string;
  /** The plan's client message rate; the hub's default applies when absent. */
  clientMessagesPerSecond?: number;
}

export type Handshake =
  | { ok: true; principal: Principal; context?: unknown }
  | { ok: false; status: number; body: unknown; headers?: Record<string, string> };

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
   */
  batchMs?: number;
  onBatch?(changes: Change[]): void;
}

/** What a dialect may do with one of its connections. */
export interface Connection {
  readonly id: number;
  readonly principal: Principal;
  /** Queues a control or image frame (never dropped). `at` is the position it carries, if any (SSE ids). */
  send(text: string, at?: Position): void;
  subscribe(req: SubscribeRequest): void;
  unsubscribe(id: string): boolean;
  subscriptionCount(): number;
  /** True while the reader is behind its budget: frames sent now would only queue. */
  behind(): boolean;
  close(code: number, reason: string): void;
}

export interface ConnectionHandlers {
  onText(text: string): void;
  onBinary?(data: Buffer): void;
  onClose?(): void;
}

export interface SocketEndpoint {
  path: string;
  /** How clients connect: a WebSocket upgrade (default) or a Server-Sent Events GET. */
  transport?: 'websocket' | 'sse';
  /** Application heartbeat interval in ms; 0 sends none. */
  heartbeatMs: number;
  overflow: OverflowPolicy;
  /** Runs before the upgrade; a refusal is answered with its HTTP status and body. */
  handshake(req: HandshakeRequest): Handshake | Promise<Handshake>;
  open(conn: Connection, context: unknown): ConnectionHandlers;
  /** This endpoint's frame for a Change, or null when it sends nothing for it. Pure. */
  encodeChange(change: Change, variant: string): string | null;
  heartbeat(now: number, position: Position): string | null;
  /** How a connection ends when its key is revoked; default LC_ERR_AUTH_REVOKED's close (1008). */
  revokedClose?: { code: number; reason: string };
}

export interface Dialect {
  name: string;
  endpoints: SocketEndpoint[];
  routes: Route[];
}
