// The frame reader in-process: golden cases for every refusal, the same events whatever the
// split of the byte stream, and a seeded fuzz checked against `ws`'s own Receiver (what served
// these connections before) as the reference: same messages, same close code, never a throw,
// and never more buffered than the limits allow.
import assert from 'node:assert/strict';
import type { EventEmitter } from 'node:events';
import { test } from 'node:test';
import * as wsModule from 'ws';
import { Rng } from '../../testing/fuzz/kit.js';
import {
  closePayload,
  clientFrame as frame,
  frameStream,
  randomPieces,
} from '../../testing/ws-frames.js';
import { FrameReader } from './reader.js';

const MAX = 1_024;

type Event = string;

class Recorder extends FrameReader {
  events: Event[] = [];
  maxBuffered = 0;
  protected onMessage(data: Buffer, binary: boolean): void {
    this.events.push(`${binary ? 'binary' : 'text'}:${data.toString('hex')}`);
  }
  protected onPing(payload: Buffer): void {
    this.events.push(`ping:${payload.toString('hex')}`);
  }
  protected onPong(): void {
    this.events.push('pong');
  }
  protected onClose(code: number, reason: Buffer): void {
    this.events.push(`close:${code}:${reason.toString('hex')}`);
  }
  protected onFail(code: number): void {
    this.events.push(`fail:${code}`);
  }
  feed(chunk: Buffer): void {
    this.read(chunk, MAX);
    this.maxBuffered = Math.max(this.maxBuffered, this.bufferedBytes);
  }
}

/** Feeds `bytes` cut at `splits`, copied: the reader unmasks in place. */
function run(bytes: Buffer, splits: number[] = []): Recorder {
  const r = new Recorder();
  let at = 0;
  for (const s of [...splits, bytes.length]) {
    r.feed(Buffer.from(bytes.subarray(at, s)));
    at = s;
  }
  return r;
}

const hex = (s: string | Buffer) => Buffer.from(s).toString('hex');

test('messages, fragments with a ping between, pong and close, in order', () => {
  const bytes = Buffer.concat([
    frame(1, 'hello'),
    frame(2, Buffer.from([0, 1, 2])),
    frame(1, 'frag', { fin: false }),
    frame(9, 'p'),
    frame(0, 'ment', { fin: false }),
    frame(0, 'ed'),
    frame(10, ''),
    frame(1, 'x'.repeat(300)),
    frame(8, closePayload(4000, 'bye')),
    frame(1, 'after the close'),
  ]);
  assert.deepEqual(run(bytes).events, [
    `text:${hex('hello')}`,
    'binary:000102',
    `ping:${hex('p')}`,
    `text:${hex('fragmented')}`,
    'pong',
    `text:${hex('x'.repeat(300))}`,
    `close:4000:${hex('bye')}`,
  ]);
});

test('the same events at every split into two, and byte by byte', () => {
  const bytes = Buffer.concat([
    frame(1, 'é'.repeat(70)),
    frame(1, 'ab', { fin: false }),
    frame(0, 'c'.repeat(200), { fin: false }),
    frame(9, 'ping'),
    frame(0, 'd'),
    frame(2, Buffer.alloc(700, 7), { len64: true }),
    frame(8, Buffer.alloc(0)),
  ]);
  const expected = run(bytes).events;
  assert.equal(expected.length, 5);
  for (let s = 0; s <= bytes.length; s++)
    assert.deepEqual(run(bytes, [s]).events, expected, `${s}`);
  const everyByte = Array.from({ length: bytes.length }, (_, i) => i);
  assert.deepEqual(run(bytes, everyByte).events, expected);
  // A multi-byte character split across fragments is valid UTF-8 once the message is whole.
  const e = Buffer.from('é');
  const split = Buffer.concat([
    frame(1, e.subarray(0, 1), { fin: false }),
    frame(0, e.subarray(1)),
  ]);
  assert.deepEqual(run(split).events, [`text:${e.toString('hex')}`]);
});

