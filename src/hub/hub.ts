// The fan-out hub: routes each Change to the sessions whose subscriptions match it, encoding it
// once per (endpoint, variant) and writing each session's frames once per turn.
import { type Bucket, fullBucket, take } from '../limits/token-bucket.js';
import { matchesChange } from '../model/filter.js';
import type { Change } from '../model/types.js';
import type { Admitted, CloseReason } from '../seam/admission.js';
import type { Plan } from '../seam/core.js';
import type {
  Connection,
  ConnectionHandlers,
  Principal,
  SocketEndpoint,
  SubscribeRequest,
} from '../seam/dialect.js';
import type { Clock } from '../timers/clock.js';
import type { Scheduler } from '../timers/scheduler.js';
import { type HubLimits, validateSubscribe } from './limits.js';
import { type CatchUpPorts, startSubscription } from './resume.js';
import { type OverflowStats, Session, type Sink } from './session.js';
import { everyInSlices, inTurns } from './spread.js';
import { Subscription } from './subscription.js';
import { SubscriptionIndex } from './subscription-index.js';

/** A ping round is sent in this many parts over its interval (each peer once per interval). */
const PING_SLICES = 10;
/** Heartbeats written per event-loop turn: a round interleaves with fan-out. */
const HEARTBEATS_PER_TURN = 256;

export interface HubPorts extends CatchUpPorts {
  clock: Clock;
  /** Protocol time: heartbeats, conflation windows, batch cadences; a ManualScheduler in tests. */
  scheduler: Scheduler;
  /**
   * Socket time: ping rounds and backlog drains, which judge real peers by their real progress,
   * so a test's paused clock never declares a live peer dead. Real timers in the server.
   */
  io: Scheduler;
  /** A dialect hook or encoder threw: logged and counted by the caller; fan-out goes on. */
  onError(err: unknown, where: string): void;
}

/** One connection as its transport presents it to the hub. */
export interface Peer {
  /** Where the session writes its framed bytes. */
  sink: Sink;
  /** This transport's bytes for a frame; `eventId` is the SSE id, if the frame carries one. */
  frame(text: string, eventId?: string): Buffer;
  /** The frame of `head` then `body`: a per-subscription head on a body encoded once. */
  frameWithHead(head: string, body: Buffer, eventId?: string): Buffer;
  close(code: number, reason: string): void;
  terminate(): void;
  /** A liveness probe answered by `Hub.pong`; absent where the transport has none. */
  ping?(): void;
}

/** The connection's life as the core's runner keeps it: every end goes through here. */
export interface Lifeline {
  /** The core ends the connection for `reason`, with the endpoint's close for it. */
  end(reason: CloseReason): void;
  /** The dialect ends it with its own code. */
  endWith(code: number, text: string): void;
  /** The transport saw it end: slots are released, once. */
  closed(): void;
}

/** A subscription of one of the hub's own connections. */
type ClientSub = Subscription<Client>;

export interface Client {
  session: Session;
  endpoint: SocketEndpoint;
  endpointId: number;
  principal: Principal;
  plan: Plan;
  peer: Peer;
  life: Lifeline;
  subs: Map<string, ClientSub | 'starting'>;
  handlers: ConnectionHandlers | null;
  /** Client messages allowed per second (token bucket). */
  bucket: Bucket;
  /** Peers without pings: bytes held at the last liveness round, to see whether they read. */
  unread: number;
  /** Liveness rounds seen since the session ended while the peer stayed attached. */
  endedRounds: number;
}

export class Hub {
  private readonly index = new SubscriptionIndex<ClientSub>();
  /** By session id: a session's slow close finds its client without a closure per client. */
  private readonly clients = new Map<number, Client>();
  private readonly dirty: Session[] = [];
  /** Sessions holding frames for a reader that is behind: what the drain timer visits. */
  private readonly held = new Set<Session>();
  private flushScheduled = false;
  private readonly encoded = new Map<string, Buffer | null>();
  /** Stamped subscriptions share the body's bytes; each frames its own stamp + body. */
  private readonly bodies = new Map<string, Buffer | null>();
  private readonly endpoints = new Map<SocketEndpoint, number>();
  private readonly observers: ((changes: readonly Change[]) => void)[] = [];
  private readonly stops: (() => void)[] = [];
  private nextId = 1;
  readonly overflow: OverflowStats = { conflated: 0, dropped: 0, slowClosed: 0 };
  /** Errors thrown by dialect code during fan-out (encoders, observers), since start. */
  errors = 0;

