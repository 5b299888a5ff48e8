// The streaming core end to end: real server, real ingest over HTTP, real WebSocket clients.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { compileFilter, matchesChange } from '../model/filter.js';
import type { Filter, Position } from '../model/types.js';
import { startTestApp, type TestApp } from '../testing/app.js';
import { BOOKS, eventItems, MARKETS, quoteItems, SPORTS } from '../testing/feed.js';
import { NativeClient } from '../testing/native-client.js';

let t: TestApp;
before(async () => {
  t = await startTestApp({
    'state.windowSize': 2_000,
    // The stalled reader below answers no ping; a loaded run may outlast two shorter rounds.
    'stream.pingMs': 300_000,
    'auth.plans': { pro: { dialects: ['*'], maxConnections: 5_000 } },
  });
  assert.equal((await t.ingest(eventItems())).status, 200);
});
after(() => t.close());

async function ingestAll(items: unknown[], batch = 1_000): Promise<void> {
  for (let i = 0; i < items.length; i += batch) {
    const r = await t.ingest(items.slice(i, i + batch));
    assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 300));
  }
}

/** Seqs after `from` that a filter matches, from the server's own Change window. */
function expected(filter: Filter, from: Position): number[] {
  const head = t.app.state.position();
  const changes = t.app.state.window.since(from, head.epoch, head.seq);
  assert.ok(changes, 'window must hold the range under test');
  const f = compileFilter(filter);
  return changes.filter((c) => matchesChange(f, c)).map((c) => c.seq);
}

async function subscribe(
  filter: Filter,
  extra: Record<string, unknown> = {},
): Promise<NativeClient> {
  const c = await NativeClient.connect(`${t.wsUrl}/v1/stream?key=${t.key}`);
  c.send({ type: 'subscribe', id: 's', filter, snapshot: false, ...extra });
  await c.until(() => c.of('subscribed').length === 1 || c.of('error').length > 0);
  return c;
}

test('1,000 clients with varied filters each get exactly their Changes, in order, once', async () => {
  const filters: Filter[] = [];
  for (let i = 0; i < 1_000; i++) {
    const k = i % 6;
    if (k === 0) filters.push({});
    else if (k === 1) filters.push({ sports: [SPORTS[i % 3]!] });
    else if (k === 2) filters.push({ books: [BOOKS[i % 3]!] });
    else if (k === 3) filters.push({ sports: [SPORTS[i % 3]!], markets: [MARKETS[(i >> 1) % 3]!] });
    else if (k === 4) filters.push({ events: ['nba-1', 'nhl-1'] });
    else filters.push({ leagues: ['nfl'], books: ['pinnacle', 'fanduel'] });
  }
  const clients: NativeClient[] = [];
  for (let i = 0; i < filters.length; i += 100) {
    clients.push(...(await Promise.all(filters.slice(i, i + 100).map((f) => subscribe(f)))));
  }
  const from = clients[0]!.of('subscribed')[0]!['position'] as Position;
  await ingestAll(quoteItems(1_500, 7));
  const head = t.app.state.position().seq;
  await Promise.all(
    clients.map((c, i) => {
      const want = expected(filters[i]!, from);
      return c
        .until(() => c.seqs().length >= want.length, 20_000)
        .then(() => {
          assert.deepEqual(c.seqs(), want, `client ${i} filter ${JSON.stringify(filters[i])}`);
        });
    }),
  );
  assert.ok(head > from.seq + 1_000);
  await Promise.all(clients.map((c) => c.close()));
});

test('a client that went away resumes with exactly what it missed (from memory)', async () => {
  const c = await subscribe({ sports: ['basketball'] });
  await ingestAll(quoteItems(200, 11));
  await c.until(() => c.seqs().length > 0);
  const last = c.seqs().at(-1)!;
  const pos = { epoch: t.app.state.position().epoch, seq: last };
  await c.close();
  await ingestAll(quoteItems(1_000, 12));
  const r = await subscribe({ sports: ['basketball'] }, { from: pos });
  const sub = r.of('subscribed')[0]!;
  assert.equal(sub['mode'], 'resumed');
  assert.equal(sub['recovered'], true);
  const want = expected({ sports: ['basketball'] }, pos);
  await r.until(() => r.seqs().length >= want.length);
  assert.deepEqual(r.seqs(), want);
  await r.close();
});

test('beyond the window a resume is served from history, still exact', async () => {
  const c = await subscribe({ books: ['pinnacle'] });
  const pos = c.of('subscribed')[0]!['position'] as Position;
  await c.close();
  const items = quoteItems(10_000, 13);
  await ingestAll(items, 2_000);
  const head = t.app.state.position();
  assert.equal(
    t.app.state.window.since(pos, head.epoch, head.seq),
    null,
    'window no longer holds it',
  );
  const r = await subscribe({ books: ['pinnacle'] }, { from: pos });
  const sub = r.of('subscribed')[0]!;
  assert.equal(sub['mode'], 'resumed');
  assert.equal(sub['recovered'], true);
  // The expected list comes from history itself, independent of the hub's path.
  const all = await t.app.history.changesSince(pos, 100_000);
  const f = compileFilter({ books: ['pinnacle'] });
  const want = all.filter((x) => matchesChange(f, x)).map((x) => x.seq);
  assert.ok(want.length > 1_000);
  await r.until(() => r.seqs().length >= want.length, 20_000);
  assert.deepEqual(r.seqs(), want);
  await r.close();
});

test('a resume nobody can honour gets a fresh snapshot flagged recovered: false', async () => {
  const r = await subscribe({ sports: ['hockey'] }, { from: { epoch: 'gone', seq: 5 } });
  const sub = r.of('subscribed')[0]!;
  assert.equal(sub['mode'], 'snapshot');
  assert.equal(sub['recovered'], false);
  await r.until(() => r.of('snapshot').length > 0);
  const quotes = r.of('snapshot').flatMap((s) => s['quotes'] as { key: { event: string } }[]);
  assert.ok(quotes.length > 0);
  assert.ok(quotes.every((q) => q.key.event === 'nhl-1'));
  await r.close();
});

test('a reader that stops reading costs bounded memory and converges to the exact state', async () => {
  const c = await subscribe({});
  const socket = (c.ws as unknown as { _socket: import('node:net').Socket })._socket;
  socket.pause();
  const keys = 72; // the feed's distinct (event, book, market, side) combinations
  for (let i = 0; i < 20; i++) await ingestAll(quoteItems(5_000, 100 + i, keys), 5_000);
  const held = t.app.hub.heldBytes();
  // 72 keys of ~300-byte frames beside what the socket holds: far below 100,000 frames.
  assert.ok(held < 200 * 1024, `held ${held} bytes`);
  assert.ok(t.app.hub.overflow.conflated > 0, 'superseded frames are counted');
  socket.resume();
  const snap = t.app.state.snapshot(compileFilter({}));
  const finalSeq = snap.position.seq;
  await c.until(() => c.seqs().at(-1) === finalSeq, 120_000);
  const seen = new Map<string, unknown>();
  for (const f of c.of('quote')) seen.set(JSON.stringify(f['key']), f['value']);
  for (const q of snap.quotes) {
    const got = seen.get(JSON.stringify(q.key));
    if (got !== undefined) assert.deepEqual(got, q.value);
  }
  assert.ok(seen.size >= keys, `saw ${seen.size} keys`);
  await c.close();
});
