// Ingest worker threads: what comes back equals parsing on this thread, garbage never takes a
// thread down, a thread that dies is logged and replaced and its batches answered, and a
// feeder's batches apply in arrival order even when threads finish out of order.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, test } from 'node:test';
import { pino } from 'pino';
import { WebSocket } from 'ws';
import { defaultCatalogDir, loadCatalog } from '../../catalog/load.js';
import { LinecastError } from '../../errors/catalogue.js';
import { startTestApp } from '../../testing/app.js';
import { eventItems, quoteItems } from '../../testing/feed.js';
import { type Framing, prepare, prepareContext } from './prepare.js';
import { IngestWorkers } from './workers.js';

const catalog = loadCatalog(defaultCatalogDir());
const limits = { maxBatchItems: 50, maxFutureMs: 60_000, maxJsonDepth: 16 };
const NOW = Date.UTC(2030, 0, 1);

/** A logger whose error lines the test can read. */
function capturedLog() {
  const lines: { msg: string; code?: number }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { log: pino({ level: 'error' }, sink), lines };
}

async function until(pred: () => boolean): Promise<void> {
  while (!pred()) await new Promise((r) => setTimeout(r, 10));
}

const quote = (over: Record<string, unknown> = {}) => ({
  type: 'quote',
  event: 'nba-1',
  market: 'moneyline',
  book: 'draftkings',
  selection: 'home',
  price: { american: -110 },
  ...over,
});

const GARBAGE: [string, Buffer, Framing][] = [
  ['valid batch', Buffer.from(JSON.stringify(quoteItems(20, 4))), { kind: 'body', ndjson: false }],
  ['not JSON', Buffer.from('{"type":'), { kind: 'body', ndjson: false }],
  ['invalid UTF-8', Buffer.from([0x5b, 0xff, 0xfe, 0xc3, 0x28, 0x5d]), { kind: 'message' }],
  ['a BOM', Buffer.from(`\uFEFF${JSON.stringify([quote()])}`), { kind: 'body', ndjson: false }],
  ['100,000 deep', Buffer.from('['.repeat(100_000)), { kind: 'message' }],
  ['too many items', Buffer.from(JSON.stringify(quoteItems(51, 2))), { kind: 'message' }],
  ['object id', Buffer.from(JSON.stringify({ id: { a: 1 }, items: [] })), { kind: 'message' }],
  [
    'NDJSON with bad lines',
    Buffer.from(
      `${JSON.stringify(quote())}\n{x\n${'['.repeat(40)}\n${JSON.stringify(quote({ book: 'zz' }))}`,
    ),
    { kind: 'body', ndjson: true },
  ],
  [
    'huge numbers',
    Buffer.from(`[{"type":"quote","line":1e999,"price":{"decimal":-0}}]`),
    { kind: 'message' },
  ],
  [
    'random bytes',
    Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
    { kind: 'message' },
  ],
];

test('a thread answers every batch exactly as parsing here would, and garbage never ends it', async () => {
  const { log, lines } = capturedLog();
  const workers = new IngestWorkers(1, { catalog, limits }, log);
  after(() => workers.close());
  const here = prepareContext(catalog, limits);
  const [thread] = workers.threads;
  for (const [name, bytes, framing] of GARBAGE) {
    const expected = prepare(bytes, framing, NOW, here);
    assert.deepEqual(await workers.prepare(bytes, framing, NOW), expected, name);
  }
  assert.deepEqual(workers.threads, [thread], 'the same thread answered everything');
  assert.deepEqual(lines, []);
});

test('bytes are handed over without a copy when they own their buffer, copied when shared', async () => {
  const workers = new IngestWorkers(1, { catalog, limits }, pino({ level: 'silent' }));
  after(() => workers.close());
  const text = JSON.stringify(quoteItems(30, 5));
  const owned = Buffer.alloc(Buffer.byteLength(text), text);
  const pooled = Buffer.from('[]'); // a slice of Node's shared pool: must not be detached
  const before = pooled.toString();
  const [a, b] = await Promise.all([
    workers.prepare(owned, { kind: 'message' }, NOW),
    workers.prepare(pooled, { kind: 'message' }, NOW),
  ]);
  assert.equal(a.ok && a.items?.length, 30);
  assert.equal(b.ok && b.items?.length, 0);
  assert.equal(owned.byteLength, 0, 'the owned buffer was transferred');
  assert.equal(pooled.toString(), before, 'the pooled buffer is untouched');
});

