// The SDK against the real server (startApp, SQLite history in a tmp dir): images, deltas, and a
// server killed and restarted mid-stream, over `ws`, Node's built-in WebSocket and SSE.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { WebSocket } from 'ws';
import { quoteKeyString } from '../../src/protocol/index.js';
import { startTestApp, type TestApp } from '../../src/testing/app.js';
import { eventItems, quoteItems } from '../../src/testing/feed.js';
import { type Client, type ConnectOptions, connect } from '../src/client.js';
import type { Subscription } from '../src/subscription.js';
import { Collected, transitions } from './collect.js';
import { TestEventSource } from './event-source.js';

const cleanup: (() => unknown)[] = [];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

async function app(dataDir?: string, port = 0): Promise<TestApp> {
  const a = await startTestApp({ port }, dataDir);
  cleanup.push(() => a.close().catch(() => undefined));
  return a;
}

function client(url: string, opts: ConnectOptions): Client {
  const c = connect(url, { random: () => 0.1, backoff: { baseMs: 50, maxMs: 500 }, ...opts });
  cleanup.push(() => c.close());
  return c;
}

/** The server's book for a filter, as `key -> decimal|status`, and the client's. */
async function serverBook(a: TestApp, query = ''): Promise<Map<string, string>> {
  const res = await fetch(`${a.url}/v1/snapshot?${query}`);
  const body = (await res.json()) as { quotes: { key: never; value: never }[] };
  return bookMap(body.quotes);
}

function bookMap(
  quotes: {
    key: Parameters<typeof quoteKeyString>[0];
    value: { price: { decimal: number } | null; status: string };
  }[],
): Map<string, string> {
  return new Map(
    quotes.map((q) => [quoteKeyString(q.key), `${q.value.price?.decimal}|${q.value.status}`]),
  );
}

async function caughtUp(a: TestApp, sub: Subscription, got: Collected): Promise<void> {
  const head = a.app.state.position();
  await got.until(() => sub.position?.epoch === head.epoch && sub.position.seq >= head.seq);
}

/** Seqs are contiguous: every Change arrives (the filter matches all), none twice. */
function assertNoGapNoDuplicate(got: Collected, from: number): void {
  const seqs = got.seqs();
  assert.deepEqual(
    seqs,
    seqs.map((_, i) => from + 1 + i),
  );
}

async function restartMidStream(opts: ConnectOptions, label: string): Promise<void> {
  let a = await app();
  const port = Number(new URL(a.url).port);
  await a.ingest(eventItems());
  await a.ingest(quoteItems(60, 1, 40));
  const c = client(a.url, { key: a.key, ...opts });
  const states = transitions(c);
  const sub = c.subscribe({});
  const got = new Collected(sub);
  await sub.ready();
  await got.until((x) => x.messages.length > 0);
  const image = got.messages[0];
  assert.ok(image?.type === 'image', label);
  const start = image.position.seq;
  assert.equal(image.quotes.length, 40);

  await a.ingest(quoteItems(30, 2, 40));
  await caughtUp(a, sub, got);
  const dir = a.dataDir;
  await a.close({ keepData: true });
  a = await app(dir, port);
  await c.when('connected');
  await a.ingest(quoteItems(30, 3, 40));
  await caughtUp(a, sub, got);

  assert.deepEqual(sub.book.quotes().length, 40);
  assert.deepEqual(bookMap(sub.book.quotes()), await serverBook(a), `${label}: books equal`);
  assertNoGapNoDuplicate(got, start);
  assert.equal(got.seqs().length, 60);
  assert.equal(got.messages.filter((m) => m.type === 'image').length, 1, 'resumed, not resynced');
  assert.ok(
    states.log.includes('disconnected:server_shutdown') ||
      states.log.includes('disconnected:transport_closed'),
    states.log.join(' '),
  );
  assert.equal(states.log.at(-1), 'connected:welcome');
}

test('ws: killed and restarted mid-stream, the book equals the server, no gap, no duplicate', async () => {
  await restartMidStream({ WebSocket, transport: 'websocket' }, 'ws');
});

test('SSE: killed and restarted mid-stream, resumed by position like the WebSocket', async () => {
  await restartMidStream({ EventSource: TestEventSource, transport: 'sse' }, 'sse');
});

test('auto: a WebSocket that cannot connect falls back to SSE', async () => {
  const a = await app();
  await a.ingest(eventItems());
  await a.ingest(quoteItems(10, 1, 10));
  // A WebSocket class that always fails to connect, as a proxy that blocks upgrades would.
  class Blocked {
    onopen: (() => void) | null = null;
    onclose: ((ev: { code: number; reason: string }) => void) | null = null;
    onmessage = null;
    onerror = null;
    constructor() {
      setTimeout(() => this.onclose?.({ code: 1006, reason: '' }), 1);
    }
    send(): void {}
    close(): void {}
  }
  const c = client(a.url, { key: a.key, WebSocket: Blocked, EventSource: TestEventSource });
  const states = transitions(c);
  const sub = c.subscribe({ books: ['pinnacle'] });
  await sub.ready();
  assert.equal(c.transportKind, 'sse');
  assert.deepEqual(states.log.slice(0, 3), [
    'disconnected:connect_failed',
    'connecting:reconnect',
    'connected:welcome',
  ]);
  assert.deepEqual(bookMap(sub.book.quotes()), await serverBook(a, 'book=pinnacle'));
  assert.ok(sub.book.size > 0);
});

test('another epoch after a restart (history reset): recovered false and a fresh image', async () => {
  let a = await app();
  const port = Number(new URL(a.url).port);
  await a.ingest(eventItems());
  await a.ingest(quoteItems(20, 1, 20));
  const c = client(a.url, { key: a.key, WebSocket });
  const sub = c.subscribe({ leagues: ['nba'] });
  const got = new Collected(sub);
  await sub.ready();
  await a.close();
  a = await app(undefined, port);
  await a.ingest(eventItems());
  await a.ingest(quoteItems(8, 5, 8));
  // The demo key differs in the new data dir: the old key is refused until the client uses it.
  const c2 = client(a.url, { key: a.key, WebSocket });
  const sub2 = c2.subscribe({ leagues: ['nba'] }, { from: sub.position! });
  const got2 = new Collected(sub2);
  await got2.until((x) => x.messages.length > 0);
  const image = got2.messages[0]!;
  assert.ok(image.type === 'image');
  assert.deepEqual([image.cause, image.recovered], ['resync', false]);
  assert.equal(image.position.epoch, a.app.state.position().epoch);
  assert.notEqual(image.position.epoch, got.messages[0]?.position.epoch);
  assert.deepEqual(bookMap(sub2.book.quotes()), await serverBook(a, 'league=nba'));
});

test("Node's built-in WebSocket (node --experimental-websocket) reads the same image", async () => {
  const a = await app();
  await a.ingest(eventItems());
  await a.ingest(quoteItems(12, 1, 12));
  const run = promisify(execFile);
  const { stdout } = await run(
    process.execPath,
    ['--experimental-websocket', '--no-warnings', '--import', 'tsx', 'sdk/test/builtin-ws.ts'],
    { env: { ...process.env, URL: a.url, KEY: a.key } },
  );
  const out = JSON.parse(stdout) as { quotes: number; transport: string; seq: number };
  assert.deepEqual(out, {
    quotes: 12,
    transport: 'websocket',
    seq: a.app.state.position().seq,
  });
});
