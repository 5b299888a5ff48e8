// Resume-storm load client process: `count` linecast.v1 connections subscribed to
// everything. Each remembers the seq of the last Change frame it received (one byte test and
// one indexOf per frame); on `disconnect` all sockets are destroyed at once; on `reconnect`
// every connection comes back with `from: {epoch, seq}` and the process reports when all
// reached the head, and whether each one's seqs continued from its last seq without a gap.
import type { Socket } from 'node:net';
import type { Ports } from '../targets.js';
import { connectWebSocket } from '../wire/connect.js';
import { FrameParser, OP_CLOSE, OP_PING, OP_PONG, OP_TEXT } from '../wire/frame-parser.js';
import { clientFrame } from '../wire/frames.js';
import { nowUs } from '../workload.js';
import { demoKey } from './server.js';
import { changeSeq, stringField, subscribeFrame } from './wire.js';

export type ToResume =
  | { type: 'init'; ports: Ports; count: number }
  | { type: 'disconnect' }
  | { type: 'reconnect'; head: number; timeoutMs: number }
  | { type: 'stop' };

export interface ResumeOutcome {
  /** Connections whose seq reached the head. */
  caughtUp: number;
  /** When the last of them did, µs on the shared clock (0 if none). */
  doneAtUs: number;
  /** Connections that saw a seq other than last + 1 (a gap) at least once. */
  withGaps: number;
  /** Connections that saw a seq at or below one they already had. */
  withDuplicates: number;
  /** Change frames received after reconnecting. */
  frames: number;
  /** Reconnects that failed (and were retried) and those that never succeeded. */
  retries: number;
  failed: number;
  /** `subscribed.mode` values and how many connections got each. */
  modes: Record<string, number>;
  recovered: number;
  /** Error frames received, and the first one. */
  errors: number;
  firstError?: string;
  cpuUs: number;
}

export type FromResume =
  | { type: 'opened'; open: number; ready: number; error?: string }
  | { type: 'disconnected'; minSeq: number; maxSeq: number; frames: number }
  | ({ type: 'reconnected' } & ResumeOutcome);

interface Conn {
  socket: Socket | null;
  epoch: string;
  lastSeq: number;
  ready: boolean;
  gap: boolean;
  dup: boolean;
  caught: boolean;
}

const CONCURRENT_OPENS = 256;
const conns: Conn[] = [];
let ports: Ports | null = null;
let head = Number.POSITIVE_INFINITY;
let resuming = false;
const out: ResumeOutcome = {
  caughtUp: 0,
  doneAtUs: 0,
  withGaps: 0,
  withDuplicates: 0,
  frames: 0,
  retries: 0,
  failed: 0,
  modes: {},
  recovered: 0,
  errors: 0,
  cpuUs: 0,
};
let liveFrames = 0;

function send(msg: FromResume): void {
  process.send?.(msg);
}

function onChange(c: Conn, seq: number): void {
  if (!resuming) {
    liveFrames += 1;
    if (seq > c.lastSeq) c.lastSeq = seq;
    return;
  }
  out.frames += 1;
  if (seq <= c.lastSeq) {
    if (!c.dup) out.withDuplicates += 1;
    c.dup = true;
    return;
  }
  if (seq !== c.lastSeq + 1 && !c.gap) {
    c.gap = true;
    out.withGaps += 1;
  }
  c.lastSeq = seq;
  if (!c.caught && seq >= head) {
    c.caught = true;
    out.caughtUp += 1;
    out.doneAtUs = nowUs();
  }
}

