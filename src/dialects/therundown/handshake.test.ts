// Spec §6 checks 1–9, 11 and 21: every refusal happens before the upgrade with the spec's status
// and JSON body, the key may come from the query or the header, and connection slots are shared
// by the account across the socket routes and given back on close or on a dead peer.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { loadConfig } from '../../config/load.js';
import { sleep, TextClient } from '../../conformance/client.js';
import { startTestApp, type TestApp } from '../../testing/app.js';

let t: TestApp;
const keys: Record<string, string> = {};
before(async () => {
  t = await startTestApp({
    'stream.pingMs': 1_000,
    'auth.plans': {
      pro: { dialects: ['*'], maxConnections: 100 },
      super: { dialects: ['therundown'], maxConnections: 3, tiers: { therundown: 'super' } },
      free: { dialects: ['therundown:rest'], maxConnections: 2 },
    },
  });
  keys['a1'] = t.app.keys.create('super', 'acct-a').key;
  keys['a2'] = t.app.keys.create('super', 'acct-a').key;
  keys['b'] = t.app.keys.create('super', 'acct-b').key;
  keys['free'] = t.app.keys.create('free').key;
});
after(() => t.close());

const markets = (query = '') => `${t.wsUrl}/api/v2/ws/markets${query}`;

/** An upgrade attempt: the 101, or the refusal's status, JSON body and headers. */
function upgrade(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> | null; ws?: WebSocket }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve({ status: 101, body: null, ws }));
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (d: Buffer) => {
        text += d.toString();
      });
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> });
      });
    });
    ws.once('error', reject);
  });
}

async function open(url: string, headers?: Record<string, string>): Promise<TextClient> {
  return TextClient.connect(url, headers);
}

/** Waits until the server has seen every earlier close (client close resolves a little earlier). */
async function idle() {
  for (let i = 0; i < 100 && t.app.hub.connectionCount > 0; i++) await sleep(20);
  assert.equal(t.app.hub.connectionCount, 0);
}

/** True when a socket can be opened; it is closed again, and the server has seen the close. */
async function probe(key: string): Promise<boolean> {
  const before = t.app.hub.connectionCount;
  const r = await upgrade(markets(`?key=${key}`));
  if (!r.ws) return false;
  r.ws.close();
  await new Promise((done) => r.ws?.once('close', done));
  await idleExcept(before);
  return true;
}

async function idleExcept(n: number) {
  for (let i = 0; i < 100 && t.app.hub.connectionCount > n; i++) await sleep(20);
}

async function slotsFreed(account: string, expectOpen: () => Promise<boolean>) {
  for (let i = 0; i < 100; i++) {
    if (await expectOpen()) return;
    await sleep(50);
  }
  assert.fail(`slot of ${account} not released`);
}

test('1–2: no key or an unknown key is a 401 with a JSON error, before any 101', async () => {
  const none = await upgrade(markets());
  assert.equal(none.status, 401);
  assert.equal(typeof none.body?.['error'], 'string');
  const unknown = await upgrade(markets('?key=lc_nope_not-a-key'));
  assert.equal(unknown.status, 401);
  assert.equal(typeof unknown.body?.['error'], 'string');
  const wrongHeader = await upgrade(markets(), { 'X-TheRundown-Key': 'lc_nope_not-a-key' });
  assert.equal(wrongHeader.status, 401);
});

test('3–4: the key in X-TheRundown-Key works, in any letter case; Bearer too', async () => {
  for (const name of [
    'X-TheRundown-Key',
    'x-therundown-key',
    'X-THERUNDOWN-KEY',
    'X-Therundown-Key',
  ]) {
    const r = await upgrade(markets(), { [name]: t.key });
    assert.equal(r.status, 101, name);
    r.ws?.close();
  }
  const bearer = await upgrade(markets(), { Authorization: `Bearer ${t.key}` });
  assert.equal(bearer.status, 101);
  bearer.ws?.close();
});

test('5: a plan without WebSocket access is a 403 with the spec error text', async () => {
  const r = await upgrade(markets(`?key=${keys['free']}`));
  assert.equal(r.status, 403);
  assert.deepEqual(r.body, { error: 'WebSocket access requires Ultra plan or higher' });
  // The same key is fine on REST.
  const rest = await fetch(`${t.url}/api/v2/markets?key=${keys['free']}`);
  assert.equal(rest.status, 200);
  assert.equal(rest.headers.get('x-websocket-access'), 'false');
});

test('6–8: three sockets across routes fill a Super account; the 4th is a 429 that takes no slot; keys of one account share it; closing frees a slot at once', async () => {
  await idle();
  const a1 = keys['a1']!;
  const a2 = keys['a2']!;
  const held = [
    await open(markets(`?key=${a1}`)),
    await open(`${t.wsUrl}/api/v1/ws?key=${a2}`),
    await open(markets(), { 'X-TheRundown-Key': a1 }),
  ];
  const over = await upgrade(markets(`?key=${a2}`));
  assert.equal(over.status, 429);
  assert.equal(over.body?.['limit'], 3);
  assert.equal(over.body?.['peer_liveness_seconds'], 60);
  assert.equal(typeof over.body?.['error'], 'string');
  // A refused attempt did not take a slot: still refused, not more refused, and other accounts unaffected.
  assert.equal((await upgrade(`${t.wsUrl}/api/v1/ws?key=${a1}`)).status, 429);
  const other = await open(markets(`?key=${keys['b']}`));
  await held[0]!.close();
  const again = await open(markets(`?key=${a2}`));
  assert.equal((await upgrade(markets(`?key=${a1}`))).status, 429);
  await Promise.all([...held.slice(1), again, other].map((c) => c.close()));
});

