import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dueBy, type Schedule, scheduledAt, totalMessages } from './schedule.js';

const s: Schedule = { startUs: 1_000_000, rate: 200, durationUs: 3_000_000 };

describe('open-loop schedule', () => {
  it('spaces messages by 1/rate from the start', () => {
    assert.equal(scheduledAt(s, 0), 1_000_000);
    assert.equal(scheduledAt(s, 1), 1_005_000);
    assert.equal(scheduledAt(s, 200), 2_000_000);
  });

  it('sends rate x duration messages in all', () => {
    assert.equal(totalMessages(s), 600);
    assert.equal(totalMessages({ ...s, rate: 33.3 }), 99);
  });

  it('counts as due every message whose time has come, however late the caller is', () => {
    assert.equal(dueBy(s, 999_999), 0);
    assert.equal(dueBy(s, 1_000_000), 1);
    assert.equal(dueBy(s, 1_004_999), 1);
    assert.equal(dueBy(s, 1_005_000), 2);
    // A caller that stalled for half a second owes the whole backlog at once.
    assert.equal(dueBy(s, 1_500_000), 101);
  });

  it('never goes past the step total', () => {
    assert.equal(dueBy(s, 99_000_000), 600);
  });

  it('agrees with scheduledAt: message i is due exactly from its scheduled time', () => {
    const odd: Schedule = { startUs: 7, rate: 37.5, durationUs: 2_000_000 };
    for (let i = 0; i < totalMessages(odd); i++) {
      const at = scheduledAt(odd, i);
      assert.ok(dueBy(odd, at) > i, `message ${i} due at ${at}`);
      assert.ok(dueBy(odd, at - 1) <= i, `message ${i} not due before ${at}`);
    }
  });
});
