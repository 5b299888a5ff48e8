// The admin API: token-guarded key management, and revocation that closes live connections,
// whether it comes through the API or from another process (the CLI) writing keys.json.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { KeyStore } from '../../auth/keys.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { NativeClient } from '../../testing/native-client.js';
import { SseClient } from '../../testing/sse-client.js';

let t: TestApp;
before(async () => {
  t = await startTestApp({
    'auth.plans': {
      pro: { dialects: ['*'], maxConnections: 10 },
      meter: { dialects: ['*'], maxConnections: 10, metered: true, credits: 5 },
    },
  });
});
after(() => t.close());

async function admin(method: string, path: string, body?: unknown, token = t.app.adminToken) {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const code = (r: { body: Record<string, unknown> }) => (r.body['error'] as { code: string }).code;

test('admin: the token is required and checked', async () => {
  const none = await fetch(`${t.url}/admin/keys`);
  assert.equal(none.status, 401);
  const wrong = await admin('GET', '/admin/keys', undefined, 'nope');
  assert.equal(wrong.status, 401);
  assert.equal(code(wrong), 'LC_ERR_AUTH_INVALID');
});

test('admin: create and list keys; only ids are listed, never secrets or hashes', async () => {
  const made = await admin('POST', '/admin/keys', { plan: 'meter', account: 'acme' });
  assert.equal(made.status, 201);
  assert.match(made.body['key'] as string, /^lc_/);
  const list = await admin('GET', '/admin/keys');
  const keys = list.body['keys'] as Record<string, unknown>[];
  const mine = keys.find((k) => k['id'] === made.body['id'])!;
  assert.deepEqual(
    { plan: mine['plan'], account: mine['account'], credits: mine['credits'] },
    { plan: 'meter', account: 'acme', credits: 5 },
  );
  assert.ok(!JSON.stringify(list.body).includes(made.body['key'] as string));
  assert.ok(keys.every((k) => !('hash' in k)));

  assert.equal(
    code(await admin('POST', '/admin/keys', { plan: 'gold' })),
    'LC_ERR_REQUEST_BAD_BODY',
  );
  assert.equal(code(await admin('POST', '/admin/keys', '{oops')), 'LC_ERR_REQUEST_MALFORMED');
  assert.equal((await admin('DELETE', '/admin/keys/nope')).status, 404);

  const topped = await admin('POST', `/admin/keys/${made.body['id']}/credits`, { add: 20 });
  assert.equal(topped.body['credits'], 25);
});

test('admin: revoking a key closes its WebSocket (1008) and SSE connections, and refuses new ones', async () => {
  const made = await admin('POST', '/admin/keys', { plan: 'pro' });
  const key = made.body['key'] as string;
  const other = await NativeClient.connect(`${t.wsUrl}/v1/stream?key=${t.key}`);
  const ws = await NativeClient.connect(`${t.wsUrl}/v1/stream?key=${key}`);
  const sse = await SseClient.connect(`${t.url}/v1/sse?key=${key}&snapshot=false`);
  await sse.until(() => sse.of('subscribed').length === 1);
  const wsClosed = new Promise<number>((r) => ws.ws.once('close', (c) => r(c)));

  const revoked = await admin('DELETE', `/admin/keys/${made.body['id']}`);
  assert.equal(revoked.status, 200);
  assert.equal(revoked.body['closedConnections'], 2);
  assert.equal(await wsClosed, 1008);
  await sse.ended;
  assert.equal((await admin('GET', '/admin/connections')).body['connections'], 1);
  await assert.rejects(NativeClient.connect(`${t.wsUrl}/v1/stream?key=${key}`), /HTTP 401/);
  assert.equal(other.ws.readyState, other.ws.OPEN);
  await other.close();
});

test('a key revoked by another process (the CLI) loses its connections within seconds', async () => {
  const made = await admin('POST', '/admin/keys', { plan: 'pro' });
  const ws = await NativeClient.connect(`${t.wsUrl}/v1/stream?key=${made.body['key']}`);
  const closed = new Promise<number>((r) => ws.ws.once('close', (c) => r(c)));
  // Another process: its own KeyStore over the same data directory, as `linecast keys revoke` does.
  await new Promise((r) => setTimeout(r, 20));
  assert.ok(new KeyStore(t.dataDir).revoke(made.body['id'] as string));
  assert.equal(await closed, 1008);
});
