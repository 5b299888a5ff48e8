// Whole-population rounds spread out: a ping round in slices over its interval on the manual
// scheduler, a heartbeat round a batch per event-loop turn.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualScheduler } from '../timers/scheduler.js';
import { everyInSlices, inTurns } from './spread.js';

test('a round in slices visits each member once per interval, a tenth of them per tick', () => {
  const clock = new ManualScheduler(0);
  const members = Array.from({ length: 50 }, (_, id) => id);
  const visits = new Map<number, number>();
  const perTick: number[] = [];
  const stop = everyInSlices(clock, 1_000, 10, (slice, slices) => {
    let n = 0;
    for (const id of members) {
      if (id % slices !== slice) continue;
      visits.set(id, (visits.get(id) ?? 0) + 1);
      n++;
    }
    perTick.push(n);
  });
  clock.advance(99);
  assert.equal(visits.size, 0, 'nothing before the first slice is due');
  clock.advance(1);
  assert.deepEqual(
    [...visits.keys()].sort((a, b) => a - b),
    [0, 10, 20, 30, 40],
  );
  clock.advance(900);
  assert.equal(visits.size, 50);
  assert.ok(
    [...visits.values()].every((v) => v === 1),
    'each member once in the first interval',
  );
  assert.deepEqual(perTick, Array(10).fill(5), 'the round is spread evenly');
  clock.advance(1_000);
  assert.ok(
    [...visits.values()].every((v) => v === 2),
    'and once more in the next',
  );
  stop();
  clock.advance(5_000);
  assert.ok(
    [...visits.values()].every((v) => v === 2),
    'nothing after stop',
  );
});

test('a round in turns writes one batch now and the rest on later turns, each member once', async () => {
  const members = Array.from({ length: 600 }, (_, i) => i);
  const seen: number[] = [];
  const batches: number[] = [];
  const done = new Promise<void>((resolve) => {
    inTurns(members, 256, (batch) => {
      seen.push(...batch);
      batches.push(batch.length);
      if (seen.length === members.length) resolve();
    });
  });
  assert.deepEqual(batches, [256], 'only the first batch in the calling turn');
  await done;
  assert.deepEqual(batches, [256, 256, 88]);
  assert.deepEqual(seen, members, 'in order, each once');
});
