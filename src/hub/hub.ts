// The fan-out hub: routes each Change to the sessions whose subscriptions match it, encoding it
// once per (endpoint, variant) and writing each session's frames once per turn.
import { LinecastError } from '../errors/catalogue.js';
import { type Bucket, fullBucket, take } from '../limits/token-bucket.js';
import { matchesChange } from '../model/filter.js';
import type { Change, Position } from '../model/types.js';
import type {
  Connection,
  ConnectionHandlers,
  Principal,
  SocketEndpoint,
  SubscribeRequest,
} from '../seam/dialect.js';
import type { Clock } from '../sources/types.js';
import type { Scheduler } from '../timers/scheduler.js';
import { type Framer, framers } from './frame.js';
import { type HubLimits, validateSubscribe } from './limits.js';
import { type CatchUpPorts, startSubscription } from './resume.js';
import { type OverflowStats, Session, type Sink } from './session.js';
import { Subscription } from './subscription.js';
import { SubscriptionIndex } from './subscription-index.js';

export interface HubPorts extends CatchUpPorts {
  clock: Clock;
  /** Heartbeats and batch cadences; a ManualScheduler in tests. */
  scheduler: Scheduler;
}

/** One connection as its transport presents it to the hub. */
export interface Peer {
  /** Where the session writes its framed bytes. */
  sink: Sink;
  close(code: number, reason: string): void;
  terminate(): void;
  /** A liveness probe answered by `Hub.pong`; absent where the transport has none. */
  ping?(): void;
}

export interface Client {
  session: Session;
  endpoint: SocketEndpoint;
  frame: Framer;
  principal: Principal;
  peer: Peer;
  subs: Map<string, Subscription | 'starting'>;
  handlers: ConnectionHandlers | null;
  /** Client messages allowed per second (token bucket). */
  bucket: Bucket;
}

export class Hub {
  private readonly index = new SubscriptionIndex<Subscription>();
  private readonly clients = new Set<Client>();
  private readonly dirty: Session[] = [];
  private flushScheduled = false;
  private readonly encoded = new Map<string, Buffer | null>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly stops: (() => void)[] = [];
  private nextId = 1;
  readonly overflow: OverflowStats = { conflated: 0, dropped: 0, slowClosed: 0 };

  constructor(
    private readonly ports: HubPorts,
    private readonly limits: HubLimits,
  ) {
    this.timers.push(setInterval(() => this.pingAll(), limits.pingMs).unref());
    this.timers.push(setInterval(() => this.drainHeld(), 100).unref());
  }

  get connectionCount(): number {
    return this.clients.size;
  }

  get subscriptionCount(): number {
    return this.index.size;
  }

  /** Bytes all sessions hold beyond their sockets (backlogs, conflation maps, this turn's frames). */
  heldBytes(): number {
    let n = 0;
    for (const c of this.clients) n += c.session.heldBytes();
    return n;
  }

  /** Starts the heartbeat timer of an endpoint; one frame per tick is shared by its sessions. */
  addEndpoint(endpoint: SocketEndpoint): void {
    if (endpoint.heartbeatMs <= 0) return;
    const stop = this.ports.scheduler.every(endpoint.heartbeatMs, () => {
      const text = endpoint.heartbeat(this.ports.clock(), this.ports.position());
      if (text === null) return;
      const frame = framers[endpoint.transport ?? 'websocket'](text);
      for (const c of this.clients) if (c.endpoint === endpoint) c.session.sendFrame(frame);
    });
    this.stops.push(stop);
  }

  /** Bus listener: every Change, in seq order. */
  publish = (changes: readonly Change[]): void => {
    for (const change of changes) {
      this.encoded.clear();
      this.index.candidates(change, (sub) => {
        if (!matchesChange(sub.filter, change)) return;
        if (sub.batched) return sub.hold(change);
        let frame = this.encoded.get(sub.encoderKey);
        if (frame === undefined) {
          const text = sub.client.endpoint.encodeChange(change, sub.variant);
          frame = text === null ? null : sub.client.frame(text, change);
          this.encoded.set(sub.encoderKey, frame);
        }
        if (frame !== null) sub.offer(change, frame);
      });
    }
  };

  private markDirty = (s: Session): void => {
    this.dirty.push(s);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
  };

  private flush = (): void => {
    this.flushScheduled = false;
    const sessions = this.dirty.splice(0);
    for (const s of sessions) s.flush();
  };

