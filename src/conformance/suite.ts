// The shared conformance suite: the same checks, over real sockets against a real server, for
// every dialect. A dialect describes itself with a ConformanceAdapter; this file never looks
// inside a dialect's frames except through `adapter.read`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { compileFilter, matchesChange } from '../model/filter.js';
import type { Change, Filter } from '../model/types.js';
import { startTestApp, type TestApp } from '../testing/app.js';
import { EVENTS, eventItems, quoteItems } from '../testing/feed.js';
import { ManualScheduler } from '../timers/scheduler.js';
import type { ConformanceAdapter, ConformanceFilter, Refusal, Seen, SeenQuote } from './adapter.js';
import { sleep, TextClient } from './client.js';

const MAX_FRAME_BYTES = 8_192;
const MESSAGES_PER_SECOND = 20;

const plan = (dialects: string[], maxConnections: number) => ({
  dialects,
  maxConnections,
  clientMessagesPerSecond: MESSAGES_PER_SECOND,
});

interface Ingested {
  event: string;
  book: string;
  market: string;
}

const keyOf = (q: Ingested) => `${q.event}|${q.book}|${q.market}`;
const sportOf = (event: string) => EVENTS.find((e) => e.id === event)?.sport ?? '';

function matches(f: ConformanceFilter, q: Ingested): boolean {
  const ok = (list: string[] | undefined, v: string) => !list || list.includes(v);
  return (
    ok(f.sports, sportOf(q.event)) &&
    ok(f.events, q.event) &&
    ok(f.books, q.book) &&
    ok(f.markets, q.market)
  );
}

function toFilter(f: ConformanceFilter): Filter {
  const out: Filter = {};
  if (f.sports) out.sports = f.sports;
  if (f.events) out.events = f.events;
  if (f.books) out.books = f.books;
  if (f.markets) out.markets = f.markets;
  return out;
}

