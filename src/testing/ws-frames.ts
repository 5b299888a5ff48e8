// Client WebSocket frames for tests, any header bit wrong on purpose, and a seeded generator of
// frame streams (mostly valid, some broken) for fuzzing the server's frame reader. Test code only.
import type { Rng } from './fuzz/kit.js';

export interface FrameOptions {
  fin?: boolean;
  mask?: boolean;
  /** RSV1-3 as three bits (4 = RSV1). */
  rsv?: number;
  /** Use the 64-bit length form whatever the length. */
  len64?: boolean;
  key?: number[];
}

/** A client frame: masked unless told otherwise. */
export function clientFrame(op: number, payload: Buffer | string, o: FrameOptions = {}): Buffer {
  const body = Buffer.from(payload);
  const mask = o.mask ?? true;
  const n = body.length;
  const ext = o.len64 ? 8 : n < 126 ? 0 : n < 65_536 ? 2 : 8;
  const head = Buffer.alloc(2 + ext + (mask ? 4 : 0));
  head[0] = ((o.fin ?? true) ? 0x80 : 0) | ((o.rsv ?? 0) << 4) | op;
  head[1] = (mask ? 0x80 : 0) | (ext === 0 ? n : ext === 2 ? 126 : 127);
  if (ext === 2) head.writeUInt16BE(n, 2);
  if (ext === 8) head.writeBigUInt64BE(BigInt(n), 2);
  const key = o.key ?? [0x12, 0x34, 0x56, 0x78];
  const out = Buffer.concat([head, body]);
  if (mask) {
    Buffer.from(key).copy(out, 2 + ext);
    for (let i = 0; i < n; i++) out[head.length + i]! ^= key[i & 3]!;
  }
  return out;
}

export function closePayload(code: number, reason: Buffer | string = ''): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(code);
  return Buffer.concat([b, Buffer.from(reason)]);
}

/** A frame stream: mostly valid frames, some with one field broken, some header bytes random. */
export function frameStream(rng: Rng, max: number, frames = 1 + rng.int(8)): Buffer {
  const out: Buffer[] = [];
  let inMessage = false;
  for (let i = 0; i < frames; i++) {
    const kind = rng.next();
    const size = rng.chance(0.1) ? rng.int(max + 200) : rng.int(140);
    const payload = Buffer.alloc(size);
    for (let j = 0; j < size; j++) payload[j] = rng.chance(0.9) ? 0x61 + rng.int(26) : rng.int(256);
    const key = [rng.int(256), rng.int(256), rng.int(256), rng.int(256)];
    let f: Buffer;
    if (kind < 0.35) {
      const fin = rng.chance(0.7);
      f = clientFrame(inMessage ? 0 : rng.chance(0.8) ? 1 : 2, payload, { fin, key });
      inMessage = !fin;
    } else if (kind < 0.5) f = clientFrame(9, payload.subarray(0, rng.int(130)), { key });
    else if (kind < 0.6) f = clientFrame(10, payload.subarray(0, 10), { key });
    else if (kind < 0.67) {
      const code = rng.pick([1000, 1001, 1005, 1006, 1011, 1012, 1015, 2000, 3000, 4999, 5000]);
      f = clientFrame(8, closePayload(code, payload.subarray(0, rng.int(20))), { key });
    } else if (kind < 0.8) {
      f = clientFrame(rng.int(16), payload, {
        fin: rng.chance(0.7),
        mask: rng.chance(0.9),
        rsv: rng.chance(0.8) ? 0 : rng.int(8),
        len64: rng.chance(0.1),
        key,
      });
    } else {
      f = clientFrame(1, payload, { key, fin: rng.chance(0.8) });
      for (let flips = rng.int(3); flips >= 0; flips--)
        f[rng.int(Math.min(f.length, 14))] = rng.int(256);
    }
    out.push(f);
  }
  return Buffer.concat(out);
}

/** `bytes` in random pieces, some of one to three bytes. */
export function randomPieces(rng: Rng, bytes: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  let at = 0;
  while (at < bytes.length) {
    const n = rng.chance(0.3) ? 1 + rng.int(3) : 1 + rng.int(bytes.length);
    chunks.push(bytes.subarray(at, at + n));
    at += n;
  }
  return chunks;
}
