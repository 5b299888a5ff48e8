// Spec §6 check 22, the vendor's slow-reader policy: a client that stops reading keeps its
// connection; past its socket budget at most `maxMessages` (1024) frames wait for it and older
// ones are dropped; the publisher and other clients never wait for it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sleep, TextClient } from '../../conformance/client.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { eventItems, quoteItems } from '../../testing/feed.js';

let t: TestApp;
before(async () => {
  t = await startTestApp({
    // A stalled reader answers no ping: on a loaded machine the test may outlast two rounds of a
    // shorter interval, and liveness (tested elsewhere) would cut it.
    'stream.pingMs': 300_000,
  });
  await t.ingest(eventItems());
});
after(() => t.close());

const ids = (c: TextClient) =>
  c.texts
    .map((x) => JSON.parse(x) as { meta: { type: string }; data: { id: number } })
    .filter((f) => f.meta.type === 'market_price')
    .map((f) => f.data.id);

/** Counts market_price frames only: a heartbeat comes every 15 s, which a loaded run outlasts. */
const prices = (c: TextClient) =>
  c.texts.reduce((n, x) => (x.includes('"type":"market_price"') ? n + 1 : n), 0);

test('22: a stalled reader stays connected, holds at most 1024 queued frames, and never slows the publisher', async () => {
  const url = `${t.wsUrl}/api/v2/ws/markets?key=${t.key}`;
  const slow = await TextClient.connect(url);
  const bystander = await TextClient.connect(url);
  const socket = (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  socket.pause();
  const droppedBefore = t.app.hub.overflow.dropped;
  const from = t.app.state.position().seq;

  // The kernel takes ~4.3 MB (~10,000 frames) off a stalled socket before Linecast holds any.
  const total = 20_000;
  let maxHeld = 0;
  for (let i = 0; i < total / 1_000; i++) {
    const r = await t.ingest(quoteItems(1_000, 100 + i));
    assert.equal(r.status, 200);
    // The bystander keeps up; the publisher does not wait for the stalled reader.
    const sent = t.app.state.position().seq - from;
    await bystander.until(() => prices(bystander) === sent, 60_000);
    // With the bystander caught up, what the hub holds is the stalled reader's.
    maxHeld = Math.max(maxHeld, t.app.hub.heldBytes());
  }
  const published = t.app.state.position().seq - from;
  assert.ok(published > 19_000, `${published} changes`);
  // The publisher kept going: the bystander got every change while the slow reader read nothing.
  await bystander.until(() => prices(bystander) === published, 60_000);
  const dropped = t.app.hub.overflow.dropped - droppedBefore;
  assert.ok(dropped > 0, 'frames were dropped for the stalled reader');
  // The stalled session holds its socket budget plus at most 1024 frames (~500 bytes each).
  assert.ok(maxHeld <= 65_536 + 1_024 * 600, `held ${maxHeld} bytes`);
  assert.ok(slow.isOpen(), 'a slow reader is not disconnected');

  socket.resume();
  await slow.until(() => prices(slow) === published - dropped, 60_000);
  await sleep(200);
  const got = ids(slow);
  assert.equal(got.length, published - dropped, 'every frame not dropped arrives, once');
  assert.deepEqual(
    got,
    [...got].sort((a, b) => a - b),
    'in order',
  );
  assert.equal(got.at(-1), from + published, 'the newest frames are the ones kept');
  // The oldest were dropped: what arrived is a head (accepted before the stall) and a tail of ≤ 1024.
  const gapAt = got.findIndex((id, i) => i > 0 && id !== got[i - 1]! + 1);
  assert.ok(gapAt > 0, 'one gap where the dropped frames were');
  assert.ok(got.length - gapAt <= 1_024, `${got.length - gapAt} frames after the gap`);

  // Then live frames flow again.
  await t.ingest(quoteItems(10, 999, 10));
  await slow.until(() => prices(slow) === got.length + 10);
  await Promise.all([slow.close(), bystander.close()]);
});
