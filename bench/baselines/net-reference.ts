// net-reference: the practical floor of a Node server. Each update is framed once; per
// event-loop turn each socket gets ONE write of the frames due for it. Raw node:net with a
// hand-written upgrade; the filter comes from the `sport` query parameter.
import { createServer, type Socket } from 'node:net';
import { OP_TEXT } from '../wire/frame-parser.js';
import { serverFrame, upgradeResponse } from '../wire/frames.js';
import { announce, envPort, listenLines, sportOf } from './common.js';

interface Conn {
  socket: Socket;
  queue: Buffer[];
}

const everything = new Set<Conn>();
const bySport = new Map<string, Set<Conn>>();
let dirty: Conn[] = [];
let flushScheduled = false;

function flush(): void {
  flushScheduled = false;
  const list = dirty;
  dirty = [];
  for (const c of list) {
    const q = c.queue;
    c.queue = [];
    if (c.socket.destroyed) continue;
    c.socket.write(q.length === 1 ? q[0]! : Buffer.concat(q));
  }
}

function enqueue(set: Set<Conn> | undefined, frame: Buffer): void {
  if (!set) return;
  for (const c of set) {
    if (c.queue.length === 0) dirty.push(c);
    c.queue.push(frame);
  }
}

function publish(body: Buffer): void {
  const frame = serverFrame(OP_TEXT, body);
  enqueue(everything, frame);
  enqueue(bySport.get(sportOf(body)), frame);
  if (!flushScheduled && dirty.length > 0) {
    flushScheduled = true;
    setImmediate(flush);
  }
}

function accept(socket: Socket): void {
  socket.setNoDelay(true);
  socket.on('error', () => {});
  let head: Buffer = Buffer.alloc(0);
  const onData = (chunk: Buffer): void => {
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) {
      if (head.length > 8192) socket.destroy();
      return;
    }
    socket.removeListener('data', onData);
    const text = head.subarray(0, end).toString('latin1');
    const key = /sec-websocket-key:\s*(\S+)/i.exec(text)?.[1];
    const target = text.slice(text.indexOf(' ') + 1, text.indexOf(' HTTP/'));
    if (!key) {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    socket.write(upgradeResponse(key));
    const sport = new URL(target, 'http://x').searchParams.get('sport');
    const conn: Conn = { socket, queue: [] };
    let set = everything;
    if (sport && sport !== '*') {
      set = bySport.get(sport) ?? new Set();
      bySport.set(sport, set);
    }
    set.add(conn);
    // Client frames (close, pong) are read and dropped; the connection ends with the TCP stream.
    socket.on('data', () => {});
    socket.on('close', () => set.delete(conn));
  };
  socket.on('data', onData);
}

const server = createServer(accept);
server.listen(envPort('BENCH_PORT'), '127.0.0.1', 2048);
const ingest = listenLines(envPort('BENCH_INGEST_PORT'), publish);
announce([server, ingest]);
