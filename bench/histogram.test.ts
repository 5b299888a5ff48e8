import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bucketHigh, bucketOf, Histogram } from './histogram.js';

describe('Histogram', () => {
  it('keeps small values exact', () => {
    for (let v = 0; v < 32; v++) assert.equal(bucketHigh(bucketOf(v)), v);
  });

  it('puts every value in a bucket whose high is within 1/32 above it', () => {
    for (let v = 1; v < 2 ** 30; v = Math.ceil(v * 1.01) + 1) {
      const high = bucketHigh(bucketOf(v));
      assert.ok(high >= v, `${v} -> ${high}`);
      assert.ok(high <= v * (1 + 1 / 32), `${v} -> ${high}`);
    }
  });

  it('reports p50, p99 and p99.9 of a uniform 1..100000', () => {
    const h = new Histogram();
    for (let v = 1; v <= 100_000; v++) h.record(v);
    const near = (p: number, want: number): void => {
      const got = h.percentile(p);
      assert.ok(got >= want && got <= want * 1.04, `p${p}: ${got} vs ${want}`);
    };
    near(50, 50_000);
    near(99, 99_000);
    near(99.9, 99_900);
    assert.equal(h.percentile(100), 100_000);
  });

  it('never reports above the largest value recorded', () => {
    const h = new Histogram();
    h.record(1000);
    assert.equal(h.percentile(99.9), 1000);
  });

  it('merges through the sparse form as if all values went into one', () => {
    const a = new Histogram();
    const b = new Histogram();
    for (let v = 0; v < 1000; v++) (v % 2 ? a : b).record(v * 37);
    const merged = new Histogram();
    merged.addSparse(a.toSparse(), a.max);
    merged.addSparse(b.toSparse(), b.max);
    assert.equal(merged.total, 1000);
    assert.equal(merged.max, 999 * 37);
    const whole = new Histogram();
    for (let v = 0; v < 1000; v++) whole.record(v * 37);
    assert.equal(merged.percentile(99), whole.percentile(99));
  });

  it('reports 0 when empty and after reset', () => {
    const h = new Histogram();
    assert.equal(h.percentile(99), 0);
    h.record(5);
    h.reset();
    assert.equal(h.percentile(50), 0);
    assert.equal(h.total, 0);
  });
});
