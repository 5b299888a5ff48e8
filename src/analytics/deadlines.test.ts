import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../sources/simulator/prng.js';
import { Deadlines } from './deadlines.js';

test('deadlines come out in time order, only once due', () => {
  const d = new Deadlines<string>();
  d.push(30, 'c');
  d.push(10, 'a');
  d.push(20, 'b');
  assert.equal(d.popDue(5), null);
  assert.deepEqual(d.popDue(25), { at: 10, item: 'a' });
  assert.deepEqual(d.popDue(25), { at: 20, item: 'b' });
  assert.equal(d.popDue(25), null);
  assert.equal(d.size, 1);
});

test('many random deadlines pop sorted (seeded)', () => {
  const rng = new Rng(7);
  const d = new Deadlines<number>();
  const at: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const t = rng.int(10_000);
    at.push(t);
    d.push(t, i);
  }
  const out: number[] = [];
  for (let e = d.popDue(Number.POSITIVE_INFINITY); e; e = d.popDue(Number.POSITIVE_INFINITY))
    out.push(e.at);
  assert.deepEqual(
    out,
    at.sort((a, b) => a - b),
  );
});
