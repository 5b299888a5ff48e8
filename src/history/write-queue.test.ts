import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { quoteChange as change } from '../testing/fixtures.js';
import { WriteQueue } from './write-queue.js';

test('close() writes a slow backlog whole: only a stretch without a commit gives up', async () => {
  // Each commit takes 40 ms and 40 batches are queued: 1.6 s in all, past closeTimeoutMs, but a
  // commit every 40 ms, far inside it.
  const written: number[] = [];
  const q = new WriteQueue<number>(
    { batchSize: 1, closeTimeoutMs: 1_000 },
    {
      encode: (changes) => changes[0]!.seq,
      write: async (batch) => {
        await sleep(40);
        written.push(...batch);
      },
    },
  );
  q.start(0);
  for (let seq = 1; seq <= 40; seq++) assert.equal(q.append([change(seq)]), true);
  await q.drain();
  assert.deepEqual(
    written,
    Array.from({ length: 40 }, (_, i) => i + 1),
  );
  assert.equal(q.durableSeq(), 40);
  assert.equal(q.clean(), true);
});

test('close() gives up once no commit lands for closeTimeoutMs', async () => {
  const q = new WriteQueue<number>(
    { batchSize: 1, closeTimeoutMs: 100 },
    { encode: (changes) => changes[0]!.seq, write: () => new Promise<void>(() => {}) },
  );
  q.start(0);
  q.append([change(1)]);
  await assert.rejects(q.drain(), /after 100 ms at close: not committed/);
  assert.equal(q.health().writable, false);
  assert.equal(q.clean(), false);
});