export function runConformance(a: ConformanceAdapter): void {
  describe(`conformance: ${a.dialect}`, () => {
    let t: TestApp;
    const clock = new ManualScheduler();
    const keys: Record<string, string> = {};

    before(async () => {
      t = await startTestApp(
        {
          'stream.maxFrameBytes': MAX_FRAME_BYTES,
          'auth.plans': {
            pro: plan(['*'], 50),
            capped: plan(['*'], 2),
            elsewhere: plan(['none'], 5),
          },
          ...a.config,
        },
        undefined,
        undefined,
        { scheduler: clock },
      );
      keys['capped'] = t.app.keys.create('capped').key;
      keys['elsewhere'] = t.app.keys.create('elsewhere').key;
      await t.ingest(eventItems(undefined, a.eventStatus));
    });
    after(() => t.close());

    const base = () => t.wsUrl;
    const seen = (c: TextClient): Seen[] => c.texts.map((x) => a.read(x));
    const quotesOf = (c: TextClient, snapshot?: boolean): SeenQuote[] =>
      seen(c).flatMap((s) =>
        s.kind === 'quotes' && (snapshot === undefined || s.snapshot === snapshot) ? s.quotes : [],
      );
    const controls = (c: TextClient) => seen(c).filter((s) => s.kind === 'control').length;

    /** Connects and subscribes; resolves once every opening and ack frame has arrived. */
    async function subscribe(filter: ConformanceFilter, key = t.key): Promise<TextClient> {
      const { url, headers } = a.connect(base(), key, filter);
      const c = await TextClient.connect(url, headers);
      const messages = a.subscribe(filter);
      await c.until(() => controls(c) >= a.openingFrames);
      for (const m of messages) c.send(m);
      await c.until(() => controls(c) >= a.openingFrames + messages.length);
      return c;
    }

    /** Lets batch dialects push what they gathered. */
    function push(): void {
      if (a.pushEveryMs > 0) clock.advance(a.pushEveryMs);
    }

    async function expectRefusal(
      key: string | null,
      expected: Refusal,
      filter: ConformanceFilter = {},
    ) {
      const { url, headers } = a.connect(base(), key, filter);
      const outcome = await TextClient.attempt(url, headers);
      assert.deepEqual(outcome, expected);
    }

    test('auth: a valid key connects; missing, unknown and wrong-plan keys are refused as the spec says', async () => {
      const { url, headers } = a.connect(base(), t.key, {});
      assert.deepEqual(await TextClient.attempt(url, headers), { open: true });
      await expectRefusal(null, a.refusals.missingKey);
      await expectRefusal('lc_0000_not-a-key', a.refusals.unknownKey);
      await expectRefusal(keys['elsewhere']!, a.refusals.forbiddenPlan);
    });

    test('limits: the account connection cap refuses one more, and a closed connection frees its slot', async () => {
      const key = keys['capped']!;
      const open = [await subscribe({}, key), await subscribe({}, key)];
      await expectRefusal(key, a.refusals.overConnectionCap);
      await open[0]!.close();
      await sleep(50);
      const again = await subscribe({}, key);
      await Promise.all([again.close(), open[1]!.close()]);
    });

    test('filters: each client gets exactly the Changes that match its filter, in order', async () => {
      const dims = a.filterBy;
      const filters: ConformanceFilter[] = [
        { sports: ['basketball'] },
        { books: ['pinnacle'] },
        { events: ['nfl-1'], markets: ['moneyline'] },
        { sports: ['football', 'hockey'], books: ['draftkings', 'fanduel'] },
        { sports: ['football', 'hockey'] },
      ].filter(
        (f) => !dims || Object.keys(f).every((k) => dims.includes(k as keyof ConformanceFilter)),
      );
      const inScope = (q: Ingested) => !a.scope || matches(a.scope, q);
      const clients = await Promise.all(filters.map((f) => subscribe(f)));
      const from = t.app.state.position();
      const items = quoteItems(240, 7, 72) as Ingested[];
      await t.ingest(items);
      push();
      const changes = (await t.app.history.changesSince(from, 10_000)).filter(
        (c): c is Extract<Change, { kind: 'quote' }> => c.kind === 'quote',
      );
      for (const [i, f] of filters.entries()) {
        const c = clients[i]!;
        const expected = new Set(items.filter((q) => matches(f, q) && inScope(q)).map(keyOf));
        assert.ok(expected.size > 0, 'the feed covers every filter');
        await c.until(() => {
          const got = new Set(quotesOf(c, false).map(keyOf));
          return [...expected].every((k) => got.has(k));
        });
        await sleep(100);
        const got = quotesOf(c, false);
        // Batch dialects push whole games, so quotes set earlier may ride along; all must match.
        const stray = got.filter((q) => !matches(f, q));
        assert.deepEqual(stray, [], `filter ${JSON.stringify(f)} let through other quotes`);
        const seqs = got.flatMap((q) => (q.seq === undefined ? [] : [q.seq]));
        if (seqs.length > 0) {
          // Dialects that number their records: exactly the matching Changes, no gap, no duplicate.
          const compiled = compileFilter(toFilter(f));
          const want = changes.filter((ch) => matchesChange(compiled, ch)).map((ch) => ch.seq);
          assert.deepEqual(seqs, want);
        }
      }
      await Promise.all(clients.map((c) => c.close()));
    });

    test(
      a.snapshotFirst
        ? 'snapshot then delta: the image of current state arrives whole before any live Change'
        : 'no image: a subscription sends nothing until something changes',
      async () => {
        const c = await subscribe({ sports: ['hockey'] });
        const state = t.app.state
          .snapshot(compileFilter({ sports: ['hockey'] }))
          .quotes.map((q) => keyOf(q.key));
        if (a.snapshotFirst) {
          await c.until(() => new Set(quotesOf(c, true).map(keyOf)).size === new Set(state).size);
        } else {
          push();
          await sleep(200);
          assert.deepEqual(quotesOf(c), []);
        }
        const imageFrames = seen(c).length;
        await t.ingest(
          quoteItems(8, 99, 8).filter((q) => sportOf((q as Ingested).event) === 'hockey'),
        );
        push();
        await c.until(() => quotesOf(c, false).length > 0);
        const order = seen(c).map((s) => (s.kind === 'quotes' ? s.snapshot : null));
        const lastImage = order.lastIndexOf(true);
        const firstLive = order.indexOf(false);
        assert.ok(firstLive >= imageFrames - 1 && lastImage < firstLive);
        await c.close();
      },
    );

    test('heartbeat: sent at the dialect interval on the clock, and only then', async () => {
      const c = await subscribe({ events: ['nba-2'] });
      const beats = () => seen(c).filter((s) => s.kind === 'heartbeat').length;
      const interval = a.heartbeatMs ?? 60_000;
      clock.advance(interval - 1);
      await sleep(150);
      assert.equal(beats(), 0);
      clock.advance(1);
      if (a.heartbeatMs === null) {
        await sleep(150);
        assert.equal(beats(), 0, 'this dialect sends no heartbeat frames');
      } else {
        await c.until(() => beats() === 1);
        clock.advance(a.heartbeatMs * 2);
        await c.until(() => beats() === 3);
      }
      await c.close();
    });

    test('bad input: each bad frame gets the spec answer; the server and other clients carry on', async () => {
      const bystander = await subscribe({});
      for (const bad of a.badFrames) {
        const c = await subscribe({ events: ['nba-1'] });
        const before = c.texts.length;
        c.send(bad.data);
        if ('close' in bad.expect) {
          assert.equal(await c.closed, bad.expect.close, bad.name);
          continue;
        }
        if ('ignored' in bad.expect) {
          await sleep(100);
          assert.equal(c.texts.length, before, `${bad.name}: no reply`);
          assert.ok(c.isOpen(), `${bad.name}: the connection stays open`);
          await c.close();
          continue;
        }
        await c.until(() =>
          seen(c)
            .slice(before)
            .some((s) => s.kind === 'error'),
        );
        await sleep(50);
        assert.ok(c.isOpen(), `${bad.name}: the connection stays open`);
        await c.close();
      }

      const huge = await subscribe({ events: ['nba-1'] });
      huge.send('x'.repeat(MAX_FRAME_BYTES + 1));
      assert.equal(await huge.closed, 1009, 'a frame over the limit closes with 1009');

      const flood = await subscribe({ events: ['nba-1'] });
      for (let i = 0; i < MESSAGES_PER_SECOND * 5; i++) flood.send(a.subscribe({})[0] ?? '{}');
      assert.equal(await flood.closed, 4029, 'a client over its message rate is closed with 4029');

      const before = quotesOf(bystander, false).length;
      await t.ingest(quoteItems(4, 123, 4));
      push();
      await bystander.until(() => quotesOf(bystander, false).length > before);
      assert.ok(bystander.isOpen());
      await bystander.close();
    });
  });
}