test('a thread that dies is logged and restarted; the batches it held are refused, coded', async () => {
  const { log, lines } = capturedLog();
  const workers = new IngestWorkers(1, { catalog, limits }, log);
  after(() => workers.close());
  const body = Buffer.from(JSON.stringify(quoteItems(10, 6)));
  assert.ok((await workers.prepare(Buffer.from(body), { kind: 'message' }, NOW)).ok);
  const [thread] = workers.threads;
  // Ended before it can read them: these batches are held by a thread that is going away.
  void thread!.terminate();
  const held = [1, 2, 3].map(() => workers.prepare(Buffer.from(body), { kind: 'message' }, NOW));
  for (const p of held) {
    await assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof LinecastError);
      assert.equal(e.code, 'LC_ERR_INGEST_WORKER_FAILED');
      assert.equal(e.status, 503);
      return true;
    });
  }
  assert.ok(lines.some((l) => l.msg === 'ingest worker exited; restarting'));
  await until(() => workers.threads.length === 1);
  assert.notEqual(workers.threads[0], thread);
  const again = await workers.prepare(Buffer.from(body), { kind: 'message' }, NOW);
  assert.ok(again.ok && again.items?.length === 10);
});

test('after close, a batch is refused as at shutdown', async () => {
  const workers = new IngestWorkers(1, { catalog, limits }, pino({ level: 'silent' }));
  await workers.close();
  await assert.rejects(workers.prepare(Buffer.from('[]'), { kind: 'message' }, NOW), {
    code: 'LC_ERR_SERVER_SHUTDOWN',
  });
});

test('with two threads, a feeder’s batches apply and are acknowledged in arrival order', async () => {
  const t = await startTestApp({ 'ingest.workers': 2 });
  after(() => t.close());
  assert.equal((await t.ingest(eventItems())).status, 200);
  const ws = new WebSocket(`${t.wsUrl}/v1/ingest/ws`, {
    headers: { authorization: `Bearer ${t.app.ingestToken}` },
  });
  const acks: { type: string; id: unknown }[] = [];
  ws.on('message', (d) => acks.push(JSON.parse(d.toString())));
  await new Promise((r) => ws.once('open', r));
  const rounds = 20;
  for (let i = 0; i < rounds; i++) {
    // A big batch, then a one-item batch that one thread can finish before the other: the
    // small one must still apply last, so its price is the one that stays.
    const big = quoteItems(2_000, 100 + i, 48).concat(quote({ price: { american: 100 + i } }));
    ws.send(JSON.stringify({ id: `big-${i}`, items: big }));
    ws.send(JSON.stringify({ id: `small-${i}`, items: [quote({ price: { american: 300 + i } })] }));
  }
  await until(() => acks.length === 2 * rounds);
  ws.close();
  assert.deepEqual(
    acks.map((a) => `${a.type}:${a.id}`),
    Array.from({ length: rounds }, (_, i) => [`ack:big-${i}`, `ack:small-${i}`]).flat(),
  );
  const snap = (await (
    await fetch(`${t.url}/v1/snapshot?event=nba-1&market=moneyline`)
  ).json()) as {
    quotes: { key: { book: string; selection: string }; value: { price: { american: number } } }[];
  };
  const q = snap.quotes.find((x) => x.key.book === 'draftkings' && x.key.selection === 'home');
  assert.equal(q?.value.price.american, 300 + rounds - 1);
});

test('a feeder past ingest.maxFeederBytes is no longer read until acks catch up, not refused', async () => {
  // Without the pause, 40 messages sent at once would pass 4 unacknowledged batches and close.
  const t = await startTestApp({
    'ingest.maxFeederBytes': 64 * 1024,
    'ingest.maxPendingBatches': 4,
  });
  after(() => t.close());
  assert.equal((await t.ingest(eventItems())).status, 200);
  const ws = new WebSocket(`${t.wsUrl}/v1/ingest/ws`, {
    headers: { authorization: `Bearer ${t.app.ingestToken}` },
  });
  const acks: { type: string; accepted?: number }[] = [];
  let closed: number | undefined;
  ws.on('message', (d) => acks.push(JSON.parse(d.toString())));
  ws.on('close', (code) => {
    closed = code;
  });
  await new Promise((r) => ws.once('open', r));
  const batch = JSON.stringify(quoteItems(360, 7));
  assert.ok(batch.length > 40 * 1024 && batch.length < 60 * 1024, `${batch.length} bytes`);
  for (let i = 0; i < 40; i++) ws.send(batch);
  await until(() => acks.length === 40 || closed !== undefined);
  assert.equal(closed, undefined);
  assert.ok(acks.every((a) => a.type === 'ack' && a.accepted === 360));
  ws.close();
});
