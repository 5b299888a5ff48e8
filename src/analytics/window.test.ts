import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Harness } from '../testing/analytics.js';
import { AlertStream } from './stream.js';
import type { AlertChange } from './types.js';
import { AlertWindow } from './window.js';

const arbQuotes = [
  { book: 'draftkings', selection: 'home', price: 110 },
  { book: 'draftkings', selection: 'away', price: -130 },
  { book: 'fanduel', selection: 'home', price: -130 },
  { book: 'fanduel', selection: 'away', price: 110 },
];
/** The arbitrage's fanduel away price, step by step: updated, closed, opened again, updated. */
const awayPrices = [115, -200, 120, 125, 130];

/** A stream with `windowSize` phases kept and the arbitrage opened (seq 1). */
function streamWithArb(windowSize: number) {
  const h = new Harness({ ev: { minEdge: 10 } });
  const stream = new AlertStream(h.engine, windowSize, (e) => assert.fail(String(e)), 'a1');
  stream.apply(h.changes(...arbQuotes));
  const away = (price: number) =>
    stream.apply(h.changes({ book: 'fanduel', selection: 'away', price }));
  return { stream, away };
}

/** What a fan-out worker is sent at its start (pool.ts): the open alerts and the window. */
function imageOf(stream: AlertStream, windowSize: number) {
  const open = stream.open();
  const from = { epoch: open.position.epoch, seq: Math.max(0, open.position.seq - windowSize) };
  return { position: open.position, open: open.alerts, window: stream.since(from) ?? [] };
}

test("a window started from a stream's image and fed its batches answers as the stream does", () => {
  const { stream, away } = streamWithArb(3);
  away(awayPrices[0]!);
  const window = new AlertWindow(3, (e) => assert.fail(String(e)), imageOf(stream, 3));
  const heard: AlertChange[] = [];
  window.listen((b) => heard.push(...b));
  stream.listen((b) => window.append(b));
  const same = (when: string) => {
    const head = stream.position();
    assert.deepEqual(window.position(), head, when);
    assert.deepEqual(window.open(), stream.open(), when);
    for (let seq = 0; seq <= head.seq + 1; seq++)
      assert.deepEqual(
        window.since({ epoch: 'a1', seq }),
        stream.since({ epoch: 'a1', seq }),
        when,
      );
    assert.equal(window.since({ epoch: 'other', seq: head.seq }), null, when);
  };
  same('at the image');
  for (const price of awayPrices.slice(1)) {
    away(price);
    same(`after ${price}`);
  }
  assert.equal(stream.position().seq, 6);
  assert.equal(window.since({ epoch: 'a1', seq: 2 }), null, 'seq 3 left the window');
  assert.deepEqual(
    heard.map((c) => [c.seq, c.alert.phase]),
    [
      [3, 'closed'],
      [4, 'opened'],
      [5, 'updated'],
      [6, 'updated'],
    ],
  );
});

test('a window whose image holds no phases serves resumes only from its head on', () => {
  const { stream, away } = streamWithArb(10);
  away(awayPrices[0]!);
  const [first, second] = stream.since({ epoch: 'a1', seq: 0 })!;
  const window = new AlertWindow(10, () => {}, {
    position: first!,
    open: [first!],
    window: [],
  });
  assert.deepEqual(window.since({ epoch: 'a1', seq: 1 }), []);
  assert.equal(window.since({ epoch: 'a1', seq: 0 }), null, 'before the image: unproven');
  window.append([second!]);
  assert.deepEqual(window.since({ epoch: 'a1', seq: 1 }), [second]);
  assert.equal(window.since({ epoch: 'a1', seq: 0 }), null);
  assert.deepEqual(window.open().alerts, [second], 'the latest phase of the open alert');
});

test('a listener that throws is reported and the others still hear; one that left does not', () => {
  const { stream, away } = streamWithArb(10);
  away(awayPrices[0]!);
  const [first, second] = stream.since({ epoch: 'a1', seq: 0 })!;
  const errors: unknown[] = [];
  const window = new AlertWindow(10, (e) => errors.push(e), {
    position: { epoch: 'a1', seq: 0 },
    open: [],
    window: [],
  });
  const heard: number[] = [];
  const left: number[] = [];
  window.listen(() => {
    throw new Error('listener bug');
  });
  window.listen((b) => heard.push(...b.map((c) => c.seq)));
  const leave = window.listen((b) => left.push(...b.map((c) => c.seq)));
  window.append([first!]);
  leave();
  window.append([second!]);
  assert.deepEqual(heard, [1, 2]);
  assert.deepEqual(left, [1]);
  assert.equal(errors.length, 2);
});
