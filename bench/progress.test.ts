import assert from 'node:assert/strict';
import { test } from 'node:test';
import { progress } from './progress.js';

test('on a terminal: place, time so far and time left from the pace so far', () => {
  let now = 0;
  const p = progress(4, true, () => now);
  assert.equal(p.next(), '[1/4 · 0s] ');
  now = 30_000;
  assert.equal(p.next(), '[2/4 · 30s · ~1m30s left] ');
  now = 130_000;
  assert.equal(p.next(), '[3/4 · 2m10s · ~2m10s left] ');
});

test('piped: no label, so log lines stay stable', () => {
  const p = progress(3, false);
  assert.equal(p.next(), '');
  assert.equal(p.next(), '');
});
