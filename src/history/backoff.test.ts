import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retryDelay } from './backoff.js';

const b = { minMs: 100, maxMs: 2_000 };

test('retry delays double from min, stay in the upper half of each step, and stop at max', () => {
  const low = () => 0;
  const high = () => 1;
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6].map((n) => [retryDelay(b, n, low), retryDelay(b, n, high)]),
    [
      [50, 100],
      [100, 200],
      [200, 400],
      [400, 800],
      [800, 1_600],
      [1_000, 2_000],
    ],
  );
  assert.equal(retryDelay(b, 1_000, high), 2_000);
});
