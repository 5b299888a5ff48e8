import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sseFrame, sseFrameWithHead } from './frame.js';

test('a head on a shared body is the same message as the whole text, with or without an id', () => {
  const body = Buffer.from('"sequence":7,"data":{"é":1}}');
  const head = '{"type":"delta","id":"m1","sub_sequence":3,';
  assert.deepEqual(sseFrameWithHead(head, body), sseFrame(head + body.toString()));
  assert.deepEqual(sseFrameWithHead(head, body, '42'), sseFrame(head + body.toString(), '42'));
});