  /** Takes a new connection; its transport then reports messages, pongs and the close. */
  attach(endpoint: SocketEndpoint, peer: Peer, principal: Principal, context: unknown): Client {
    const id = this.nextId++;
    const client: Client = {
      session: new Session(id, peer.sink, endpoint.overflow, this.overflow, this.markDirty, () =>
        this.slow(client),
      ),
      endpoint,
      frame: framers[endpoint.transport ?? 'websocket'],
      principal,
      peer,
      subs: new Map(),
      handlers: null,
      bucket: fullBucket(this.rate(principal), this.ports.clock()),
    };
    this.clients.add(client);
    client.handlers = endpoint.open(new HubConnection(this, client), context);
    return client;
  }

  pong(client: Client): void {
    client.session.alive = true;
  }

  receive(client: Client, data: Buffer, isBinary: boolean): void {
    if (!take(client.bucket, this.rate(client.principal), this.ports.clock())) {
      const e = new LinecastError('LC_ERR_LIMIT_RATE', `over ${this.rate(client.principal)}/s`);
      client.session.close();
      client.peer.close(e.close, e.code);
      return;
    }
    const h = client.handlers;
    if (!h) return;
    if (isBinary) h.onBinary?.(data);
    else h.onText(data.toString('utf8'));
  }

  private rate(principal: Principal): number {
    return principal.clientMessagesPerSecond ?? this.limits.clientMessagesPerSecond;
  }

  /** Throws LinecastError for a request the limits refuse; the dialect encodes it. */
  subscribe(client: Client, req: SubscribeRequest): void {
    validateSubscribe(req, client.subs, this.limits);
    client.subs.set(req.id, 'starting');
    const variant = req.variant ?? '';
    const sub = new Subscription(req, client, variant, this.ports.scheduler);
    startSubscription(this.ports, sub, req, {
      isCurrent: () => client.subs.get(req.id) === 'starting' && client.session.state === 'open',
      activate: () => {
        client.subs.set(req.id, sub);
        this.index.add(sub);
      },
    });
  }

  unsubscribe(client: Client, id: string): boolean {
    const sub = client.subs.get(id);
    if (sub === undefined) return false;
    client.subs.delete(id);
    if (sub !== 'starting') {
      this.index.remove(sub);
      sub.stop();
    }
    return true;
  }

  private slow(client: Client): void {
    this.overflow.slowClosed++;
    const e = new LinecastError('LC_ERR_LIMIT_SLOW_CONSUMER');
    client.session.close();
    client.peer.close(e.close, e.code);
  }

  /** The transport saw the connection end. */
  detach(client: Client): void {
    if (!this.clients.delete(client)) return;
    for (const id of [...client.subs.keys()]) this.unsubscribe(client, id);
    client.session.close();
    client.handlers?.onClose?.();
    client.handlers = null;
  }

  private pingAll(): void {
    for (const c of this.clients) {
      if (!c.peer.ping) continue;
      if (!c.session.alive) {
        c.peer.terminate();
        continue;
      }
      c.session.alive = false;
      c.peer.ping();
    }
  }

  private drainHeld(): void {
    for (const c of this.clients) if (c.session.holding()) c.session.drain();
  }

  connectionsByAccount(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const c of this.clients) out[c.principal.account] = (out[c.principal.account] ?? 0) + 1;
    return out;
  }

  /** Closes the connections of these keys (revoked); returns how many were closed. */
  closeKeys(keyIds: ReadonlySet<string>): number {
    const e = new LinecastError('LC_ERR_AUTH_REVOKED');
    let n = 0;
    for (const c of [...this.clients]) {
      if (!keyIds.has(c.principal.keyId) || c.session.state === 'closed') continue;
      c.session.close();
      const own = c.endpoint.revokedClose;
      c.peer.close(own?.code ?? e.close, own?.reason ?? e.code);
      n++;
    }
    return n;
  }

  /** Closes every connection with a going-away code (graceful shutdown). */
  close(): void {
    for (const t of this.timers) clearInterval(t);
    for (const stop of this.stops) stop();
    const e = new LinecastError('LC_ERR_SERVER_SHUTDOWN');
    for (const c of [...this.clients]) c.peer.close(e.close, e.code);
  }
}

/** What a dialect holds of a connection. A class, not closures: one small object per connection. */
class HubConnection implements Connection {
  constructor(
    private readonly hub: Hub,
    private readonly client: Client,
  ) {}

  get id(): number {
    return this.client.session.id;
  }

  get principal(): Principal {
    return this.client.principal;
  }

  send(text: string, at?: Position): void {
    this.client.session.sendFrame(this.client.frame(text, at));
  }

  subscribe(req: SubscribeRequest): void {
    this.hub.subscribe(this.client, req);
  }

  unsubscribe(id: string): boolean {
    return this.hub.unsubscribe(this.client, id);
  }

  subscriptionCount(): number {
    return this.client.subs.size;
  }

  behind(): boolean {
    return this.client.session.behind();
  }

  close(code: number, reason: string): void {
    this.client.peer.close(code, reason);
  }
}