async function open(c: Conn, from: boolean): Promise<void> {
  const p = ports!;
  const { socket, head: early } = await connectWebSocket(
    p.host,
    p.port,
    `/v1/stream?key=${encodeURIComponent(demoKey(p))}`,
  );
  c.socket = socket;
  const parser = new FrameParser((opcode, _fin, data, start, end) => {
    if (opcode === OP_TEXT) {
      const seq = changeSeq(data, start, end);
      if (seq >= 0) return onChange(c, seq);
      const text = data.toString('utf8', start, end);
      if (text.startsWith('{"type":"welcome"')) {
        const epoch = stringField(text, 'epoch') ?? '';
        if (!from) c.epoch = epoch;
        const resumeFrom = from ? { epoch: c.epoch, seq: c.lastSeq } : undefined;
        socket.write(
          clientFrame(OP_TEXT, Buffer.from(subscribeFrame({ sport: null }, resumeFrom))),
        );
      } else if (text.startsWith('{"type":"subscribed"')) {
        c.ready = true;
        if (from) {
          const mode = stringField(text, 'mode') ?? '?';
          out.modes[mode] = (out.modes[mode] ?? 0) + 1;
          if (text.includes('"recovered":true')) out.recovered += 1;
          // Already at the head (it missed nothing): caught up on arrival.
          if (!c.caught && c.lastSeq >= head) {
            c.caught = true;
            out.caughtUp += 1;
            out.doneAtUs = nowUs();
          }
        }
      } else if (text.startsWith('{"type":"error"')) {
        out.errors += 1;
        out.firstError ??= text.slice(0, 300);
      }
    } else if (opcode === OP_PING) {
      socket.write(clientFrame(OP_PONG, Buffer.from(data.subarray(start, end))));
    } else if (opcode === OP_CLOSE) {
      socket.destroy();
    }
  });
  socket.on('data', (chunk: Buffer) => parser.push(chunk));
  socket.on('error', () => {});
  socket.on('close', () => {
    if (c.socket === socket) c.socket = null;
  });
  if (early.length > 0) parser.push(early);
}

async function openAll(from: boolean, deadline: number): Promise<string | undefined> {
  let next = 0;
  let firstError: string | undefined;
  const worker = async (): Promise<void> => {
    while (next < conns.length) {
      const c = conns[next++]!;
      for (;;) {
        try {
          await open(c, from);
          break;
        } catch (e) {
          firstError ??= (e as Error).message;
          if (Date.now() > deadline) {
            out.failed += 1;
            break;
          }
          out.retries += 1;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_OPENS, conns.length) }, worker));
  return firstError;
}

function cpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

async function waitUntil(cond: () => boolean, deadline: number): Promise<void> {
  while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

process.on('message', (msg: ToResume) => {
  switch (msg.type) {
    case 'init': {
      ports = msg.ports;
      for (let i = 0; i < msg.count; i++)
        conns.push({
          socket: null,
          epoch: '',
          lastSeq: 0,
          ready: false,
          gap: false,
          dup: false,
          caught: false,
        });
      const deadline = Date.now() + 60_000;
      void openAll(false, deadline).then(async (error) => {
        await waitUntil(() => conns.every((c) => c.ready), Date.now() + 10_000);
        const opened: FromResume = {
          type: 'opened',
          open: conns.filter((c) => c.socket !== null).length,
          ready: conns.filter((c) => c.ready).length,
        };
        if (error) opened.error = error;
        send(opened);
      });
      break;
    }
    case 'disconnect': {
      for (const c of conns) {
        c.socket?.destroy();
        c.socket = null;
        c.ready = false;
      }
      const seqs = conns.map((c) => c.lastSeq);
      send({
        type: 'disconnected',
        minSeq: Math.min(...seqs),
        maxSeq: Math.max(...seqs),
        frames: liveFrames,
      });
      break;
    }
    case 'reconnect': {
      head = msg.head;
      resuming = true;
      const cpu0 = cpuUs();
      const deadline = Date.now() + msg.timeoutMs;
      void openAll(true, deadline).then(async () => {
        await waitUntil(() => out.caughtUp + out.failed >= conns.length, deadline);
        send({ type: 'reconnected', ...out, cpuUs: cpuUs() - cpu0 });
      });
      break;
    }
    case 'stop':
      for (const c of conns) c.socket?.destroy();
      process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
