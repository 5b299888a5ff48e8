import assert from 'node:assert/strict';
import type { EventEmitter } from 'node:events';
import { test } from 'node:test';
import * as wsModule from 'ws';
import { textFrame, textFrameWithHead } from './frame.js';

// @types/ws does not declare the Receiver that ws exports; it is the reference frame parser.
const { Receiver } = wsModule as unknown as {
  Receiver: new (o: { isServer: boolean }) => EventEmitter & { write(b: Buffer): void };
};

function parse(frame: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new Receiver({ isServer: false });
    r.on('message', (data: Buffer) => resolve(data.toString()));
    r.on('error', reject);
    r.write(frame);
  });
}

test('frames parse back to the same text at every length class', async () => {
  for (const n of [0, 1, 125, 126, 65_535, 65_536, 200_000]) {
    const text = 'é'.repeat(Math.floor(n / 2)) + 'x'.repeat(n % 2);
    assert.equal(await parse(textFrame(text)), text, `length ${n}`);
  }
});

test('a short frame has the golden header bytes', () => {
  assert.deepEqual([...textFrame('hi')], [0x81, 0x02, 0x68, 0x69]);
});

test('a head on a shared body frames like the whole text, at every length class', async () => {
  for (const n of [0, 100, 130, 65_530, 70_000]) {
    const head = `{"id":"é${n}",`;
    const body = Buffer.from(`${'x'.repeat(n)}}`);
    const framed = textFrameWithHead(head, body);
    assert.deepEqual(framed, textFrame(head + body.toString()), `length ${n}`);
    assert.equal(await parse(framed), head + body.toString());
  }
});