  constructor(
    private readonly ports: HubPorts,
    private readonly limits: HubLimits,
  ) {
    this.stops.push(
      everyInSlices(ports.io, limits.pingMs, PING_SLICES, (k, n) => this.pingSlice(k, n)),
    );
    this.stops.push(ports.io.every(100, () => this.drainHeld()));
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
    for (const c of this.clients.values()) n += c.session.heldBytes();
    return n;
  }

  /** Registers an endpoint: its heartbeat timer, one frame per tick shared by its sessions. */
  addEndpoint(endpoint: SocketEndpoint): void {
    if (this.endpoints.has(endpoint)) return;
    this.endpoints.set(endpoint, this.endpoints.size + 1);
    if (endpoint.heartbeatMs <= 0) return;
    const stop = this.ports.scheduler.every(endpoint.heartbeatMs, () => {
      const members = [...this.clients.values()].filter((c) => c.endpoint === endpoint);
      inTurns(members, HEARTBEATS_PER_TURN, (batch) => {
        try {
          // Each part says the time and position of its own turn, never an older one.
          const text = endpoint.heartbeat(this.ports.clock(), this.ports.position());
          if (text === null) return;
          let frame: Buffer | null = null;
          for (const c of batch) {
            if (c.session.state !== 'open') continue;
            frame ??= c.peer.frame(text);
            c.session.sendFrame(frame);
          }
        } catch (err) {
          this.fail(err, 'heartbeat');
        }
      });
    });
    this.stops.push(stop);
  }

  /** A dialect's hook that sees every bus batch before fan-out. */
  addObserver(observe: (changes: readonly Change[]) => void): void {
    this.observers.push(observe);
  }

  /** Bus listener: every Change, in seq order. One bad Change or encoder never stops the rest. */
  publish = (changes: readonly Change[]): void => {
    for (const observe of this.observers) {
      try {
        observe(changes);
      } catch (err) {
        this.fail(err, 'observe');
      }
    }
    for (const change of changes) {
      this.encoded.clear();
      this.bodies.clear();
      try {
        this.index.candidates(change, (sub) => this.route(sub, change));
      } catch (err) {
        this.fail(err, 'publish');
      }
    }
  };

  private route(sub: ClientSub, change: Change): void {
    if (!matchesChange(sub.filter, change)) return;
    if (sub.batched) {
      sub.hold(change);
      return;
    }
    if (sub.stamp) {
      this.stamped(sub, change, sub.stamp);
      return;
    }
    let frame = this.encoded.get(sub.encoderKey);
    if (frame === undefined) {
      frame = this.encode(sub, change);
      this.encoded.set(sub.encoderKey, frame);
    }
    if (frame !== null) sub.offer(change, frame);
  }

  private stamped(sub: ClientSub, change: Change, stamp: (c: Change) => string): void {
    let body = this.bodies.get(sub.encoderKey);
    if (body === undefined) {
      body = this.encodeBody(sub, change);
      this.bodies.set(sub.encoderKey, body);
    }
    if (body === null) return;
    try {
      const { peer, endpoint } = sub.client;
      sub.offer(change, peer.frameWithHead(stamp(change), body, endpoint.eventId?.(change)));
    } catch (err) {
      this.fail(err, 'encode');
    }
  }

  private encodeBody(sub: ClientSub, change: Change): Buffer | null {
    try {
      const text = sub.client.endpoint.encodeChange(change, sub.variant);
      return text === null ? null : Buffer.from(text, 'utf8');
    } catch (err) {
      this.fail(err, 'encode');
      return null;
    }
  }

  /** The frame of a Change for a subscription's endpoint and variant; null on a dialect error. */
  encode(sub: ClientSub, change: Change): Buffer | null {
    const { endpoint, peer } = sub.client;
    try {
      const text = endpoint.encodeChange(change, sub.variant);
      if (text === null) return null;
      return peer.frame(sub.stamp ? sub.stamp(change) + text : text, endpoint.eventId?.(change));
    } catch (err) {
      this.fail(err, 'encode');
      return null;
    }
  }

  private fail(err: unknown, where: string): void {
    this.errors++;
    this.ports.onError(err, where);
  }

  private markDirty = (s: Session): void => {
    this.dirty.push(s);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
  };

  private markHeld = (s: Session): void => {
    this.held.add(s);
  };

  private flush = (): void => {
    this.flushScheduled = false;
    const sessions = this.dirty.splice(0);
    for (const s of sessions) s.flush();
  };

