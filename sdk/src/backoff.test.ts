import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay } from './backoff.js';

const opts = { baseMs: 100, maxMs: 1_000 };

test('backoff: a uniform draw below a cap that doubles per attempt up to the maximum', () => {
  const table: [attempt: number, random: number, ms: number][] = [
    [0, 0, 0],
    [0, 0.5, 50],
    [0, 0.999, 99],
    [1, 0.5, 100],
    [2, 0.5, 200],
    [3, 0.5, 400],
    [3, 0.999, 799],
    [4, 0.5, 500],
    [4, 0.999, 999],
    [40, 0.5, 500],
    [1_000, 0.999, 999],
  ];
  for (const [attempt, random, ms] of table)
    assert.equal(backoffDelay(attempt, opts, random), ms, `attempt ${attempt}, random ${random}`);
});

test('backoff: never negative, never at or past the cap, whole milliseconds', () => {
  for (let attempt = 0; attempt < 64; attempt++) {
    for (const random of [0, 0.25, 0.9999999]) {
      const ms = backoffDelay(attempt, opts, random);
      assert.ok(Number.isInteger(ms) && ms >= 0 && ms < opts.maxMs, `${attempt}: ${ms}`);
    }
  }
});