test('every refusal has its close code, and nothing is read after it', () => {
  const cases: [string, Buffer, number][] = [
    ['unmasked', frame(1, 'x', { mask: false }), 1002],
    ['RSV1', frame(1, 'x', { rsv: 4 }), 1002],
    ['RSV3', frame(1, 'x', { rsv: 1 }), 1002],
    ['opcode 3', frame(3, 'x'), 1002],
    ['opcode 11', frame(11, ''), 1002],
    ['continuation first', frame(0, 'x'), 1002],
    ['text inside a message', Buffer.concat([frame(1, 'a', { fin: false }), frame(1, 'b')]), 1002],
    ['fragmented ping', frame(9, 'x', { fin: false }), 1002],
    ['ping of 126 bytes', frame(9, Buffer.alloc(126)), 1002],
    ['close of one byte', frame(8, Buffer.alloc(1)), 1002],
    ['close code 1005', frame(8, closePayload(1005)), 1002],
    ['close code 999', frame(8, closePayload(999)), 1002],
    ['close code 5000', frame(8, closePayload(5000)), 1002],
    [
      'close reason not UTF-8',
      frame(8, Buffer.concat([closePayload(1000), Buffer.from([0xff])])),
      1007,
    ],
    ['text not UTF-8', frame(1, Buffer.from([0xc3, 0x28])), 1007],
    [
      'fragments not UTF-8',
      Buffer.concat([frame(1, Buffer.from([0xe2]), { fin: false }), frame(0, 'x')]),
      1007,
    ],
    ['over the limit', frame(2, Buffer.alloc(MAX + 1)), 1009],
    [
      'fragments over the limit',
      Buffer.concat([frame(2, Buffer.alloc(600), { fin: false }), frame(0, Buffer.alloc(600))]),
      1009,
    ],
  ];
  for (const [name, bytes, code] of cases) {
    const r = run(Buffer.concat([bytes, frame(1, 'never')]));
    assert.deepEqual(r.events, [`fail:${code}`], name);
  }
});

test('an oversized or 2^63 length is refused from its header, before any payload arrives', () => {
  const big = Buffer.from([0x82, 0xff, 0, 0, 0, 0, 0, 0x10, 0, 0]);
  assert.deepEqual(run(big).events, ['fail:1009']);
  const huge = Buffer.from([0x82, 0xff, 0x80, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(run(huge).events, ['fail:1009']);
  const over16 = Buffer.from([0x82, 0xfe, 0x04, 0x01]);
  assert.deepEqual(run(over16).events, ['fail:1009']);
});

test('a frame trickled byte by byte buffers what arrived, not what its header announced', () => {
  const bytes = frame(2, Buffer.alloc(MAX, 1));
  const r = new Recorder();
  for (let i = 0; i < 20; i++) r.feed(bytes.subarray(i, i + 1));
  assert.ok(r.bufferedBytes <= 256, `${r.bufferedBytes} bytes buffered after 20`);
  for (let i = 20; i < bytes.length; i++) r.feed(bytes.subarray(i, i + 1));
  assert.equal(r.events.length, 1);
  assert.ok(r.maxBuffered <= MAX + 14, `${r.maxBuffered}`);
  assert.equal(r.bufferedBytes, 0);
});

// `ws`'s Receiver, the reference: what it emits for the same bytes, in the same form.
const { Receiver } = wsModule as unknown as {
  Receiver: new (o: {
    isServer: boolean;
    maxPayload: number;
  }) => EventEmitter & { write(b: Buffer): boolean };
};

async function reference(chunks: Buffer[]): Promise<Event[]> {
  const events: Event[] = [];
  const r = new Receiver({ isServer: true, maxPayload: MAX });
  let done = false;
  r.on('message', (d: Buffer, binary: boolean) =>
    events.push(`${binary ? 'binary' : 'text'}:${Buffer.from(d).toString('hex')}`),
  );
  r.on('ping', (d: Buffer) => events.push(`ping:${d.toString('hex')}`));
  r.on('pong', () => events.push('pong'));
  r.on('conclude', (code: number, reason: Buffer) => {
    events.push(`close:${code}:${reason.toString('hex')}`);
    done = true;
  });
  r.on('error', (e: Error) => {
    const code = Object.getOwnPropertySymbols(e)
      .map((s) => (e as unknown as Record<symbol, unknown>)[s])
      .find((v) => typeof v === 'number');
    events.push(`fail:${code}`);
    done = true;
  });
  for (const c of chunks) {
    if (done) break;
    r.write(c);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return events;
}

test('fuzz: 3,000 frame streams in random pieces agree with ws, never throw, stay bounded', async () => {
  const rng = new Rng(61);
  const seen = new Map<string, number>();
  for (let i = 0; i < 3_000; i++) {
    const bytes = frameStream(rng, MAX);
    const chunks = randomPieces(rng, bytes);
    // Both readers unmask in place: each gets its own copy.
    const expected = await reference(chunks.map((c) => Buffer.from(c)));
    const r = new Recorder();
    for (const c of chunks) r.feed(Buffer.from(c));
    assert.deepEqual(r.events, expected, `case ${i}: ${bytes.toString('hex').slice(0, 200)}`);
    // A partial frame (limit + header) and a message being assembled (limit).
    assert.ok(r.maxBuffered <= 2 * MAX + 14, `case ${i}: ${r.maxBuffered} bytes buffered`);
    const last = expected.at(-1)?.split(':')[0] ?? 'none';
    const key = last === 'fail' ? expected.at(-1)! : last;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  // The fuzz reached every ending: clean, peer close, and each failure code.
  for (const k of ['text', 'close', 'fail:1002', 'fail:1007', 'fail:1009'])
    assert.ok(
      [...seen.keys()].some((s) => s.startsWith(k)),
      `${k} in ${[...seen.keys()]}`,
    );
});
