// Liveness (spec §6 checks 14–15, §1.4): client pings are answered, a client that stops
// answering the server's pings is closed 1011, a shutdown closes 1001, and heartbeats follow
// the configured interval on the clock.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { PxClient, type PxServer, startParlay } from '../../testing/parlay.js';

let s: PxServer;
let key: string;
before(async () => {
  s = await startParlay({ 'stream.pingMs': 1_000, 'dialects.parlay.heartbeatMs': 5_000 });
  key = s.key('business');
});
after(() => s.close());

const url = () => `${s.t.wsUrl}/v1/ws/odds/basketball_nba?apiKey=${key}`;

const closeOf = (ws: WebSocket) =>
  new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, r) => resolve({ code, reason: r.toString() })),
  );

test('heartbeats arrive at the configured interval on the clock', async () => {
  const c = await PxClient.open(url());
  await c.count('initial_state');
  s.clock.advance(5_000);
  await c.count('heartbeat');
  s.clock.advance(5_000);
  await c.count('heartbeat', 2);
  const beat = c.of('heartbeat')[0]!;
  assert.ok(Number.isInteger(beat['timestamp']));
  await c.close();
});

test("a client's ping gets a pong; a client that never pongs is closed 1011 while a healthy one stays", async () => {
  const healthy = await PxClient.open(url());
  const pong = new Promise<void>((resolve) => healthy.c.ws.once('pong', () => resolve()));
  healthy.c.ws.ping();
  await pong;
  const mute = new WebSocket(url(), { autoPong: false });
  const closed = closeOf(mute);
  assert.deepEqual(await closed, { code: 1011, reason: 'Server error' });
  assert.ok(healthy.c.isOpen());
  await healthy.close();
});

test('a server shutdown closes streams with 1001 Going away', async () => {
  const ws = new WebSocket(url());
  await new Promise((resolve) => ws.once('open', resolve));
  const closed = closeOf(ws);
  await s.t.app.close();
  assert.deepEqual(await closed, { code: 1001, reason: 'Going away' });
});
