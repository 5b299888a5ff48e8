import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scheduledAt } from './schedule.js';
import { SeqClock } from './seq-clock.js';

describe('seq clock', () => {
  it('times the Change after seq0 as message 0 of the step, exactly as the publisher does', () => {
    const c = new SeqClock();
    // 10 event Changes before any quote: the first update is Change 11.
    c.add({ seq0: 10, startUs: 1_000_000, rate: 300 });
    assert.equal(c.scheduledAt(11), 1_000_000);
    assert.equal(c.scheduledAt(12), 1_003_333);
    for (let i = 0; i < 1000; i++)
      assert.equal(c.scheduledAt(11 + i), scheduledAt({ startUs: 1_000_000, rate: 300 }, i));
    assert.equal(c.scheduledAt(10), -1);
    assert.equal(c.scheduledAt(0), -1);
  });

  it('keeps earlier steps for frames that arrive after the next step was announced', () => {
    const c = new SeqClock();
    c.add({ seq0: 10, startUs: 1_000_000, rate: 100 });
    // Step 1 published 300 updates (Changes 11..310); step 2 starts after them.
    c.add({ seq0: 310, startUs: 9_000_000, rate: 1000 });
    assert.equal(c.scheduledAt(310), 1_000_000 + 299 * 10_000);
    assert.equal(c.scheduledAt(311), 9_000_000);
    assert.equal(c.scheduledAt(312), 9_001_000);
  });

  it('replaces a re-announced step and forgets the oldest past a few', () => {
    const c = new SeqClock();
    c.add({ seq0: 10, startUs: 1_000_000, rate: 100 });
    c.add({ seq0: 10, startUs: 2_000_000, rate: 100 });
    assert.equal(c.scheduledAt(11), 2_000_000);
    for (let k = 1; k <= 8; k++) c.add({ seq0: 10 + k * 100, startUs: k * 1e7, rate: 100 });
    assert.equal(c.scheduledAt(11), -1);
    assert.equal(c.scheduledAt(111), 1e7);
  });
});
