// Push-fed parser for frames a server sends: unmasked, any opcode, 7/16/64-bit lengths.
// A frame wholly inside one chunk is handed over without a copy; a frame split across chunks
// is gathered first. Limits are checked where the length becomes known.

export const OP_CONT = 0x0;
export const OP_TEXT = 0x1;
export const OP_BINARY = 0x2;
export const OP_CLOSE = 0x8;
export const OP_PING = 0x9;
export const OP_PONG = 0xa;

export type FrameErrorCode = 'BENCH_ERR_WS_MASKED' | 'BENCH_ERR_WS_TOO_BIG';

export class FrameError extends Error {
  constructor(
    readonly code: FrameErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** `data[start..end)` is the payload; it is only valid during the call. */
export type OnFrame = (
  opcode: number,
  fin: boolean,
  data: Buffer,
  start: number,
  end: number,
) => void;

export class FrameParser {
  private pending: Buffer[] = [];
  private pendingLength = 0;
  /** Bytes needed before parsing can move on; 2 while the header length is unknown. */
  private needed = 2;

  constructor(
    private readonly onFrame: OnFrame,
    private readonly maxPayload = 16 * 1024 * 1024,
  ) {}

  push(chunk: Buffer): void {
    let buf = chunk;
    if (this.pendingLength > 0) {
      this.pending.push(chunk);
      this.pendingLength += chunk.length;
      if (this.pendingLength < this.needed) return;
      buf = Buffer.concat(this.pending, this.pendingLength);
      this.pending = [];
      this.pendingLength = 0;
    }
    const off = this.parse(buf);
    if (off < buf.length) {
      const rest = buf.subarray(off);
      this.pending.push(rest);
      this.pendingLength = rest.length;
    }
  }

  /** Emits every complete frame in `buf`; returns the offset of the first incomplete one. */
  private parse(buf: Buffer): number {
    let off = 0;
    for (;;) {
      const avail = buf.length - off;
      if (avail < 2) {
        this.needed = 2;
        return off;
      }
      const b0 = buf[off]!;
      const b1 = buf[off + 1]!;
      if (b1 & 0x80)
        throw new FrameError('BENCH_ERR_WS_MASKED', 'server frames must not be masked');
      let len = b1 & 0x7f;
      let header = 2;
      if (len === 126) {
        header = 4;
        if (avail < header) {
          this.needed = header;
          return off;
        }
        len = buf.readUInt16BE(off + 2);
      } else if (len === 127) {
        header = 10;
        if (avail < header) {
          this.needed = header;
          return off;
        }
        const high = buf.readUInt32BE(off + 2);
        len = high * 2 ** 32 + buf.readUInt32BE(off + 6);
      }
      if (len > this.maxPayload) {
        throw new FrameError(
          'BENCH_ERR_WS_TOO_BIG',
          `frame of ${len} bytes exceeds ${this.maxPayload}`,
        );
      }
      if (avail < header + len) {
        this.needed = header + len;
        return off;
      }
      const start = off + header;
      off = start + len;
      this.onFrame(b0 & 0x0f, (b0 & 0x80) !== 0, buf, start, off);
    }
  }
}
