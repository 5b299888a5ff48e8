// The main process's side of fan-out on every core (`fanout.workers`): forks the worker
// processes, feeds each the opening image and then every bus batch (serialised once, the same
// bytes to every worker), hands admitted sockets to the least loaded one, keeps their slots
// until the worker says they closed, and restarts a worker that dies or falls too far behind.
import { type ChildProcess, fork } from 'node:child_process';
import { type Server, Socket } from 'node:net';
import { extname } from 'node:path';
import { TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { AlertChange } from '../analytics/types.js';
import type { Config } from '../config/schema.js';
import type { LifeState, Reason } from '../connections/life.js';
import type { Release } from '../connections/slots.js';
import { MATCH_ALL } from '../model/filter.js';
import type { Change } from '../model/types.js';
import type { AlertReader, CoreReader } from '../seam/core.js';
import type { State } from '../state/state.js';
import type { Divert, Handoff } from './handoff.js';
import { FRAME, type FromWorker, frame, type Opening, type ToWorker } from './wire.js';

/**
 * How long a dead worker's slot stays empty before it is forked again; doubled (to the cap) for
 * each worker in a row that died before it was ready, so one that cannot start is not forked in
 * a tight loop.
 */
const RESPAWN_MS = 250;
const RESPAWN_MAX_MS = 10_000;

export interface FanoutDeps {
  config: Config;
  state: State;
  epochStart: number;
  alerts: AlertReader | null;
  /** Answers the reads a worker asks for (history). */
  reader: CoreReader;
  log: Logger;
  /** A worker-owned connection's transitions, counted as the runner counts its own. */
  report(dialect: string, state: LifeState, reason: Reason): void;
}

export interface FanoutStatus {
  workers: number;
  ready: number;
  connections: number;
  /** Bytes written to workers' pipes and not yet read, summed. */
  backlogBytes: number;
  /** Workers forked again after dying or being cut, since start. */
  restarts: number;
  /** As the workers last reported them (every second). */
  subscriptions: number;
}

interface Slot {
  index: number;
  child: ChildProcess | null;
  pipe: Socket | null;
  ready: boolean;
  /** The opening image's size: allowed on top of the backlog bound until the worker is ready. */
  openingBytes: number;
  /** Handed-over connections not yet reported closed, with their slots' release. */
  conns: Map<number, Release>;
  exited: Promise<void>;
  subscriptions: number;
  /** Whether the current worker got as far as ready. */
  started: boolean;
  /** Workers in a row that died before they were ready. */
  failedStarts: number;
}

export class FanoutPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closing = false;
  private restarts = 0;
  private readonly waiters: (() => void)[] = [];
  /** Servers whose sockets were handed over: Node's close polls the workers for them. */
  private readonly servers = new Set<Server>();

  constructor(private readonly deps: FanoutDeps) {
    for (let i = 0; i < deps.config.fanout.workers; i++) {
      const slot: Slot = {
        index: i,
        child: null,
        pipe: null,
        ready: false,
        openingBytes: 0,
        conns: new Map(),
        exited: Promise.resolve(),
        subscriptions: 0,
        started: false,
        failedStarts: 0,
      };
      this.slots.push(slot);
      this.spawn(slot);
    }
  }

  get connectionCount(): number {
    let n = 0;
    for (const s of this.slots) n += s.conns.size;
    return n;
  }

  status(): FanoutStatus {
    let ready = 0;
    let backlogBytes = 0;
    let subscriptions = 0;
    for (const s of this.slots) {
      if (s.ready) ready++;
      backlogBytes += s.pipe?.writableLength ?? 0;
      subscriptions += s.subscriptions;
    }
    return {
      workers: this.slots.length,
      ready,
      connections: this.connectionCount,
      backlogBytes,
      restarts: this.restarts,
      subscriptions,
    };
  }

  /** The workers' process ids (operators' tools, tests that kill one). */
  pids(): number[] {
    return this.slots.flatMap((s) => (s.child?.pid === undefined ? [] : [s.child.pid]));
  }

  /** Resolves once every worker is ready (tests, and the bench's readiness). */
  whenReady(): Promise<void> {
    if (this.slots.every((s) => s.ready)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Bus listener: one serialisation per batch, the same bytes to every worker. */
  publish = (changes: readonly Change[]): void => {
    this.write(frame(FRAME.changes, JSON.stringify(changes)));
  };

  /** Alert stream listener, likewise. */
  publishAlerts = (batch: readonly AlertChange[]): void => {
    this.write(frame(FRAME.alerts, JSON.stringify(batch)));
  };

  /** Main's book let go of finished events before `cutoff`: the replicas do the same. */
  evict(cutoff: number): void {
    this.write(frame(FRAME.evict, JSON.stringify(cutoff)));
  }

  /** Keys revoked: their connections on every worker close. */
  revoke(keys: readonly string[]): void {
    for (const s of this.slots) this.send(s, { type: 'revoke', keys: [...keys] });
  }

  /**
   * Takes an admitted WebSocket before its upgrade; false leaves it to the main thread (no
   * worker ready, or a TLS socket, whose session cannot leave this process).
   */
  divert: Divert = (h: Handoff): boolean => {
    const socket = h.socket;
    if (this.closing || !(socket instanceof Socket) || socket instanceof TLSSocket) return false;
    if (socket.destroyed) return false;
    let to: Slot | null = null;
    for (const s of this.slots) {
      if (s.ready && s.child?.connected && (!to || s.conns.size < to.conns.size)) to = s;
    }
    if (!to) return false;
    const child = to.child!;
    const server = (socket as Socket & { server?: Server | null }).server;
    if (server) this.servers.add(server);
    // The client sends nothing before the 101, but whatever it pipelined goes along.
    const buffered = socket.read() as Buffer | null;
    const head = buffered ? Buffer.concat([h.head, buffered]) : h.head;
    stopReading(socket);
    const id = this.nextId++;
    const slot = to;
    slot.conns.set(id, h.release);
    const msg: ToWorker = {
      type: 'connection',
      id,
      dialect: h.dialect,
      path: h.path,
      who: h.who,
      context: h.context,
      request: {
        method: h.req.method ?? 'GET',
        url: h.req.url ?? '/',
        headers: h.req.headers as Record<string, string | string[]>,
      },
      head: head.toString('base64'),
    };
    child.send(msg, socket, (err) => {
      if (!err) return;
      this.closed(slot, id);
      socket.destroy();
    });
    return true;
  };

  /**
   * Call right before closing the listeners, while the workers close their connections. A
   * server that handed sockets over polls the workers that got them on close, and Node's poll
   * (net.Server.close) never calls back when every such worker has exited (it waits for zero
   * answers that never come): such a server is told it has none to ask.
   */
  beforeListenersClose(): void {
    for (const server of this.servers) {
      const s = server as unknown as { _usingWorkers?: boolean; _workers?: unknown[] };
      if (s._usingWorkers && s._workers?.length === 0) s._usingWorkers = false;
    }
  }

  /**
   * Asks every worker to close its connections (going away) and resolves once all have exited;
   * a worker still running after `fanout.closeTimeoutMs` is killed. Workers answer the
   * listeners' close while they run: close the listeners meanwhile, not after.
   */
  async close(): Promise<void> {
    this.closing = true;
    const timeout = this.deps.config.fanout.closeTimeoutMs;
    await Promise.all(
      this.slots.map(async (s) => {
        const child = s.child;
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        this.send(s, { type: 'shutdown' });
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            child.kill('SIGKILL');
            resolve();
          }, timeout);
        });
        await Promise.race([s.exited, late]);
        clearTimeout(timer);
        await s.exited;
      }),
    );
  }

  private spawn(slot: Slot): void {
    const here = new URL(import.meta.url);
    const ext = extname(fileURLToPath(here));
    const entry = fileURLToPath(new URL(`./worker${ext}`, here));
    // Source runs (tests) load TypeScript through tsx; dist/ runs plain JavaScript.
    const execArgv = ext === '.ts' ? ['--import', import.meta.resolve('tsx')] : [];
    const child = fork(entry, [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc', 'pipe'],
      execArgv,
      serialization: 'json',
    });
    const pipe = child.stdio[4] as Socket;
    pipe.on('error', () => child.kill('SIGKILL'));
    slot.child = child;
    slot.pipe = pipe;
    slot.ready = false;
    slot.started = false;
    slot.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.on('message', (m: FromWorker) => this.message(slot, m));
    child.on('error', (err) => this.deps.log.error({ err, worker: slot.index }, 'fan-out worker'));
    child.once('exit', (code, signal) => this.exited(slot, child, code, signal));
    // Written in the same turn as it is read: no batch can fall between the image and the pipe.
    const opening = frame(FRAME.opening, JSON.stringify(this.opening()));
    slot.openingBytes = opening.length;
    pipe.write(opening);
  }

  private opening(): Opening {
    const { state, alerts, config } = this.deps;
    const snap = state.snapshot(MATCH_ALL);
    const head = snap.position;
    const oldest = state.window.oldestSeq();
    const window =
      oldest === null
        ? []
        : (state.window.since({ epoch: head.epoch, seq: oldest - 1 }, head.epoch, head.seq) ?? []);
    let alertImage: Opening['alerts'] = null;
    if (alerts) {
      const open = alerts.open();
      const from = {
        epoch: open.position.epoch,
        seq: Math.max(0, open.position.seq - config.analytics.windowSize),
      };
      alertImage = { position: open.position, open: open.alerts, window: alerts.since(from) ?? [] };
    }
    return {
      config,
      epochStart: this.deps.epochStart,
      position: head,
      events: snap.events,
      quotes: snap.quotes,
      window,
      alerts: alertImage,
    };
  }

  private write(bytes: Buffer): void {
    const max = this.deps.config.fanout.maxBacklogBytes;
    for (const s of this.slots) {
      const pipe = s.pipe;
      if (!pipe || pipe.destroyed) continue;
      pipe.write(bytes);
      const allowed = max + (s.ready ? 0 : s.openingBytes);
      if (pipe.writableLength > allowed) {
        // A worker that cannot keep up is cut, never allowed to grow this process's memory:
        // its clients reconnect and resume (from a worker, or here).
        this.deps.log.warn(
          { worker: s.index, backlogBytes: pipe.writableLength, max },
          'fan-out worker behind its backlog bound: cut and restarted',
        );
        this.cut(s);
      }
    }
  }

  private cut(s: Slot): void {
    s.ready = false;
    s.pipe?.destroy();
    s.pipe = null;
    s.child?.kill('SIGKILL');
  }

  private send(s: Slot, m: ToWorker): void {
    if (s.child?.connected) s.child.send(m, (err) => void err);
  }

  private message(slot: Slot, m: FromWorker): void {
    switch (m.type) {
      case 'ready':
        slot.ready = true;
        slot.started = true;
        slot.failedStarts = 0;
        this.deps.log.info({ worker: slot.index, pid: slot.child?.pid }, 'fan-out worker ready');
        if (this.slots.every((s) => s.ready)) for (const w of this.waiters.splice(0)) w();
        return;
      case 'closed':
        this.closed(slot, m.id);
        return;
      case 'life':
        this.deps.report(m.dialect, m.state as LifeState, m.reason as Reason);
        return;
      case 'read':
        this.read(slot, m);
        return;
      case 'stats':
        slot.subscriptions = m.subscriptions;
        return;
    }
  }

  private read(slot: Slot, m: Extract<FromWorker, { type: 'read' }>): void {
    const child = slot.child;
    const fn = this.deps.reader[m.method] as (...args: unknown[]) => Promise<unknown>;
    fn.apply(this.deps.reader, m.args).then(
      (value) => {
        if (slot.child === child)
          this.send(slot, { type: 'read-result', id: m.id, ok: true, value });
      },
      (err: unknown) => {
        const message = (err as Error).message ?? String(err);
        if (slot.child === child)
          this.send(slot, { type: 'read-result', id: m.id, ok: false, message });
      },
    );
  }

  private closed(slot: Slot, id: number): void {
    const release = slot.conns.get(id);
    slot.conns.delete(id);
    release?.();
  }

  private exited(
    slot: Slot,
    child: ChildProcess,
    code: number | null,
    signal: string | null,
  ): void {
    if (slot.child !== child) return;
    slot.ready = false;
    slot.pipe?.destroy();
    slot.pipe = null;
    // Its connections went with it: their slots come back; their clients resume elsewhere.
    const lost = slot.conns.size;
    for (const release of slot.conns.values()) release();
    slot.conns.clear();
    slot.subscriptions = 0;
    if (this.closing) return;
    this.restarts++;
    if (!slot.started) slot.failedStarts++;
    const delay = Math.min(RESPAWN_MAX_MS, RESPAWN_MS * 2 ** slot.failedStarts);
    this.deps.log.warn(
      { worker: slot.index, code, signal, lost, restartInMs: delay },
      'fan-out worker exited: restarting',
    );
    setTimeout(() => {
      if (!this.closing && slot.child === child) this.spawn(slot);
    }, delay).unref();
  }
}

/**
 * Stops this process reading a socket it hands over. Until the worker's acknowledgement closes
 * it here, this process's handle would otherwise go on reading the shared descriptor and drop
 * what it reads (the client's first frames, sent once the worker's 101 is out). A fresh
 * connection would use the server's `pauseOnConnect`; an upgraded one has been read by the HTTP
 * parser, and net.Socket has no public call to stop its handle, hence the internal one.
 */
function stopReading(socket: Socket): void {
  socket.pause();
  const handle = (socket as unknown as { _handle?: { reading?: boolean; readStop?(): number } })
    ._handle;
  if (!handle?.readStop) return;
  handle.reading = false;
  handle.readStop();
}
