// An established WebSocket connection: one object per connection on the raw socket, reading
// client frames with FrameReader, while the hub writes pre-built frames straight to the socket.
// Memory per idle connection is the point (docs/benchmarks.md): no per-connection closures,
// timers, streams or listener objects beyond four module-level functions on the socket.
import type { Socket } from 'node:net';
import type { Accepted } from '../../connections/runner.js';
import type { Client, Hub, Peer } from '../../hub/hub.js';
import { textFrame, textFrameWithHead } from './frame.js';
import { FrameReader, READER_FLAGS_USED, validCloseCode } from './reader.js';
import { destroyOnError } from './upgrade.js';

/**
 * How long a peer has to answer our close frame (or finish closing after its own) before its
 * socket is destroyed: the bound on a connection that stopped reading while closing. The hub's
 * liveness round cuts attached ones sooner or later too; this also covers refused ones.
 */
export const CLOSE_TIMEOUT_MS = 30_000;

/** We sent a close frame: nothing more is written but its answer. */
const CLOSE_SENT = READER_FLAGS_USED;
/** The peer's close frame arrived. */
const CLOSE_RECEIVED = READER_FLAGS_USED << 1;

const CONN = Symbol('linecast.websocket');
type Tagged = Socket & { [CONN]: WsConnection };

const PING = Buffer.from([0x89, 0x00]);

/** The connection on a socket that completed the upgrade. */
export class WsConnection extends FrameReader implements Peer, Accepted {
  private hub: Hub | null = null;
  private client: Client | null = null;

  /** Takes over a socket the 101 was written to; reading starts at `bind` (or `close`). */
  constructor(
    readonly sink: Socket,
    /** Largest client frame or message payload; past it the connection is closed with 1009. */
    readonly maxFrameBytes: number,
    head: Buffer,
  ) {
    super();
    const socket = sink as Tagged;
    socket[CONN] = this;
    socket.setTimeout(0);
    socket.setNoDelay(true);
    // Nothing is read until the hub holds the client: a message would have nowhere to go.
    socket.pause();
    if (head.length > 0) socket.unshift(head);
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('close', onClose);
    // The upgrade router's listener, added here too if some other path brought the socket.
    socket.removeListener('error', destroyOnError);
    socket.on('error', destroyOnError);
  }

  get peer(): Peer {
    return this;
  }

  bind(hub: Hub, client: Client): void {
    this.hub = hub;
    this.client = client;
    const socket = this.sink;
    // A socket that closed between the upgrade and now reports nothing more.
    if (socket.destroyed) hub.detach(client);
    else socket.resume();
  }

  frame(text: string): Buffer {
    return textFrame(text);
  }

  frameWithHead(head: string, body: Buffer): Buffer {
    return textFrameWithHead(head, body);
  }

  ping(): void {
    if (!(this.flags & CLOSE_SENT) && this.sink.writable) this.sink.write(PING);
  }

  /** Starts the closing handshake (or completes it, if the peer's close came first). */
  close(code: number, reason: string): void {
    if (this.flags & CLOSE_SENT) return;
    this.flags |= CLOSE_SENT;
    const socket = this.sink;
    if (!socket.writable) return;
    socket.write(closeFrame(code, reason));
    if (this.flags & CLOSE_RECEIVED || this.stopped) socket.end();
    closing.set(socket, Date.now() + CLOSE_TIMEOUT_MS);
    sweepSoon();
    // A refusal closes a connection no hub holds: read, to see its answer and its end.
    if (this.client === null) socket.resume();
  }

  terminate(): void {
    this.sink.destroy();
  }

  /** The peer sent FIN without a close frame: writes stop, our side ends too. */
  ended(): void {
    this.client?.session.close();
    this.sink.end();
  }

  /** The socket closed: the hub lets the client go (once; a repeat is ignored). */
  detach(): void {
    if (this.hub !== null && this.client !== null) this.hub.detach(this.client);
  }

  protected onMessage(data: Buffer, binary: boolean): void {
    if (this.flags & CLOSE_SENT || this.hub === null || this.client === null) return;
    this.hub.receive(this.client, data, binary);
  }

  /**
   * Answers a ping, unless the peer already holds more than a frame's worth of our bytes unread:
   * a peer that pings without reading could otherwise grow its socket's buffer without bound
   * (RFC 6455 §5.5.3 lets a pong answer only the latest of several pings).
   */
  protected onPing(payload: Buffer): void {
    if (this.flags & CLOSE_SENT || !this.sink.writable) return;
    if (this.sink.writableLength > this.maxFrameBytes) return;
    const frame = Buffer.allocUnsafe(2 + payload.length);
    frame[0] = 0x8a;
    frame[1] = payload.length;
    payload.copy(frame, 2);
    this.sink.write(frame);
  }

  protected onPong(): void {
    if (this.hub !== null && this.client !== null) this.hub.pong(this.client);
  }

  /** The peer closes: the hub stops writing, our close answers (echoing its code), then FIN. */
  protected onClose(code: number): void {
    this.flags |= CLOSE_RECEIVED;
    this.client?.session.close();
    if (this.flags & CLOSE_SENT) this.sink.end();
    else this.close(code === 1005 ? 0 : code, '');
  }

  /** The peer broke the protocol: the hub stops writing, the close says why, then FIN. */
  protected onFail(code: number, reason: string): void {
    this.client?.session.close();
    if (this.flags & CLOSE_SENT) this.sink.end();
    else this.close(code, reason);
  }
}

/** Our close frame: no status for code 0 (answering a close that had none). */
function closeFrame(code: number, reason: string): Buffer {
  if (!validCloseCode(code)) return Buffer.from([0x88, 0x00]);
  // A control frame carries at most 125 bytes: the reason is cut to 123, on a character boundary.
  let text = Buffer.from(reason, 'utf8');
  if (text.length > 123)
    text = Buffer.from(
      text
        .subarray(0, 123)
        .toString('utf8')
        .replace(/\uFFFD$/, ''),
    );
  const frame = Buffer.allocUnsafe(4 + text.length);
  frame[0] = 0x88;
  frame[1] = 2 + text.length;
  frame.writeUInt16BE(code, 2);
  text.copy(frame, 4);
  return frame;
}

// Socket listeners: module-level functions, so a connection costs no closure objects (a closure
// made in the upgrade handler would also keep its whole scope, request and headers, alive).

function onData(this: Tagged, chunk: Buffer): void {
  const conn = this[CONN];
  conn.read(chunk, conn.maxFrameBytes);
}

/** The peer half-closed; upgraded sockets allow half-open, so ours must be ended here. */
function onEnd(this: Tagged): void {
  this[CONN].ended();
}

function onClose(this: Tagged): void {
  closing.delete(this);
  this[CONN].detach();
}

/** Sockets that sent a close frame, with the time they are destroyed if still open. */
const closing = new Map<Socket, number>();
let sweeper: NodeJS.Timeout | null = null;

function sweepSoon(): void {
  if (sweeper !== null) return;
  sweeper = setInterval(() => sweepClosing(Date.now()), 1_000);
  sweeper.unref();
}

/** Destroys the closing sockets whose time is up; exported for tests, which pass the time. */
export function sweepClosing(now: number): void {
  for (const [socket, deadline] of closing) {
    if (deadline > now) continue;
    closing.delete(socket);
    socket.destroy();
  }
  if (closing.size === 0 && sweeper !== null) {
    clearInterval(sweeper);
    sweeper = null;
  }
}
