// The data pipe's framing: frames come back whole and in order, however the bytes are cut.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FRAME, FrameReader, frame } from './wire.js';

test('frames survive any split of the byte stream, one byte at a time included', () => {
  const sent = [
    frame(FRAME.opening, JSON.stringify({ a: 'é'.repeat(300) })),
    frame(FRAME.changes, '[]'),
    frame(FRAME.alerts, JSON.stringify([{ seq: 1 }])),
    frame(FRAME.evict, '123'),
  ];
  const all = Buffer.concat(sent);
  for (const step of [1, 2, 5, 7, 64, all.length]) {
    const got: [number, string][] = [];
    const r = new FrameReader((kind, body) => got.push([kind, body.toString('utf8')]));
    for (let i = 0; i < all.length; i += step) r.push(all.subarray(i, i + step));
    assert.deepEqual(
      got.map(([k]) => k),
      [FRAME.opening, FRAME.changes, FRAME.alerts, FRAME.evict],
      `step ${step}`,
    );
    assert.deepEqual(JSON.parse(got[0]![1]), { a: 'é'.repeat(300) });
    assert.equal(got[3]![1], '123');
  }
});
