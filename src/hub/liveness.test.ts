import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { startTestApp, type TestApp } from '../testing/app.js';
import { NativeClient } from '../testing/native-client.js';
import { ManualScheduler } from '../timers/scheduler.js';

let t: TestApp;
// Heartbeats run on protocol time (the manual clock); pings on socket time (real, 1 s).
const clock = new ManualScheduler();
before(async () => {
  t = await startTestApp(
    { 'dialects.native.heartbeatMs': 500, 'stream.pingMs': 1_000 },
    undefined,
    undefined,
    { scheduler: clock },
  );
});
after(() => t.close());

test('an idle connection gets heartbeats at the configured interval, carrying the position', async () => {
  const c = await NativeClient.connect(`${t.wsUrl}/v1/stream?key=${t.key}`);
  await c.until(() => c.of('welcome').length === 1);
  clock.advance(1_499);
  await c.until(() => c.of('heartbeat').length >= 2);
  assert.equal(c.of('heartbeat').length, 2, 'two heartbeats in 1499 ms at 500 ms');
  clock.advance(1);
  await c.until(() => c.of('heartbeat').length >= 3);
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
