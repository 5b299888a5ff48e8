import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { startTestApp, type TestApp } from '../testing/app.js';
import { NativeClient } from '../testing/native-client.js';

let t: TestApp;
before(async () => {
  t = await startTestApp({ 'stream.heartbeatMs': 500, 'stream.pingMs': 1_000 });
});
after(() => t.close());

test('an idle connection gets heartbeats at the configured interval, carrying the position', async () => {
  const c = await NativeClient.connect(`${t.wsUrl}/v1/stream?key=${t.key}`);
  const started = Date.now();
  await c.until(() => c.of('heartbeat').length >= 3, 5_000);
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 900 && elapsed < 2_500, `3 heartbeats took ${elapsed} ms`);
  const hb = c.of('heartbeat').at(-1)!;
  assert.deepEqual(hb['position'], t.app.state.position());
  assert.equal(c.of('welcome')[0]!['heartbeatMs'], 500);
  await c.close();
});

test('a peer that stops answering pings is closed and its slot released', async () => {
  const ws = new WebSocket(`${t.wsUrl}/v1/stream?key=${t.key}`, { autoPong: false });
  await new Promise((r) => ws.once('open', r));
  assert.equal(t.app.hub.connectionCount, 1);
  let pings = 0;
  ws.on('ping', () => pings++);
  const code = await new Promise<number>((r) => ws.once('close', (c) => r(c)));
  assert.ok(pings >= 1);
  assert.equal(code, 1006, 'terminated without a close frame');
  for (let i = 0; i < 50 && t.app.hub.connectionCount > 0; i++)
    await new Promise((r) => setTimeout(r, 10));
  assert.equal(t.app.hub.connectionCount, 0);
});
