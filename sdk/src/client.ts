// The client: one connection state machine over a WebSocket (or SSE) transport, the
// subscriptions it carries, reconnection with full-jitter backoff, and a heartbeat watchdog.
import type { Filter, ServerFrame } from '../../src/protocol/index.js';
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
import { Emitter } from './emitter.js';
import { sseTransport } from './sse.js';
import {
  type ConnectionState,
  type Transition,
  type TransitionReason,
  transition,
} from './state.js';
import { type SubscribeOptions, Subscription } from './subscription.js';
import {
  type EventSourceConstructor,
  type Transport,
  type TransportHandlers,
  type WebSocketConstructor,
  webSocketTransport,
} from './transport.js';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ConnectOptions {
  /** API key, sent as `?key=` (browsers cannot set headers on WebSocket or EventSource). */
  key?: string;
  /** `auto` (default): WebSocket, and SSE while WebSocket cannot connect. */
  transport?: 'auto' | 'websocket' | 'sse';
  /** Defaults to the global WebSocket (browsers; Node 22+, or 20 with --experimental-websocket). */
  WebSocket?: WebSocketConstructor;
  /** Defaults to the global EventSource (browsers). */
  EventSource?: EventSourceConstructor;
  backoff?: Partial<BackoffOptions>;
  /** The connection is presumed dead after this many heartbeat intervals without a frame. */
  heartbeatTolerance?: number;
  /** Per subscription: past this many unread messages the backlog becomes one image. */
  maxBuffered?: number;
  timers?: Timers;
  random?: () => number;
}

export interface ClientEvents {
  state: Transition;
  connecting: Transition;
  connected: Transition;
  disconnected: Transition;
  closed: Transition;
  /** An error frame that names no subscription (e.g. a rate refusal). */
  error: { code: string; message: string };
  /** Every frame, for tools that want to look (e.g. the heartbeat's server time). */
  frame: ServerFrame;
}

interface Endpoints {
  ws: string;
  sse: string;
}

/** `http(s)://host[:port][/prefix]` or `ws(s)://...`; a trailing `/v1/stream` is allowed. */
export function endpoints(url: string): Endpoints {
  const u = new URL(url);
  const secure = u.protocol === 'https:' || u.protocol === 'wss:';
  const prefix = u.pathname.replace(/\/v1\/(stream|sse)\/?$/, '').replace(/\/$/, '');
  return {
    ws: `${secure ? 'wss' : 'ws'}://${u.host}${prefix}/v1/stream`,
    sse: `${secure ? 'https' : 'http'}://${u.host}${prefix}/v1/sse`,
  };
}

const defaultTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class Client {
  private current: ConnectionState = 'connecting';
  private transport: Transport | null = null;
  /** Subscriptions started on the current transport. */
  private started = new Set<string>();
  private readonly subs = new Map<string, Subscription>();
  private readonly events = new Emitter<ClientEvents>();
  private readonly urls: Endpoints;
  private readonly timers: Timers;
  private readonly backoff: BackoffOptions;
  private attempt = 0;
  private retryTimer: unknown = null;
  private watchdog: unknown = null;
  private heartbeatMs = 0;
  private nextId = 1;
  private useSse: boolean;

  constructor(
    url: string,
    private readonly opts: ConnectOptions = {},
  ) {
    this.urls = endpoints(url);
    this.timers = opts.timers ?? defaultTimers;
    this.backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
    this.useSse = opts.transport === 'sse' || (opts.transport !== 'websocket' && !this.wsCtor());
    // Born connecting: there is no earlier state for a listener to have seen.
    this.open();
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** `websocket` or `sse`: what the client is using (or trying) now. */
  get transportKind(): 'websocket' | 'sse' {
    return this.useSse ? 'sse' : 'websocket';
  }

  on<K extends keyof ClientEvents>(name: K, fn: (value: ClientEvents[K]) => void): () => void {
    return this.events.on(name, fn);
  }

  /** Resolves when the state is `state` (now or later); rejects if the client closes first. */
  when(state: ConnectionState): Promise<Transition | null> {
    if (this.current === state) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      const off = this.events.on('state', (t) => {
        if (t.to === state) {
          off();
          resolve(t);
        } else if (t.to === 'closed') {
          off();
          reject(new Error(`client closed (${t.reason})`));
        }
      });
    });
  }

  subscribe(filter: Filter = {}, opts: SubscribeOptions = {}): Subscription {
    if (this.current === 'closed') throw new Error('linecast sdk: client is closed');
    const id = `s${this.nextId++}`;
    const sub = new Subscription(id, filter, opts, this.opts.maxBuffered ?? 10_000, (s) =>
      this.release(s),
    );
    this.subs.set(id, sub);
    if (this.current === 'connected' || this.transport?.subscribesEarly) this.start(sub);
    return sub;
  }

  /** Ends every subscription's iterator and the connection; the client cannot be reused. */
  close(): void {
    if (this.current === 'closed') return;
    this.drop();
    this.move('closed', 'client_close');
  }

  private start(sub: Subscription): void {
    if (!this.transport || this.started.has(sub.id)) return;
    this.started.add(sub.id);
    this.transport.send(sub.command());
  }

  private release(sub: Subscription): void {
    if (!this.subs.delete(sub.id)) return;
    if (this.started.delete(sub.id)) this.transport?.send({ type: 'unsubscribe', id: sub.id });
  }

  private wsCtor(): WebSocketConstructor | undefined {
    return (
      this.opts.WebSocket ??
      (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket ??
      undefined
    );
  }

  private open(): void {
    const handlers: TransportHandlers = {
      onReady: () => this.onReady(),
      onFrame: (f) => this.onFrame(f),
      onClose: (info) => this.onTransportClose(info),
    };
    if (this.useSse) {
      const ES =
        this.opts.EventSource ??
        (globalThis as { EventSource?: EventSourceConstructor }).EventSource;
      if (!ES) throw new Error('linecast sdk: no WebSocket or EventSource available; pass one');
      this.transport = sseTransport(ES, this.urls.sse, this.opts.key, handlers);
      for (const sub of this.subs.values()) this.start(sub);
    } else {
      const WS = this.wsCtor()!;
      const q = this.opts.key ? `?key=${encodeURIComponent(this.opts.key)}` : '';
      this.transport = webSocketTransport(WS, `${this.urls.ws}${q}`, handlers);
    }
  }

  private onReady(): void {
    if (this.current !== 'connecting') return;
    this.attempt = 0;
    this.move('connected', 'welcome');
    for (const sub of this.subs.values()) this.start(sub);
    this.kick();
  }

  private onFrame(f: ServerFrame): void {
    this.kick();
    this.events.emit('frame', f);
    switch (f.type) {
      case 'welcome':
        this.heartbeatMs = f.heartbeatMs;
        this.kick();
        return;
      case 'subscribed':
        this.subs.get(f.id)?.onSubscribed(f);
        return;
      case 'snapshot':
        this.subs.get(f.id)?.onSnapshot(f);
        return;
      case 'quote':
        for (const sub of this.subs.values()) sub.onQuote(f);
        return;
      case 'event':
        for (const sub of this.subs.values()) sub.onEvent(f);
        return;
      case 'error': {
        const sub = f.id === undefined ? undefined : this.subs.get(f.id);
        if (sub) {
          this.started.delete(sub.id); // the server holds no such subscription any more
          sub.onError(f.code, f.message);
        } else this.events.emit('error', { code: f.code, message: f.message });
        return;
      }
      default:
        return;
    }
  }

  private onTransportClose(info: { code: number; reason: string; opened: boolean }): void {
    if (this.current === 'closed') return;
    const wasConnected = this.current === 'connected';
    this.drop();
    const detail = `${info.code}${info.reason ? ` ${info.reason}` : ''}`;
    if (info.code === 1008) {
      this.move('closed', 'auth_revoked', detail);
      return;
    }
    let reason: TransitionReason = wasConnected ? 'transport_closed' : 'connect_failed';
    if (info.code === 1001) reason = 'server_shutdown';
    // auto: a WebSocket that never opened may be blocked on the way; try SSE next, and back.
    if (!info.opened && this.opts.transport !== 'websocket' && this.opts.transport !== 'sse') {
      const hasEs = this.opts.EventSource ?? (globalThis as { EventSource?: unknown }).EventSource;
      if (hasEs && this.wsCtor()) this.useSse = !this.useSse;
    }
    this.move('disconnected', reason, detail);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    const delay = backoffDelay(this.attempt++, this.backoff, (this.opts.random ?? Math.random)());
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      if (this.current !== 'disconnected') return;
      this.move('connecting', 'reconnect');
      this.open();
    }, delay);
  }

  /** Frames are the heartbeat: any frame proves the connection alive. */
  private kick(): void {
    if (this.watchdog !== null) this.timers.clearTimeout(this.watchdog);
    this.watchdog = null;
    if (this.heartbeatMs <= 0 || this.current !== 'connected') return;
    const limit = this.heartbeatMs * (this.opts.heartbeatTolerance ?? 2.5);
    this.watchdog = this.timers.setTimeout(() => {
      this.watchdog = null;
      if (this.current !== 'connected') return;
      this.drop();
      this.move('disconnected', 'heartbeat_timeout', `no frame for ${limit} ms`);
      this.scheduleRetry();
    }, limit);
  }

  /** Stops the transport and timers; subscriptions wait for their next `subscribed`. */
  private drop(): void {
    this.transport?.close();
    this.transport = null;
    this.started.clear();
    if (this.watchdog !== null) this.timers.clearTimeout(this.watchdog);
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    this.watchdog = null;
    this.retryTimer = null;
    for (const sub of this.subs.values()) sub.detach();
  }

  private move(to: ConnectionState, reason: TransitionReason, detail?: string): void {
    const t = transition(this.current, to, reason, detail);
    this.current = to;
    if (to === 'closed') for (const sub of [...this.subs.values()]) sub.finish();
    this.emitTransition(t);
  }

  private emitTransition(t: Transition): void {
    this.events.emit('state', t);
    this.events.emit(t.to, t);
  }
}

/** Opens a client; it connects (and reconnects) by itself until `close()`. */
export function connect(url: string, opts: ConnectOptions = {}): Client {
  return new Client(url, opts);
}
