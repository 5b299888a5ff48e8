// Who may open /ws and how refusals look: the SDK stops retrying only on HTTP 403 or close
// 4001, so every bad key is a 403; the connection cap accepts and closes with 4008.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { TextClient } from '../../conformance/client.js';
import {
  RoClient,
  type RoServer,
  sleep,
  startRo,
  subscribeFrame,
} from '../../testing/rapidodds.js';

let s: RoServer;
before(async () => {
  s = await startRo({ 'dialects.rapidodds.maxConnectionsPerKey': 2 });
});
after(() => s.close());

const attempt = (query: string) => TextClient.attempt(`${s.t.wsUrl}/ws${query}`);

/** The HTTP answer to an upgrade the server refuses, body included. */
function refusal(query: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${s.t.wsUrl}/ws${query}`);
    ws.once('open', () => reject(new Error('upgrade accepted')));
    ws.once('error', () => {});
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (d: Buffer) => {
        text += d.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
  });
}

test('a Pro key opens with connected and its tier; the Linecast key works with or without oa_', async () => {
  const { key } = s.key('pro');
  for (const k of [key, key.slice(3)]) {
    const c = await RoClient.open(s.t.wsUrl, k);
    await c.count(1);
    assert.equal(c.frames()[0]?.['tier'], 'pro');
    await c.close();
  }
  const elite = await RoClient.open(s.t.wsUrl, s.key('metered').key);
  await elite.count(1);
  assert.equal(elite.frames()[0]?.['tier'], 'elite', "the plan's tier for rapidodds");
  await elite.close();
});

test('unknown, missing and Free-tier keys get HTTP 403 at the handshake', async () => {
  assert.deepEqual(await attempt('?api_key=oa_nope'), { status: 403 });
  assert.deepEqual(await attempt(''), { status: 403 });
  assert.deepEqual(await attempt(`?api_key=${s.key('free').key}`), { status: 403 });
  assert.deepEqual(await refusal('?api_key=oa_nope'), {
    status: 403,
    body: { detail: 'Invalid API key.' },
  });
  assert.deepEqual(await refusal(`?api_key=${s.key('free').key}`), {
    status: 403,
    body: { detail: 'WebSocket access requires a Pro or Elite plan.' },
  });
});

test('a key revoked while connected is closed with 4001, and then refused with 403', async () => {
  const { key, id } = s.key('pro');
  const c = await RoClient.open(s.t.wsUrl, key);
  c.send(subscribeFrame('NBA', ['Pinnacle'], ['head_to_head']));
  await c.count(2);
  s.t.app.keys.revoke(id);
  assert.equal(await c.closed, 4001);
  assert.deepEqual(await attempt(`?api_key=${key}`), { status: 403 });
});

test('over the per-key connection cap: accepted, then closed with 4008 before any frame', async () => {
  const { key } = s.key('pro');
  const open = [await RoClient.open(s.t.wsUrl, key), await RoClient.open(s.t.wsUrl, key)];
  const extra = await RoClient.open(s.t.wsUrl, key);
  assert.equal(await extra.closed, 4008);
  assert.deepEqual(extra.frames(), []);
  // Another key is not affected, and a closed connection frees its slot.
  assert.deepEqual(await attempt(`?api_key=${s.key('pro').key}`), { open: true });
  await open[0]!.close();
  await sleep(50);
  assert.deepEqual(await attempt(`?api_key=${key}`), { open: true });
  await open[1]!.close();
});

test('the server answers WebSocket pings with pongs carrying the same payload', async () => {
  const c = await RoClient.open(s.t.wsUrl, s.key('pro').key);
  const pong = new Promise<Buffer>((resolve) => c.c.ws.once('pong', resolve));
  c.c.ws.ping('are-you-there');
  assert.equal((await pong).toString(), 'are-you-there');
  await c.close();
});
