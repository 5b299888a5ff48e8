// Every byte held for a peer is bounded, whatever the frame kind and transport (issue 14 item 5):
// a WebSocket client that never reads but keeps asking for snapshots is closed as slow, and an
// SSE reader that stops reading is cut like a WebSocket peer that stops answering pings.
import assert from 'node:assert/strict';
import { get, type IncomingMessage } from 'node:http';
import { after, before, test } from 'node:test';
import { TextClient } from '../conformance/client.js';
import { startTestApp, type TestApp } from '../testing/app.js';
import { eventItems, quoteItems } from '../testing/feed.js';

const CAP = 256 * 1024;
let t: TestApp;

before(async () => {
  t = await startTestApp({ 'stream.maxPeerBytes': CAP, 'stream.pingMs': 1_000 });
  await t.ingest(eventItems());
  for (let i = 0; i < 4; i++) await t.ingest(quoteItems(1_000, 10 + i, 1_000));
});
after(() => t.close());

async function until(pred: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600 && !pred(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(pred(), what);
}

test('a client that never reads but keeps asking for snapshots is closed as slow, memory bounded', async () => {
  const c = await TextClient.connect(`${t.wsUrl}/v1/stream?key=${t.key}`);
  const socket = (c.ws as unknown as { _socket: { pause(): void } })._socket;
  socket.pause();
  let maxHeld = 0;
  let code: number | null = null;
  void c.closed.then((x) => {
    code = x;
  });
  for (let i = 0; i < 40 && code === null && t.app.hub.connectionCount > 0; i++) {
    c.send(JSON.stringify({ type: 'subscribe', id: `s${i}`, filter: {}, snapshot: true }));
    await new Promise((r) => setTimeout(r, 60));
    maxHeld = Math.max(maxHeld, t.app.hub.heldBytes());
  }
  await until(() => t.app.hub.connectionCount === 0, 'the slow client was closed');
  // One image may be queued whole past the cap; nothing after it.
  const snapshotBytes = JSON.stringify(t.app.state.position()).length + 1_000 * 400;
  assert.ok(maxHeld <= CAP + 2 * snapshotBytes, `held ${maxHeld} bytes with a ${CAP}-byte cap`);
});

test('an SSE reader that stops reading is cut (as slow or unresponsive) and its slot released', async () => {
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    get(`${t.url}/v1/sse?key=${t.key}&snapshot=true`, resolve).on('error', reject);
  });
  assert.equal(res.statusCode, 200);
  res.pause();
  await until(() => t.app.hub.connectionCount === 1, 'the SSE stream is attached');
  // Keep the stream busy until the kernel's buffers are full and unread bytes pile up at the
  // server while the reader sleeps (loopback buffers several MB).
  for (let i = 0; i < 60 && t.app.hub.connectionCount > 0; i++) {
    await t.ingest(quoteItems(1_000, 50 + i, 1_000));
    await new Promise((r) => setTimeout(r, 100));
  }
  await until(() => t.app.hub.connectionCount === 0, 'the stalled SSE reader was ended');
  res.destroy();
});
