// Client frames (RFC 6455 §5), read incrementally from a byte stream in whatever pieces TCP
// delivers. A base class rather than a separate object so that an established connection is one
// small object: the reader's state is five fields on it, and what the frames mean is the
// subclass's business (its `on*` methods).
import { isUtf8 } from 'node:buffer';

/** Close codes the reader fails a connection with (RFC 6455 §7.4.1). */
export const CLOSE_PROTOCOL = 1002;
export const CLOSE_BAD_DATA = 1007;
export const CLOSE_TOO_BIG = 1009;

const OP_CONTINUATION = 0x0;
const OP_BINARY = 0x2;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xa;

/** 2 bytes, 8 of extended length, 4 of mask key. */
const MAX_HEADER = 14;
/** Smallest buffer a partial frame or message starts with; it doubles from there. */
const MIN_BUFFER = 256;

/**
 * `buf` (its first `used` bytes kept) with room for `need`: the same buffer while it has it, else
 * a new one of at least twice the size, at most `cap`, so copying stays linear in what arrives.
 */
function grow(buf: Buffer | null, used: number, need: number, cap: number): Buffer {
  if (buf !== null && buf.length >= need) return buf;
  const grown = Buffer.allocUnsafeSlow(
    Math.min(cap, Math.max(need, 2 * (buf?.length ?? 0), MIN_BUFFER)),
  );
  if (buf !== null) buf.copy(grown, 0, 0, used);
  return grown;
}

/** A fragmented message is being assembled. */
const IN_MESSAGE = 1;
/** ...and it is binary. */
const MESSAGE_BINARY = 2;
/** The close frame arrived or the connection failed: anything after it is ignored. */
const STOPPED = 4;
/** The first flag bit a subclass may use. */
export const READER_FLAGS_USED = 8;

/**
 * A close code a peer may send (RFC 6455 §7.4; 1012-1014 are registered with IANA). 1004-1006
 * and 1015 are reserved and must never appear on the wire.
 */
export function validCloseCode(code: number): boolean {
  return (
    (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) ||
    (code >= 3000 && code <= 4999)
  );
}

export abstract class FrameReader {
  /** A prefix of one incomplete frame (`partialLength` bytes of it), or null. */
  private partial: Buffer | null = null;
  private partialLength = 0;
  /** The payload of a fragmented message so far (`messageLength` bytes), or null. */
  private message: Buffer | null = null;
  private messageLength = 0;
  /** Reader bits, then the subclass's from READER_FLAGS_USED up. */
  protected flags = 0;

  /** A whole message; text is already checked to be UTF-8. */
  protected abstract onMessage(data: Buffer, binary: boolean): void;
  protected abstract onPing(payload: Buffer): void;
  protected abstract onPong(): void;
  /** The peer's close frame: `code` 1005 when it carried none. Nothing is read after it. */
  protected abstract onClose(code: number, reason: Buffer): void;
  /** The peer broke the protocol: close with `code`. Nothing is read after it. */
  protected abstract onFail(code: number, reason: string): void;

  /** Bytes buffered for this peer: a partial frame and a message being assembled. */
  get bufferedBytes(): number {
    return (this.partial?.length ?? 0) + (this.message?.length ?? 0);
  }

  /** True once a close frame arrived or the connection failed. */
  protected get stopped(): boolean {
    return (this.flags & STOPPED) !== 0;
  }

  /**
   * Reads the next piece of the stream. `max` bounds a frame's payload and a message's (1009
   * past it), so what is buffered for one peer never exceeds `max` plus a header, plus `max` for
   * a fragmented message being assembled.
   */
  read(chunk: Buffer, max: number): void {
    if (this.flags & STOPPED) return;
    let at = 0;
    if (this.partial !== null) {
      at = this.fill(chunk, max);
      if (at < 0 || this.partial !== null) return;
    }
    const end = chunk.length;
    while (at < end) {
      const total = this.frameLength(chunk, at, end, max);
      if (total < 0) return;
      if (total === 0 || end - at < total) {
        this.keep(chunk, at, end, total);
        return;
      }
      this.readFrame(chunk, at, max);
      if (this.flags & STOPPED) return;
      at += total;
    }
  }

