// Checks 1-4 and 8 of the spec (§6): who may open /ws/live, how refusals look, connection caps
// per plan, pings and the unresponsive client.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { TextClient } from '../../conformance/client.js';
import { type Harness, startHarness } from '../../testing/tickodds.js';

let h: Harness;
before(async () => {
  h = await startHarness({ 'stream.pingMs': 1_000 });
});
after(() => h.t.close());

const url = (key?: string) => `${h.t.wsUrl}/ws/live${key ? `?apiKey=${key}` : ''}`;

/** Status and JSON body of a refused upgrade. */
function refusal(u: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: unknown; retryAfter?: string }>((resolve, reject) => {
    const ws = new WebSocket(u, { headers });
    ws.once('open', () => {
      ws.close();
      reject(new Error('opened'));
    });
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (d: Buffer) => {
        text += d.toString();
      });
      res.on('end', () => {
        const retryAfter = res.headers['retry-after'];
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(text),
          ...(retryAfter ? { retryAfter } : {}),
        });
      });
    });
    ws.once('error', () => {});
  });
}

test('check 1: no apiKey is refused with 401 UNAUTHORIZED before the upgrade', async () => {
  const r = await refusal(url());
  assert.equal(r.status, 401);
  assert.deepEqual(r.body, {
    ok: false,
    error: { code: 'UNAUTHORIZED', message: 'Missing or invalid API key' },
  });
  assert.equal((await refusal(url('lc_nope'))).status, 401);
});

test("check 2: Starter and Developer keys are refused with 403 FORBIDDEN, the docs' message", async () => {
  for (const key of [h.keys.starter, h.keys.developer]) {
    const r = await refusal(url(key));
    assert.equal(r.status, 403);
    assert.deepEqual(r.body, {
      ok: false,
      error: { code: 'FORBIDDEN', message: "Live feed requires 'live' plan" },
    });
  }
});

test('check 3: a Live key opens via ?apiKey= and via the X-API-Key header alone', async () => {
  const q = await TextClient.connect(url(h.keys.live));
  const hd = await TextClient.connect(url(), { 'X-API-Key': h.keys.live });
  await q.until(() => q.texts.length === 1);
  await hd.until(() => hd.texts.length === 1);
  assert.equal(JSON.parse(hd.texts[0]!).type, 'snapshot');
  await Promise.all([q.close(), hd.close()]);
});

async function fill(key: string, n: number): Promise<TextClient[]> {
  const out: TextClient[] = [];
  for (let i = 0; i < n; i++) out.push(await TextClient.connect(url(key)));
  return out;
}

test('check 4: 25 sockets on a Live key, the 26th gets 429 RATE_LIMITED; a Pro key has 100', async () => {
  const live = await fill(h.keys.live, 25);
  const over = await refusal(url(h.keys.live));
  assert.equal(over.status, 429);
  assert.equal(over.retryAfter, '5');
  assert.deepEqual(over.body, {
    ok: false,
    error: { code: 'RATE_LIMITED', message: 'WebSocket connection limit reached' },
  });
  // Closing one frees its slot.
  await live[0]!.close();
  let again: TextClient | null = null;
  for (let i = 0; i < 50 && !again; i++) {
    again = await TextClient.connect(url(h.keys.live)).catch(() => null);
    if (!again) await new Promise((r) => setTimeout(r, 20));
  }
  assert.ok(again, 'a freed slot admits the next connection');
  const pro = await fill(h.keys.pro, 100);
  assert.equal((await refusal(url(h.keys.pro))).status, 429);
  await Promise.all([...live.slice(1), again, ...pro].map((c) => c.close()));
});

test('check 8: the server pings; a client that stops answering is cut off with 4000 "pong timeout"', async () => {
  const answering = await TextClient.connect(url(h.keys.pro));
  let pings = 0;
  answering.ws.on('ping', () => {
    pings++;
  });
  const silent = new WebSocket(url(h.keys.pro), { autoPong: false });
  const closed = new Promise<[number, string]>((resolve) =>
    silent.once('close', (code, reason) => resolve([code, reason.toString()])),
  );
  assert.deepEqual(await closed, [4000, 'pong timeout']);
  assert.ok(pings >= 1, 'pings arrive');
  assert.ok(answering.isOpen(), 'a client that answers stays');
  await answering.close();
});
