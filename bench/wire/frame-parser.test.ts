import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrameError, FrameParser, OP_BINARY, OP_PING, OP_TEXT } from './frame-parser.js';
import { serverFrame } from './frames.js';

type Seen = { opcode: number; fin: boolean; payload: string };

function collect(maxPayload?: number) {
  const seen: Seen[] = [];
  const parser = new FrameParser((opcode, fin, data, start, end) => {
    seen.push({ opcode, fin, payload: data.toString('latin1', start, end) });
  }, maxPayload);
  return { seen, parser };
}

const text = (n: number): string => 'x'.repeat(n);

describe('FrameParser', () => {
  it('reads golden bytes of a short unmasked text frame', () => {
    const { seen, parser } = collect();
    parser.push(Buffer.from([0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]));
    assert.deepEqual(seen, [{ opcode: OP_TEXT, fin: true, payload: 'Hello' }]);
  });

  it('reads a 16-bit length (126 to 65535 bytes)', () => {
    const payload = text(300);
    const frame = serverFrame(OP_TEXT, Buffer.from(payload));
    assert.deepEqual([...frame.subarray(0, 4)], [0x81, 126, 0x01, 0x2c]);
    const { seen, parser } = collect();
    parser.push(frame);
    assert.equal(seen[0]?.payload, payload);
  });

  it('reads a 64-bit length (65536 bytes and more)', () => {
    const payload = text(70_000);
    const frame = serverFrame(OP_BINARY, Buffer.from(payload));
    assert.equal(frame[1], 127);
    const { seen, parser } = collect();
    parser.push(frame);
    assert.equal(seen[0]?.opcode, OP_BINARY);
    assert.equal(seen[0]?.payload.length, 70_000);
  });

  it('gives the same frames whatever byte the stream is split at', () => {
    const frames = [
      serverFrame(OP_TEXT, Buffer.from('a')),
      serverFrame(OP_TEXT, Buffer.from(text(125))),
      serverFrame(OP_TEXT, Buffer.from(text(126))),
      serverFrame(OP_PING, Buffer.alloc(0)),
      serverFrame(OP_TEXT, Buffer.from(text(1000))),
      serverFrame(OP_BINARY, Buffer.from(text(65_536))),
      serverFrame(OP_TEXT, Buffer.from('z')),
    ];
    const stream = Buffer.concat(frames);
    const whole = collect();
    whole.parser.push(stream);
    assert.equal(whole.seen.length, frames.length);
    // Every single split point, then every byte on its own across the small frames.
    for (
      let cut = 0;
      cut <= stream.length;
      cut += cut < 2000 || cut > stream.length - 2000 ? 1 : 97
    ) {
      const { seen, parser } = collect();
      parser.push(stream.subarray(0, cut));
      parser.push(stream.subarray(cut));
      assert.deepEqual(seen, whole.seen, `split at ${cut}`);
    }
    const small = Buffer.concat(frames.slice(0, 5));
    const bytewise = collect();
    for (let i = 0; i < small.length; i++) bytewise.parser.push(small.subarray(i, i + 1));
    assert.deepEqual(bytewise.seen, whole.seen.slice(0, 5));
  });

  it('rejects masked frames with a stable code', () => {
    const { parser } = collect();
    assert.throws(
      () => parser.push(Buffer.from([0x81, 0x81, 1, 2, 3, 4, 0x61])),
      (e: unknown) => e instanceof FrameError && e.code === 'BENCH_ERR_WS_MASKED',
    );
  });

  it('rejects a frame longer than maxPayload as soon as its length is known', () => {
    const { parser } = collect(100);
    const header = serverFrame(OP_TEXT, Buffer.from(text(200))).subarray(0, 4);
    assert.throws(
      () => parser.push(header),
      (e: unknown) => e instanceof FrameError && e.code === 'BENCH_ERR_WS_TOO_BIG',
    );
  });
});