  /**
   * Adds the chunk's start to the partial frame until the frame is whole (then handles it and
   * returns where the chunk's next frame starts) or the chunk is used up; -1 if it failed.
   */
  private fill(chunk: Buffer, max: number): number {
    let at = 0;
    for (;;) {
      const partial = this.partial!;
      const total = this.frameLength(partial, 0, this.partialLength, max);
      if (total < 0) return -1;
      const want = total === 0 ? headerNeed(partial, this.partialLength) : total;
      const take = Math.min(want - this.partialLength, chunk.length - at);
      this.append(chunk, at, at + take, total === 0 ? MAX_HEADER : total);
      at += take;
      if (this.partialLength < want) return at;
      if (total > 0) {
        const frame = this.partial!;
        this.partial = null;
        this.partialLength = 0;
        this.readFrame(frame, 0, max);
        return this.flags & STOPPED ? -1 : at;
      }
    }
  }

  /** Starts a partial frame with the chunk's last bytes; `total` is its length when known. */
  private keep(chunk: Buffer, from: number, to: number, total: number): void {
    this.append(chunk, from, to, total === 0 ? MAX_HEADER : total);
  }

  /**
   * Copies bytes onto the partial frame, growing its buffer by doubling up to `cap` (the frame's
   * length, or the longest header while that is unknown): memory follows what the peer really
   * sent, not what it announced, and copying stays linear however small the pieces.
   */
  private append(src: Buffer, from: number, to: number, cap: number): void {
    const need = this.partialLength + (to - from);
    const buf = grow(this.partial, this.partialLength, need, cap);
    this.partial = buf;
    src.copy(buf, this.partialLength, from, to);
    this.partialLength = need;
  }

  /**
   * The length of the frame starting at `at` (header and payload), 0 while its header is
   * incomplete, -1 when it breaks the protocol or the limit (the connection has failed then).
   * Everything a header can be refused for is checked here, before its payload is waited for.
   */
  private frameLength(buf: Buffer, at: number, end: number, max: number): number {
    if (end - at < 2) return 0;
    const b0 = buf[at]!;
    const b1 = buf[at + 1]!;
    if (b0 & 0x70) return this.fail(CLOSE_PROTOCOL, 'reserved bits set');
    const op = b0 & 0x0f;
    if (op >= OP_CLOSE) {
      if (op > OP_PONG) return this.fail(CLOSE_PROTOCOL, 'unknown opcode');
      if (!(b0 & 0x80)) return this.fail(CLOSE_PROTOCOL, 'fragmented control frame');
      if ((b1 & 0x7f) > 125) return this.fail(CLOSE_PROTOCOL, 'control frame over 125 bytes');
      if (op === OP_CLOSE && (b1 & 0x7f) === 1)
        return this.fail(CLOSE_PROTOCOL, 'close payload of one byte');
    } else if (op > OP_BINARY) {
      return this.fail(CLOSE_PROTOCOL, 'unknown opcode');
    } else if ((op === OP_CONTINUATION) !== ((this.flags & IN_MESSAGE) !== 0)) {
      return this.fail(
        CLOSE_PROTOCOL,
        op === OP_CONTINUATION ? 'continuation without a message' : 'message inside a message',
      );
    }
    if (!(b1 & 0x80)) return this.fail(CLOSE_PROTOCOL, 'unmasked client frame');
    let length = b1 & 0x7f;
    let header = 6;
    if (length === 126) {
      if (end - at < 4) return 0;
      length = buf.readUInt16BE(at + 2);
      header = 8;
    } else if (length === 127) {
      if (end - at < 10) return 0;
      // Anything needing the high word is past any configurable limit (16 MiB at most).
      if (buf.readUInt32BE(at + 2) !== 0) return this.fail(CLOSE_TOO_BIG, 'frame too large');
      length = buf.readUInt32BE(at + 6);
      header = 14;
    }
    if (length > max) return this.fail(CLOSE_TOO_BIG, 'frame too large');
    if (op === OP_CONTINUATION && this.messageLength + length > max)
      return this.fail(CLOSE_TOO_BIG, 'message too large');
    return header + length;
  }

