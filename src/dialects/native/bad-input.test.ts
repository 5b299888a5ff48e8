// Garbage, binary, oversized frames, unknown commands, subscribe storms: a coded answer or
// close for the offender, and every other client unaffected.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { eventItems, quoteItems } from '../../testing/feed.js';
import { NativeClient } from '../../testing/native-client.js';

let t: TestApp;
before(async () => {
  t = await startTestApp({
    'stream.maxFrameBytes': 4_096,
    'stream.maxSubscriptionsPerConnection': 5,
    'stream.clientMessagesPerSecond': 20,
    'auth.plans': {
      pro: { dialects: ['*'], maxConnections: 3 },
      free: { dialects: ['native'], maxConnections: 1 },
    },
  });
  await t.ingest(eventItems());
});
after(() => t.close());

const url = () => `${t.wsUrl}/v1/stream?key=${t.key}`;

function closed(c: NativeClient): Promise<number> {
  return new Promise((resolve) => c.ws.once('close', (code) => resolve(code)));
}

test('bad frames are answered with coded errors and the connection stays usable', async () => {
  const c = await NativeClient.connect(url());
  c.send('garbage');
  c.ws.send('not json either');
  c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
  c.send({ type: 'teleport' });
  c.send({ type: 'unsubscribe', id: 'nope' });
  c.send({ type: 'subscribe', id: 'bad id with spaces' });
  c.send({ type: 'subscribe', id: 'a', conflateMs: 500_000 });
  c.send({ type: 'ping', id: 'still-alive' });
  await c.until(() => c.of('pong').length === 1);
  const codes = c.of('error').map((e) => e['code']);
  assert.deepEqual(codes, [
    'LC_ERR_PROTOCOL_BAD_FRAME',
    'LC_ERR_PROTOCOL_BAD_FRAME',
    'LC_ERR_PROTOCOL_BINARY',
    'LC_ERR_PROTOCOL_UNKNOWN_COMMAND',
    'LC_ERR_PROTOCOL_UNKNOWN_ID',
    'LC_ERR_PROTOCOL_BAD_FILTER',
    'LC_ERR_PROTOCOL_BAD_FILTER',
  ]);
  await c.close();
});

test('limits: subscriptions per connection, duplicate ids, frame size, message rate', async () => {
  const bystander = await NativeClient.connect(url());
  bystander.send({ type: 'subscribe', id: 'all', filter: {}, snapshot: false });
  await bystander.until(() => bystander.of('subscribed').length === 1);

  const c = await NativeClient.connect(url());
  for (let i = 0; i < 6; i++) c.send({ type: 'subscribe', id: `s${i}`, snapshot: false });
  c.send({ type: 'subscribe', id: 's0', snapshot: false });
  await c.until(() => c.of('subscribed').length + c.of('error').length === 7);
  assert.deepEqual(
    c.of('error').map((e) => e['code']),
    ['LC_ERR_LIMIT_SUBSCRIPTIONS', 'LC_ERR_PROTOCOL_DUPLICATE_ID'],
  );
  const tooBig = closed(c);
  c.ws.send(JSON.stringify({ type: 'ping', id: 'x'.repeat(10_000) }));
  assert.equal(await tooBig, 1009);

  const storm = await NativeClient.connect(url());
  const stormClosed = closed(storm);
  for (let i = 0; i < 200; i++) storm.send({ type: 'ping' });
  assert.equal(await stormClosed, 4029);

  // The bystander kept its subscription and still receives every Change.
  const before = bystander.seqs().length;
  await t.ingest(quoteItems(30, 77));
  await bystander.until(() => bystander.seqs().length >= before + 30);
  await bystander.close();
});

test('connections beyond the plan cap are refused before the upgrade; closing frees the slot', async () => {
  const open = await Promise.all([0, 1, 2].map(() => NativeClient.connect(url())));
  await assert.rejects(NativeClient.connect(url()), /HTTP 429/);
  await open[0]!.close();
  await new Promise((r) => setTimeout(r, 50));
  const again = await NativeClient.connect(url());
  await Promise.all([again, open[1]!, open[2]!].map((c) => c.close()));
});

test('an upgrade to an unknown path gets 404, and a plain HTTP request to the stream is refused', async () => {
  const ws = new WebSocket(`${t.wsUrl}/v1/nowhere`);
  const status = await new Promise((r) =>
    ws.once('unexpected-response', (_q, res) => r(res.statusCode)),
  );
  assert.equal(status, 404);
  assert.equal((await fetch(`${t.url}/v1/stream`)).status, 404);
});