test('check order: a bad key is refused before the filter and the slot are looked at', async () => {
  assert.equal((await upgrade(markets('?key=bad&sport_ids=abc'))).status, 401);
  assert.equal((await upgrade(markets(`?key=${keys['free']}&sport_ids=abc`))).status, 403);
});

test('9: a dropped TCP connection or a silent peer gives its slot back (peer liveness)', async () => {
  await idle();
  const key = keys['b']!;
  const c = await Promise.all([0, 1, 2].map(() => open(markets(`?key=${key}`))));
  assert.equal((await upgrade(markets(`?key=${key}`))).status, 429);
  // No close frame: the TCP connection just goes away.
  (c[0]!.ws as unknown as { _socket: { destroy(): void } })._socket.destroy();
  await slotsFreed('acct-b', () => probe(key));
  // A peer that stops answering pings is closed within two ping intervals (here 1 s each).
  await idleExcept(2);
  const silent = new WebSocket(markets(`?key=${key}`), { autoPong: false });
  let pings = 0;
  silent.on('ping', () => pings++);
  await new Promise((r) => silent.once('open', r));
  const code = await new Promise<number>((r) => silent.once('close', (x) => r(x)));
  assert.equal(code, 1006);
  // Counted in ping rounds, not wall time: two unanswered pings end it at the next round.
  assert.ok(pings >= 2 && pings <= 3, `closed after ${pings} unanswered pings`);
  await slotsFreed('acct-b', () => probe(key));
  await Promise.all(c.slice(1).map((x) => x.close()));
});

test('11: the server pings every stream.pingMs, and the default keeps dead slots under 60 s', async () => {
  const ws = new WebSocket(markets(`?key=${t.key}`));
  let pings = 0;
  ws.on('ping', () => pings++);
  await new Promise((r) => ws.once('open', r));
  await sleep(2_300);
  assert.ok(pings >= 2, `${pings} pings in 2.3 s at pingMs 1000`);
  ws.close();
  const defaults = loadConfig([], {}, {});
  assert.equal(defaults.stream.pingMs, 15_000);
  assert.ok(2 * defaults.stream.pingMs <= 60_000);
  assert.equal(defaults.dialects.therundown.heartbeatMs, 15_000);
  assert.equal(defaults.dialects.therundown.maxMessages, 1_024);
});

test('21 (our choice): a malformed integer filter is a 400 before the upgrade', async () => {
  for (const q of ['sport_ids=abc', 'affiliate_ids=19,x', 'market_ids=1.5', 'sport_ids=-4']) {
    const r = await upgrade(markets(`?key=${t.key}&${q}`));
    assert.equal(r.status, 400, q);
    assert.deepEqual(r.body, { error: `invalid ${q.split('=')[0]}` });
  }
  const many = Array.from({ length: 1_001 }, (_, i) => i).join(',');
  const big = await upgrade(markets(`?key=${t.key}&market_ids=${many}`));
  assert.equal(big.status, 400);
  // Whitespace, empty tokens and unknown parameters are fine.
  const ok = await upgrade(markets(`?key=${t.key}&sport_ids= 4 ,,6&colour=red&event_ids=`));
  assert.equal(ok.status, 101);
  ok.ws?.close();
});

test('requireTls (off by default): plain ws:// is refused when on; X-Forwarded-Proto counts only when trusted', async () => {
  const tls = await startTestApp({ 'dialects.therundown.requireTls': true });
  try {
    const url = `${tls.wsUrl}/api/v2/ws/markets?key=${tls.key}`;
    const r = await upgrade(url);
    assert.equal(r.status, 403);
    assert.deepEqual(r.body, { error: 'WebSocket connections require TLS (wss://)' });
    assert.equal((await upgrade(url, { 'X-Forwarded-Proto': 'https' })).status, 403);
  } finally {
    await tls.close();
  }
  const proxied = await startTestApp({
    'dialects.therundown.requireTls': true,
    'dialects.therundown.trustForwardedProto': true,
  });
  try {
    const url = `${proxied.wsUrl}/api/v2/ws/markets?key=${proxied.key}`;
    assert.equal((await upgrade(url)).status, 403);
    const r = await upgrade(url, { 'X-Forwarded-Proto': 'https' });
    assert.equal(r.status, 101);
    r.ws?.close();
  } finally {
    await proxied.close();
  }
});

test('our choice: revoking a key closes its open sockets with 1008; the key is then a 401', async () => {
  const { key, record } = t.app.keys.create('super', 'acct-r');
  const c = await open(markets(`?key=${key}`));
  t.app.keys.revoke(record.id);
  assert.equal(await c.closed, 1008);
  const again = await upgrade(markets(`?key=${key}`));
  assert.equal(again.status, 401);
  assert.deepEqual(again.body, { error: 'API key has been revoked' });
});
