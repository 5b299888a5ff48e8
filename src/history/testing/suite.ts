// The behaviour every HistoryStore driver must show; each driver's test file runs it once.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StoreOptions } from '../store.js';
import type { HistoryStore } from '../types.js';
import type { WriteQueueOptions } from '../write-queue.js';
import { EVENT, key, Stream } from './fixtures.js';

/** Storage for one test; `create` may be called again to reopen the same storage. */
export interface StoreTarget {
  create(opts?: StoreOptions): HistoryStore;
  /** Makes the store's writes fail for real (a held lock, a refused login) until the returned function clears it. */
  fault(): Promise<() => Promise<void>>;
  dispose(): Promise<void>;
}

/** Waits, without a time budget (the test runner's timeout is the bound), until `ok()` holds. */
export async function until(ok: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await ok())) await sleep(5);
}

const fastRetry: WriteQueueOptions = { retry: { minMs: 5, maxMs: 40 } };

type Body = (store: HistoryStore, s: Stream, target: StoreTarget) => Promise<void>;

export function describeHistoryStore(name: string, makeTarget: () => Promise<StoreTarget>): void {
  /** Runs `body` on a freshly opened store over new storage, then tears both down. */
  const withStore = (opts: WriteQueueOptions, body: Body) => async () => {
    const target = await makeTarget();
    const store = target.create(opts);
    try {
      const { epoch } = await store.open();
      await body(store, new Stream(epoch), target);
    } finally {
      await store.close().catch(() => {});
      await target.dispose();
    }
  };
  const it = (title: string, body: Body, opts: WriteQueueOptions = {}) =>
    test(title, withStore(opts, body));

  const durable = async (store: HistoryStore, s: Stream) => {
    assert.equal(store.append(s.changes), true);
    await store.waitDurable(s.seq);
  };

  describe(`HistoryStore: ${name}`, () => {
    it('a fresh store has a random epoch and lastSeq 0', async (store) => {
      assert.equal(store.durableSeq(), 0);
      assert.equal(await store.firstSeq(), 0);
      assert.deepEqual(await store.current(), { events: [], quotes: [] });
    });

    it('reads back every Change identical to the one appended', async (store, s) => {
      s.event(1, 'scheduled', 1_000);
      s.quote(key(), 1.91, 1_001);
      s.quote(key({ market: 'total', selection: 'over', line: 221.5 }), 1.87, 1_002);
      s.quote(key(), null, 1_003);
      s.quote(key({ market: 'spread', selection: 'away', line: -3.5 }), 2.05, 1_004);
      s.event(1, 'live', 1_005);
      await durable(store, s);
      assert.equal(store.durableSeq(), s.seq);
      assert.deepEqual(await store.changesSince({ epoch: s.epoch, seq: 0 }, 100), s.changes);
    });

    it('changesSince starts after the given seq, honours the limit and the epoch', async (store, s) => {
      for (let i = 0; i < 10; i++) s.quote(key({ book: `b${i % 3}` }), 1.5 + i / 10, 2_000 + i);
      await durable(store, s);
      const page = await store.changesSince({ epoch: s.epoch, seq: 4 }, 3);
      assert.deepEqual(page, s.changes.slice(4, 7));
      assert.deepEqual(await store.changesSince({ epoch: s.epoch, seq: 10 }, 5), []);
      assert.deepEqual(await store.changesSince({ epoch: 'another-epoch', seq: 0 }, 5), []);
      assert.equal(await store.firstSeq(), 1);
    });

    it('priceHistory filters by market and book, from inclusive, to exclusive', async (store, s) => {
      const home = key();
      const other = key({ book: 'draftkings' });
      for (let i = 0; i < 6; i++) s.quote(home, 1.8 + i / 100, 10_000 + i * 100);
      s.quote(other, 1.95, 10_150);
      s.quote(key({ market: 'total', selection: 'over', line: 220.5 }), 1.9, 10_160);
      s.event(1, 'live', 10_170);
      await durable(store, s);
      const q = { event: EVENT, market: 'moneyline', book: 'fanduel', limit: 100 };
      const range = await store.priceHistory({ ...q, from: 10_100, to: 10_400 });
      assert.deepEqual(
        range.map((c) => c.at),
        [10_100, 10_200, 10_300],
      );
      assert.deepEqual(range, s.changes.slice(1, 4));
      const all = await store.priceHistory({ event: EVENT, market: 'moneyline', limit: 100 });
      assert.deepEqual(
        all.map((c) => c.at),
        [10_000, 10_100, 10_150, 10_200, 10_300, 10_400, 10_500],
      );
      assert.equal((await store.priceHistory({ event: EVENT, limit: 2 })).length, 2);
      assert.equal((await store.priceHistory({ event: EVENT, limit: 100 })).length, 8);
      assert.deepEqual(await store.priceHistory({ event: 'nope', limit: 10 }), []);
    });

    it('openers are the first value of each matching key', async (store, s) => {
      s.quote(key(), 1.9, 1);
      s.quote(key({ selection: 'away' }), 2.0, 2);
      s.quote(key(), 1.8, 3);
      s.quote(key({ book: 'betmgm' }), 1.85, 4);
      await durable(store, s);
      const all = await store.openers({ event: EVENT });
      assert.deepEqual(
        all.map((q) => [q.key, q.value]),
        [0, 1, 3].map((i) => {
          const c = s.changes[i]!;
          return c.kind === 'quote' ? [c.key, c.after] : [];
        }),
      );
      const fanduel = await store.openers({ event: EVENT, book: 'fanduel' });
      assert.deepEqual(
        fanduel.map((q) => q.value.price?.decimal),
        [1.9, 2.0],
      );
    });

    it('closing is the last value before the event first left scheduled', async (store, s) => {
      s.event(1, 'scheduled', 1);
      s.quote(key(), 1.9, 2);
      s.quote(key({ book: 'betmgm' }), 1.7, 3);
      s.quote(key(), 1.95, 4);
      s.event(1, 'live', 5);
      s.quote(key(), 1.5, 6);
      s.event(1, 'break', 7);
      s.quote(key({ selection: 'away' }), 3.1, 8);
      s.event(2, 'scheduled', 9);
      s.quote(key({ event: 'nba-2026-11-21-e2' }), 2.2, 10);
      await durable(store, s);
      const closing = await store.closing({ event: EVENT });
      assert.deepEqual(
        closing.map((q) => [q.key.book, q.value.price?.decimal]),
        [
          ['betmgm', 1.7],
          ['fanduel', 1.95],
        ],
      );
      assert.deepEqual(await store.closing({ event: EVENT, book: 'betmgm', market: 'spread' }), []);
      // Event 2 is still scheduled: it has no closing line yet.
      assert.deepEqual(await store.closing({ event: 'nba-2026-11-21-e2' }), []);
    });

    it('lastQuotes and storedEvents answer for events state has let go of', async (store, s) => {
      s.event(1, 'scheduled', 1);
      s.quote(key(), 1.9, 2);
      s.quote(key({ book: 'betmgm' }), 1.7, 3);
      s.event(2, 'scheduled', 4);
      s.event(1, 'live', 5);
      s.quote(key(), 1.5, 6);
      s.event(1, 'ended', 7);
      await durable(store, s);
      assert.deepEqual(
        (await store.lastQuotes({ event: EVENT })).map((q) => [q.key.book, q.value.price?.decimal]),
        [
          ['betmgm', 1.7],
          ['fanduel', 1.5],
        ],
      );
      assert.deepEqual((await store.lastQuotes({ event: EVENT, book: 'betmgm' })).length, 1);
      const ended = await store.storedEvents({ ids: [EVENT], limit: 10 });
      assert.deepEqual(
        ended.map((e) => [e.id, e.status]),
        [[EVENT, 'ended']],
      );
      assert.equal((await store.storedEvents({ league: 'nba', limit: 10 })).length, 2);
      assert.equal((await store.storedEvents({ league: 'nba', limit: 1 })).length, 1);
      assert.deepEqual(
        (await store.storedEvents({ league: 'nba', changedSince: 5, limit: 10 })).map((e) => e.id),
        [EVENT],
      );
      assert.deepEqual(
        (await store.storedEvents({ league: 'nba', statuses: ['ended'], limit: 10 })).map(
          (e) => e.id,
        ),
        [EVENT],
      );
      assert.deepEqual(await store.storedEvents({ ids: [], limit: 10 }), []);
      assert.deepEqual(await store.storedEvents({ league: 'nfl', limit: 10 }), []);
    });

    it('current() holds the latest value of every key and every event', async (store, s) => {
      s.event(1, 'scheduled', 1);
      s.quote(key(), 1.9, 2);
      s.quote(key({ line: 1.5, market: 'spread' }), 1.9, 3);
      s.event(2, 'scheduled', 4);
      s.quote(key(), 1.7, 5);
      const live = s.event(1, 'live', 6);
      s.quote(key({ line: 1.5, market: 'spread' }), null, 7);
      await durable(store, s);
      const { events, quotes } = await store.current();
      assert.deepEqual(
        events.map((e) => [e.id, e.status]),
        [
          [live.after.id, 'live'],
          ['nba-2026-11-21-e2', 'scheduled'],
        ],
      );
      assert.deepEqual(events[0], live.after);
      assert.deepEqual(
        quotes.map((q) => [q.key.market, q.key.line, q.value.price?.decimal ?? null]),
        [
          ['moneyline', null, 1.7],
          ['spread', 1.5, null],
        ],
      );
    });

    test('the epoch and lastSeq persist across close and reopen', async () => {
      const target = await makeTarget();
      try {
        const first = target.create();
        const { epoch } = await first.open();
        const s = new Stream(epoch);
        for (let i = 0; i < 25; i++) s.quote(key({ book: `b${i % 4}` }), 1.5 + i / 100, i);
        // close() must write what is still queued: no waitDurable here.
        assert.equal(first.append(s.changes), true);
        await first.close();
        const again = target.create();
        assert.deepEqual(await again.open(), { epoch, lastSeq: 25, base: 0 });
        assert.equal(again.durableSeq(), 25);
        assert.deepEqual(await again.changesSince({ epoch, seq: 0 }, 100), s.changes);
        await again.close();
      } finally {
        await target.dispose();
      }
    });

    it(
      'append refuses once maxQueued Changes are waiting, and accepts again when durable',
      async (store, s) => {
        for (let i = 0; i < 12; i++) s.quote(key(), 1.5 + i / 100, i);
        assert.equal(store.append(s.changes.slice(0, 8)), true);
        assert.equal(store.room(), 2);
        assert.equal(store.append(s.changes.slice(8, 12)), false);
        assert.equal(store.lag().queued, 8);
        await store.waitDurable(8);
        assert.equal(store.lag().queued, 0);
        assert.equal(store.append(s.changes.slice(8, 12)), true);
        await store.waitDurable(12);
        assert.equal((await store.changesSince({ epoch: s.epoch, seq: 0 }, 100)).length, 12);
      },
      { maxQueued: 10, flushIntervalMs: 20 },
    );

    it(
      'lag() reports queued Changes and the age of the oldest',
      async (store, s) => {
        s.quote(key(), 1.9, 1);
        store.append(s.changes);
        assert.equal(store.lag().queued, 1);
        assert.ok(store.lag().oldestMs >= 0);
        await store.waitDurable(1);
        assert.deepEqual(store.lag(), { queued: 0, oldestMs: 0 });
      },
      { flushIntervalMs: 50 },
    );

    it(
      'a failing write is retried with its batch kept: room() is 0 and health() says why, until it heals',
      async (store, s, target) => {
        s.quote(key(), 1.9, 1);
        await durable(store, s);
        const clear = await target.fault();
        try {
          for (let i = 0; i < 30; i++) s.quote(key({ book: `b${i}` }), 1.5 + i / 100, 10 + i);
          assert.equal(store.append(s.changes.slice(1)), true);
          let acked = false;
          const ack = store.waitDurable(s.seq).then(() => {
            acked = true;
          });
          await until(() => (store.health().attempts ?? 0) >= 2);
          const h = store.health();
          assert.equal(h.writable, false);
          assert.ok(h.error && h.error.length > 0, 'health names the error');
          assert.equal(store.room(), 0, 'nothing new may be applied while writes fail');
          assert.equal(acked, false);
          assert.equal(store.durableSeq(), 1);
          await clear();
          await ack;
        } finally {
          await clear();
        }
        assert.equal(store.health().writable, true);
        assert.ok(store.health().failuresTotal >= 2);
        assert.ok(store.room() > 0);
        assert.deepEqual(await store.changesSince({ epoch: s.epoch, seq: 0 }, 100), s.changes);
      },
      fastRetry,
    );

    test('a store not closed cleanly reopens in a new epoch past the reserve, with its book', async () => {
      const target = await makeTarget();
      try {
        const first = target.create({ maxQueued: 1_000 });
        const { epoch } = await first.open();
        const s = new Stream(epoch);
        s.event(1, 'scheduled', 1);
        s.quote(key(), 1.9, 2);
        s.quote(key({ book: 'betmgm' }), 1.7, 3);
        await durable(first, s);
        const closed = first.close();
        // Applied and then refused: this run handed out a seq it never stored.
        assert.equal(first.append([new Stream(epoch, s.seq).quote(key(), 1.1, 4)]), false);
        await closed;

        const second = target.create({ maxQueued: 5_000 });
        const state = await second.open();
        assert.notEqual(state.epoch, epoch);
        assert.deepEqual(
          { ...state, epoch: '' },
          { epoch: '', lastSeq: 3 + 1_000 + 1, base: 1_004, unclean: { epoch, lastSeq: 3 } },
        );
        const { events, quotes } = await second.current();
        assert.deepEqual(
          events.map((e) => e.id),
          [EVENT],
        );
        assert.deepEqual(
          quotes.map((q) => q.value.price?.decimal),
          [1.9, 1.7],
        );
        const next = new Stream(state.epoch, state.lastSeq);
        next.quote(key(), 2.1, 5);
        await durable(second, next);
        assert.deepEqual(
          await second.changesSince({ epoch: state.epoch, seq: state.base }, 10),
          next.changes,
        );
        assert.deepEqual(
          await second.changesSince({ epoch: state.epoch, seq: 0 }, 10),
          next.changes,
        );
        const history = await second.priceHistory({ event: EVENT, book: 'fanduel', limit: 10 });
        assert.deepEqual(
          history.map((c) => c.after.price?.decimal),
          [1.9, 2.1],
        );
        assert.deepEqual(
          (await second.openers({ event: EVENT })).map((q) => q.value.price?.decimal),
          [1.9, 1.7],
        );
        await second.close();
        // Closed cleanly this time: the epoch and its base stay.
        const third = target.create();
        assert.deepEqual(await third.open(), {
          epoch: state.epoch,
          lastSeq: state.base + 1,
          base: state.base,
        });
        await third.close();
      } finally {
        await target.dispose();
      }
    });

    test('close() gives up on a write that keeps failing, and the next open is unclean', async () => {
      const target = await makeTarget();
      try {
        const first = target.create({ ...fastRetry, closeTimeoutMs: 100, maxQueued: 1_000 });
        const { epoch } = await first.open();
        const s = new Stream(epoch);
        s.quote(key(), 1.9, 1);
        await durable(first, s);
        const clear = await target.fault();
        try {
          s.quote(key(), 1.8, 2);
          assert.equal(first.append(s.changes.slice(1)), true);
          const lost = assert.rejects(first.waitDurable(2), /still failing/);
          await assert.rejects(first.close(), /still failing/);
          await lost;
          assert.equal(first.health().writable, false);
        } finally {
          await clear();
        }
        const second = target.create();
        const state = await second.open();
        assert.deepEqual(state.unclean, { epoch, lastSeq: 1 });
        assert.equal(state.base, 1 + 1_000 + 1);
        assert.deepEqual(
          (await second.current()).quotes.map((q) => q.value.price?.decimal),
          [1.9],
        );
        await second.close();
      } finally {
        await target.dispose();
      }
    });
  });
}