  /** One whole frame at `at`, already checked by `frameLength`: unmasks it in place and acts. */
  private readFrame(buf: Buffer, at: number, max: number): void {
    const b0 = buf[at]!;
    let length = buf[at + 1]! & 0x7f;
    let mask = at + 2;
    if (length === 126) {
      length = buf.readUInt16BE(at + 2);
      mask = at + 4;
    } else if (length === 127) {
      length = buf.readUInt32BE(at + 6);
      mask = at + 10;
    }
    const start = mask + 4;
    for (let i = 0; i < length; i++) buf[start + i]! ^= buf[mask + (i & 3)]!;
    const payload = buf.subarray(start, start + length);
    const op = b0 & 0x0f;
    const fin = (b0 & 0x80) !== 0;
    if (op >= OP_CLOSE) this.control(op, payload);
    else if (fin && op !== OP_CONTINUATION) this.deliver(payload, op === OP_BINARY);
    else this.fragment(op, payload, fin, max);
  }

  private control(op: number, payload: Buffer): void {
    if (op === OP_PING) {
      this.onPing(payload);
      return;
    }
    if (op === OP_PONG) {
      this.onPong();
      return;
    }
    const code = payload.length === 0 ? 1005 : payload.readUInt16BE(0);
    if (payload.length > 0 && !validCloseCode(code)) {
      this.fail(CLOSE_PROTOCOL, 'invalid close code');
      return;
    }
    const reason = payload.subarray(2);
    if (!isUtf8(reason)) {
      this.fail(CLOSE_BAD_DATA, 'close reason is not UTF-8');
      return;
    }
    this.flags |= STOPPED;
    this.onClose(code, reason);
  }

  /** A piece of a fragmented message, copied: the chunks it came in are not kept. */
  private fragment(op: number, payload: Buffer, fin: boolean, max: number): void {
    if (op !== OP_CONTINUATION) this.flags |= IN_MESSAGE | (op === OP_BINARY ? MESSAGE_BINARY : 0);
    const need = this.messageLength + payload.length;
    // `frameLength` kept `need` within `max`; doubling does not pass it either.
    const buf = grow(this.message, this.messageLength, need, max);
    this.message = buf;
    payload.copy(buf, this.messageLength);
    this.messageLength = need;
    if (!fin) return;
    const binary = (this.flags & MESSAGE_BINARY) !== 0;
    const data = buf.subarray(0, need);
    this.message = null;
    this.messageLength = 0;
    this.flags &= ~(IN_MESSAGE | MESSAGE_BINARY);
    this.deliver(data, binary);
  }

  private deliver(data: Buffer, binary: boolean): void {
    if (!binary && !isUtf8(data)) {
      this.fail(CLOSE_BAD_DATA, 'text message is not UTF-8');
      return;
    }
    this.onMessage(data, binary);
  }

  /** Stops reading for good and lets the subclass close; returns -1 for `frameLength`. */
  private fail(code: number, reason: string): -1 {
    this.flags |= STOPPED;
    this.partial = null;
    this.partialLength = 0;
    this.message = null;
    this.messageLength = 0;
    this.onFail(code, reason);
    return -1;
  }
}

/** Bytes of the header of the frame `buf` starts (its first `have` bytes known). */
function headerNeed(buf: Buffer, have: number): number {
  if (have < 2) return 2;
  const n = buf[1]! & 0x7f;
  return 2 + (n === 126 ? 2 : n === 127 ? 8 : 0) + (buf[1]! & 0x80 ? 4 : 0);
}
