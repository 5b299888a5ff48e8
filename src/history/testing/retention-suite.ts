// Retention behaviour every HistoryStore driver must show, on a manual clock; each driver's
// test file runs it once beside the main suite.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RetentionPolicy } from '../retention.js';
import type { StoreOptions } from '../store.js';
import type { HistoryStore } from '../types.js';
import { EVENT, key, Stream } from './fixtures.js';
import type { StoreTarget } from './suite.js';

const E2 = 'nba-2026-11-21-e2';

async function durable(store: HistoryStore, s: Stream, from = 0): Promise<void> {
  const chunk = s.changes.slice(from);
  for (let i = 0; i < chunk.length; i += 2_000) {
    assert.equal(store.append(chunk.slice(i, i + 2_000)), true);
  }
  await store.waitDurable(s.seq);
}

/** What retention must not change: openers, closing lines and the book current() restores. */
async function kept(store: HistoryStore) {
  return {
    openers: await store.openers({ event: EVENT }),
    closing: await store.closing({ event: EVENT }),
    openers2: await store.openers({ event: E2 }),
    closing2: await store.closing({ event: E2 }),
    current: await store.current(),
  };
}

export function describeRetention(name: string, makeTarget: () => Promise<StoreTarget>): void {
  const withStore =
    (opts: StoreOptions, body: (store: HistoryStore, target: StoreTarget) => Promise<void>) =>
    async () => {
      const target = await makeTarget();
      const store = target.create(opts);
      try {
        await body(store, target);
      } finally {
        await store.close().catch(() => {});
        await target.dispose();
      }
    };

  describe(`HistoryStore retention: ${name}`, () => {
    let now = 0;
    const clock = () => now;
    const policy = (p: Partial<RetentionPolicy>): RetentionPolicy => ({
      maxAgeMs: 0,
      maxBytes: 0,
      batchRows: 3,
      keptMaxAgeMs: 0,
      ...p,
    });

    test(
      'by age: Changes older than maxAgeMs go, in small batches; openers, closing and the book stay',
      withStore({ clock, retention: policy({ maxAgeMs: 1_000 }) }, async (store) => {
        const { epoch } = await store.open();
        const s = new Stream(epoch);
        s.event(1, 'scheduled', 10);
        s.quote(key(), 1.9, 11); // opener
        s.quote(key({ book: 'betmgm' }), 1.7, 12); // opener, closing and latest of its key
        s.quote(key(), 1.95, 13); // closing
        s.event(1, 'live', 14); // the closing moment
        s.quote(key(), 1.5, 15);
        s.quote(key(), 1.4, 16); // latest of its key while pruned
        s.event(2, 'scheduled', 17);
        s.quote(key({ event: E2 }), 2.2, 18); // opener, no closing yet
        s.quote(key({ event: E2 }), 2.3, 19); // superseded by a row left in the window: goes
        s.quote(key({ event: E2, book: 'caesars' }), 2.5, 20); // E2's closing, though it moves after
        for (let i = 0; i < 5; i++) s.quote(key({ selection: 'away' }), 3 + i / 10, 20 + i);
        const old = s.seq;
        s.quote(key({ event: E2 }), 2.4, 5_000); // retained: E2's key now has its closing here
        s.event(2, 'live', 5_001);
        s.quote(key({ selection: 'away' }), 2.9, 5_002);
        s.quote(key({ event: E2, book: 'caesars' }), 2.6, 5_003);
        await durable(store, s);
        const before = await kept(store);
        now = 6_000; // cutoff 5,000: everything up to `old` is past it

        const report = await store.prune();
        assert.equal(report.pruned, old);
        assert.ok(report.batches >= Math.ceil(old / 3), 'batches of at most batchRows');
        assert.equal(report.usage.rows, 4);
        assert.equal(await store.firstSeq(), old + 1);
        assert.deepEqual(await store.changesSince({ epoch, seq: old }, 10), s.changes.slice(old));
        assert.deepEqual(
          (await store.priceHistory({ event: EVENT, limit: 10 })).map((c) => c.at),
          [5_002],
        );
        assert.deepEqual(await kept(store), before);
        assert.deepEqual(
          before.closing.map((q) => [q.key.book, q.value.price?.decimal]),
          [
            ['betmgm', 1.7],
            ['fanduel', 1.95],
          ],
        );
        assert.deepEqual(
          before.closing2.map((q) => [q.key.book, q.value.price?.decimal]),
          [
            ['caesars', 2.5],
            ['fanduel', 2.4],
          ],
        );
        assert.ok(report.usage.keptRows <= 10, `kept ${report.usage.keptRows} rows, not all`);
        // Nothing left past the cutoff: a second prune removes nothing.
        assert.equal((await store.prune()).pruned, 0);
      }),
    );

    test('the newest Change of the epoch is never pruned, so a reopen continues its seq', async () => {
      const target = await makeTarget();
      try {
        const store = target.create({ clock, retention: policy({ maxAgeMs: 1 }) });
        const { epoch } = await store.open();
        const s = new Stream(epoch);
        for (let i = 0; i < 7; i++) s.quote(key({ book: `b${i % 2}` }), 1.5 + i / 10, 100 + i);
        await durable(store, s);
        now = 10_000;
        assert.equal((await store.prune()).pruned, 6);
        await store.close();
        const again = target.create();
        assert.deepEqual(await again.open(), { epoch, lastSeq: 7, base: 0 });
        assert.deepEqual(
          (await again.current()).quotes.map((q) => q.value.price?.decimal),
          [1.5 + 5 / 10, 1.5 + 6 / 10],
        );
        await again.close();
      } finally {
        await target.dispose();
      }
    });

    test(
      'kept rows of an event go after keptMaxAgeMs, once the event has nothing left in the window',
      withStore(
        { clock, retention: policy({ maxAgeMs: 1_000, keptMaxAgeMs: 10_000 }) },
        async (store) => {
          const { epoch } = await store.open();
          const s = new Stream(epoch);
          s.quote(key(), 1.9, 10);
          s.quote(key(), 1.8, 11);
          s.quote(key({ event: E2 }), 2.2, 12);
          s.quote(key({ event: E2 }), 2.1, 13);
          s.quote(key({ event: E2 }), 2.0, 50_000);
          await durable(store, s);
          now = 5_000;
          assert.equal((await store.prune()).pruned, 4);
          assert.equal((await store.openers({ event: EVENT })).length, 1, 'kept, still young');
          now = 20_000;
          const report = await store.prune();
          assert.deepEqual(await store.openers({ event: EVENT }), []);
          assert.deepEqual(
            (await store.openers({ event: E2 })).map((q) => q.value.price?.decimal),
            [2.2],
            'E2 has a row in the window: its kept rows stay',
          );
          // Only E2's opener: its pruned last value was superseded by the row still in the window.
          assert.equal(report.usage.keptRows, 1);
        },
      ),
    );

    test('by size: past maxBytes the oldest Changes go until the store fits', async () => {
      const target = await makeTarget();
      try {
        const first = target.create({ clock });
        const { epoch } = await first.open();
        const s = new Stream(epoch);
        for (let i = 0; i < 6_000; i++)
          s.quote(key({ book: `b${i % 40}` }), 1.5 + (i % 97) / 100, i);
        await durable(first, s);
        const full = await first.usage();
        assert.equal(full.rows, 6_000);
        await first.close();

        const maxBytes = Math.round(full.bytes / 2);
        const store = target.create({ clock, retention: policy({ maxBytes, batchRows: 500 }) });
        await store.open();
        let usage = full;
        let rounds = 0;
        // Freed pages come back a little behind the rows; it converges within a few rounds.
        while (usage.bytes > maxBytes) {
          usage = (await store.prune()).usage;
          rounds++;
        }
        assert.ok(rounds <= 5, `${rounds} rounds`);
        assert.ok(usage.rows < 6_000 && usage.rows > 1_000, `${usage.rows} rows kept`);
        const first2 = await store.firstSeq();
        assert.equal(first2, 6_000 - usage.rows + 1, 'the oldest went first, contiguously');
        assert.deepEqual(
          await store.changesSince({ epoch, seq: 5_998 }, 5),
          s.changes.slice(5_998),
        );
        assert.equal((await store.openers({ event: EVENT })).length, 40);
        await store.close();
      } finally {
        await target.dispose();
      }
    });

    test(
      'ingest is not stalled by a prune: appends keep becoming durable while it runs',
      withStore({ clock, retention: policy({ maxAgeMs: 1_000, batchRows: 50 }) }, async (store) => {
        const { epoch } = await store.open();
        const s = new Stream(epoch);
        for (let i = 0; i < 15_000; i++)
          s.quote(key({ book: `b${i % 30}` }), 1.5 + (i % 89) / 100, i);
        await durable(store, s);
        now = 1_000_000;
        let done = false;
        const pruning = store.prune().then((r) => {
          done = true;
          return r;
        });
        let acks = 0;
        let turns = 0;
        const spin = setInterval(() => turns++, 0);
        try {
          while (!done) {
            const from = s.changes.length;
            s.quote(key({ book: 'live' }), 1.5 + (acks % 50) / 100, now);
            await durable(store, s, from);
            if (!done) acks++;
          }
        } finally {
          clearInterval(spin);
        }
        const report = await pruning;
        // Every old row but, maybe, the last: the epoch's newest row when the prune began is kept,
        // and appends racing its start decide whether that was the last old one.
        assert.ok(report.pruned >= 14_999, `${report.pruned} pruned`);
        assert.ok((await store.firstSeq()) >= 15_000);
        assert.ok(report.batches >= 300);
        // Had the prune held the writer (or the event loop) for its whole run, no append
        // would have become durable before it ended.
        assert.ok(acks >= 3, `${acks} appends durable during a ${report.batches}-batch prune`);
        assert.ok(turns >= 3, `${turns} timer turns during the prune`);
      }),
    );
  });
}