  /** Takes an admitted connection; its transport then reports messages, pongs and the close. */
  attach(
    endpoint: SocketEndpoint,
    peer: Peer,
    who: Admitted,
    context: unknown,
    life: Lifeline,
  ): Client {
    const id = this.nextId++;
    const client: Client = {
      session: new Session(
        id,
        peer.sink,
        endpoint.overflow,
        this.overflow,
        this.markDirty,
        this.slowSession,
        this.limits.maxPeerBytes,
        this.markHeld,
      ),
      endpoint,
      endpointId: this.endpoints.get(endpoint) ?? 0,
      principal: who.principal,
      plan: who.plan,
      peer,
      life,
      subs: new Map(),
      handlers: null,
      bucket: fullBucket(this.rate(who.principal), this.ports.clock()),
      unread: 0,
      endedRounds: 0,
    };
    this.clients.set(id, client);
    client.handlers = endpoint.open(new HubConnection(this, client), context);
    return client;
  }

  pong(client: Client): void {
    client.session.unanswered = 0;
  }

  receive(client: Client, data: Buffer, isBinary: boolean): void {
    if (!take(client.bucket, this.rate(client.principal), this.ports.clock())) {
      this.end(client, 'rate');
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
      encode: (c) => this.encode(sub, c),
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

  private slowSession = (s: Session): void => {
    const client = this.clients.get(s.id);
    if (client === undefined) return;
    this.overflow.slowClosed++;
    this.end(client, 'slow');
  };

  /** Ends a connection for a core reason: writes stop at once, the close follows. */
  private end(client: Client, reason: CloseReason): void {
    if (client.session.state === 'closed') return;
    client.session.close();
    client.life.end(reason);
  }

  /** The transport saw the connection end. */
  detach(client: Client): void {
    if (this.clients.get(client.session.id) !== client) return;
    this.clients.delete(client.session.id);
    for (const id of [...client.subs.keys()]) this.unsubscribe(client, id);
    client.session.close();
    const h = client.handlers;
    client.handlers = null;
    try {
      h?.onClose?.();
    } finally {
      client.life.closed();
    }
  }

  /**
   * One part of a liveness round (the peers whose id is `slice` modulo `slices`): a WebSocket
   * peer that answered none of the last two pings is ended; a peer without pings (SSE) that holds
   * unread bytes and read none of them since the last round is ended too, so a reader that
   * stopped reading never holds memory for long.
   */
  private pingSlice(slice: number, slices: number): void {
    for (const c of [...this.clients.values()]) {
      if (c.session.id % slices !== slice) continue;
      // Ended a whole round ago and still attached: its close is waiting on a peer that does not
      // read (an SSE end flushes first; a WebSocket close waits for the handshake). Cut it. Not at
      // the first round after the end, which may come at once: a reader that resumes within a
      // round still gets its close frame and code.
      if (c.session.state === 'closed') {
        if (++c.endedRounds >= 2) c.peer.terminate();
        continue;
      }
      if (!c.peer.ping) {
        const unread = c.peer.sink.writableLength + c.session.heldBytes();
        if (unread > 0 && c.unread > 0 && unread >= c.unread) this.end(c, 'unresponsive');
        else c.unread = unread;
        continue;
      }
      // Two rounds unanswered: a peer that is merely slow (a starved process, a long GC) gets a
      // whole interval more than one that is gone.
      if (c.session.unanswered >= 2) {
        this.end(c, 'unresponsive');
        continue;
      }
      c.session.unanswered++;
      c.peer.ping();
    }
  }

  /**
   * A safety net under 'drain' for sessions holding frames: only those are visited, so the
   * timer costs nothing while every reader keeps up.
   */
  private drainHeld(): void {
    for (const s of this.held) {
      s.drain();
      if (s.state !== 'open' || !s.holding()) this.held.delete(s);
    }
  }

  connectionsByAccount(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const c of this.clients.values())
      out[c.principal.account] = (out[c.principal.account] ?? 0) + 1;
    return out;
  }

  /** Closes the connections of these keys (revoked); returns how many were closed. */
  closeKeys(keyIds: ReadonlySet<string>): number {
    let n = 0;
    for (const c of [...this.clients.values()]) {
      if (!keyIds.has(c.principal.keyId) || c.session.state === 'closed') continue;
      this.end(c, 'revoked');
      n++;
    }
    return n;
  }

  /** Closes every connection with a going-away code (graceful shutdown). */
  close(): void {
    for (const stop of this.stops) stop();
    for (const c of [...this.clients.values()]) this.end(c, 'shutdown');
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

  get plan(): Plan {
    return this.client.plan;
  }

  send(text: string, eventId?: string): void {
    this.client.session.sendFrame(this.client.peer.frame(text, eventId));
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
    this.client.session.close();
    this.client.life.endWith(code, reason);
  }
}
