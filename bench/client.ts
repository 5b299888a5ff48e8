// Load client process: holds `count` WebSocket connections over raw node:net, counts update
// frames without parsing them, records latency from the timestamp each one carries, and
// reports to the harness over IPC once a second and on request.
import type { Socket } from 'node:net';
import { Histogram } from './histogram.js';
import type { ClientCounters, FromClient, ToClient } from './ipc.js';
import { findTarget } from './registry.js';
import { SeqClock } from './seq-clock.js';
import type { ClientDialect } from './targets.js';
import { connectWebSocket } from './wire/connect.js';
import {
  FrameParser,
  OP_BINARY,
  OP_CLOSE,
  OP_CONT,
  OP_PING,
  OP_PONG,
  OP_TEXT,
} from './wire/frame-parser.js';
import { clientFrame } from './wire/frames.js';
import {
  extractTimestamp,
  type Filter,
  filterFor,
  IDLE_FILTER,
  nowUs,
  T_MARKER,
} from './workload.js';

const CONCURRENT_OPENS = 128;

const hist = new Histogram();
const counters: ClientCounters = { updates: 0, bytes: 0, open: 0, lost: 0, cpuUs: 0, lagUs: 0 };
const sockets = new Set<Socket>();
/** Step clocks the harness announced, for dialects with `timestampOf`. */
const clock = new SeqClock();
let stopping = false;

function send(msg: FromClient): void {
  process.send?.(msg);
}

function cpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** One connection's frame handling; returns the data listener. */
function wire(socket: Socket, dialect: ClientDialect, filter: Filter, onReady: () => void) {
  const marker = Buffer.from(dialect.timestampMarker ?? T_MARKER);
  const scale = dialect.timestampScale ?? 1;
  const timestampOf = dialect.timestampOf;
  /** Scheduled publish time of an update frame (µs), or -1. */
  const timeOf = timestampOf
    ? (data: Buffer, start: number, end: number) => timestampOf(data, start, end, clock)
    : (data: Buffer, start: number, end: number) => {
        const t = extractTimestamp(data, start, end, marker);
        return t < 0 ? -1 : t * scale;
      };
  let now = 0;
  const parser = new FrameParser((opcode, _fin, data, start, end) => {
    if (opcode === OP_TEXT || opcode === OP_BINARY || opcode === OP_CONT) {
      const t = timeOf(data, start, end);
      if (t >= 0) {
        counters.updates += 1;
        const lag = now - t;
        counters.lagUs = lag;
        hist.record(lag);
        return;
      }
      const r = dialect.onText?.(data.toString('utf8', start, end), filter);
      for (const text of r?.reply ?? []) socket.write(clientFrame(OP_TEXT, Buffer.from(text)));
      if (r?.ready) onReady();
    } else if (opcode === OP_PING) {
      socket.write(clientFrame(OP_PONG, Buffer.from(data.subarray(start, end))));
    } else if (opcode === OP_CLOSE) {
      socket.destroy();
    }
  });
  return (chunk: Buffer): void => {
    now = nowUs();
    counters.bytes += chunk.length;
    parser.push(chunk);
  };
}

/** Pauses the socket whenever it has read more than its byte budget (token bucket, 100 ms). */
function throttle(socket: Socket, bytesPerSec: number): (n: number) => void {
  const perTick = bytesPerSec / 10;
  let tokens = perTick;
  const timer = setInterval(() => {
    tokens = Math.min(tokens + perTick, perTick);
    if (tokens > 0 && socket.isPaused()) socket.resume();
  }, 100);
  socket.once('close', () => clearInterval(timer));
  return (n) => {
    tokens -= n;
    if (tokens <= 0) socket.pause();
  };
}

async function openAll(msg: Extract<ToClient, { type: 'init' }>): Promise<void> {
  const target = findTarget(msg.target);
  const dialect = target.client;
  let next = 0;
  let failed = 0;
  let ready = 0;
  let firstError: string | undefined;
  const openOne = async (index: number): Promise<void> => {
    const filter = msg.idle ? IDLE_FILTER : filterFor(index);
    const { socket, head } = await connectWebSocket(
      msg.ports.host,
      msg.ports.port,
      dialect.path(filter, msg.ports),
    );
    sockets.add(socket);
    counters.open += 1;
    let isReady = false;
    const onReady = (): void => {
      if (!isReady) ready += 1;
      isReady = true;
    };
    const onData = wire(socket, dialect, filter, onReady);
    const budget = msg.readBytesPerSec ? throttle(socket, msg.readBytesPerSec) : null;
    socket.on('data', (chunk: Buffer) => {
      onData(chunk);
      budget?.(chunk.length);
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      sockets.delete(socket);
      counters.open -= 1;
      if (!stopping) counters.lost += 1;
    });
    for (const text of dialect.onOpen(filter))
      socket.write(clientFrame(OP_TEXT, Buffer.from(text)));
    if (dialect.readyOnOpen) onReady();
    if (head.length > 0) onData(head);
  };
  const worker = async (): Promise<void> => {
    while (next < msg.count) {
      const index = msg.from + next++;
      await openOne(index).catch((err: Error) => {
        failed += 1;
        firstError ??= err.message;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_OPENS, msg.count) }, worker));
  const deadline = Date.now() + 10_000;
  while (ready < counters.open && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  const opened: FromClient = { type: 'opened', open: counters.open, failed, ready };
  if (firstError) opened.error = firstError;
  send(opened);
}

function stop(): void {
  stopping = true;
  for (const s of sockets) s.destroy();
  process.exit(0);
}

process.on('message', (msg: ToClient) => {
  switch (msg.type) {
    case 'init':
      void openAll(msg);
      setInterval(() => send({ type: 'stats', ...counters, cpuUs: cpuUs() }), 1000).unref();
      break;
    case 'reset':
      hist.reset();
      break;
    case 'clock':
      clock.add(msg.step);
      send({ type: 'clocked', id: msg.id });
      break;
    case 'snapshot':
      send({
        type: 'snapshot',
        id: msg.id,
        hist: hist.toSparse(),
        max: hist.max,
        ...counters,
        cpuUs: cpuUs(),
      });
      break;
    case 'stop':
      stop();
      break;
  }
});
process.on('disconnect', stop);
