// Who may connect and call (spec 1.2, 1.3; acceptance checks 1, 2, 3 and 26): signed upgrades on
// both sockets, the spec's signature vector on a frozen clock, every refusal an HTTP status before
// the upgrade, and the same verification on signed REST (pathname only, ±30 s).
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import {
  call,
  HandshakeRefused,
  PmClient,
  type PolymarketServer,
  type SigningKey,
  signedHeaders,
  startPolymarket,
  VECTOR,
} from '../../testing/polymarket.js';
import { ManualScheduler } from '../../timers/scheduler.js';

let s: PolymarketServer;
let alice: SigningKey;
const scheduler = new ManualScheduler(Date.now());
before(async () => {
  s = await startPolymarket({
    scheduler,
    overrides: { 'dialects.polymarket.maxConnectionsPerKey': 2 },
  });
  alice = s.key('alice');
});
after(() => s.close());

const refusal = async (path: string, headers: Record<string, string>) => {
  try {
    const c = await PmClient.openWith(`${s.wsBase}${path}`, headers);
    c.close();
    return 101;
  } catch (e) {
    if (e instanceof HandshakeRefused) return e.status;
    throw e;
  }
};

test('check 1: a fresh signature opens both sockets', async () => {
  for (const path of ['/v1/ws/markets', '/v1/ws/private'] as const) {
    const c = await PmClient.open(s, path, alice);
    assert.equal(c.ws.readyState, c.ws.OPEN);
    c.close();
  }
});

test('check 2: the spec vector verifies on a clock frozen at its timestamp, for its path only', async () => {
  const frozen = new ManualScheduler(VECTOR.timestamp);
  const v = await startPolymarket({ scheduler: frozen });
  try {
    const id = v.t.app.keys.createSigned('polymarket', VECTOR.publicKey, 'vector').id;
    const h = (sig: string) => ({
      'X-PM-Access-Key': id,
      'X-PM-Timestamp': String(VECTOR.timestamp),
      'X-PM-Signature': sig,
    });
    const open = async (path: string, sig: string) => {
      try {
        (await PmClient.openWith(`${v.wsBase}${path}`, h(sig))).close();
        return 101;
      } catch (e) {
        return (e as HandshakeRefused).status;
      }
    };
    assert.equal(await open('/v1/ws/markets', VECTOR.markets), 101);
    assert.equal(await open('/v1/ws/private', VECTOR.private), 101);
    assert.equal(await open('/v1/ws/markets', VECTOR.private), 401);
    assert.equal(await open('/v1/ws/private', VECTOR.markets), 401);
    // A shutdown closes live sockets with 1001 (spec 1.3).
    const live = await PmClient.openWith(`${v.wsBase}/v1/ws/markets`, h(VECTOR.markets));
    await v.close();
    await live.until(() => live.closed, 'shutdown close');
    assert.equal(live.closeCode, 1001);
  } finally {
    await v.close();
  }
});

test('check 3: every refusal is an HTTP status before the upgrade', async () => {
  const path = '/v1/ws/markets';
  const good = signedHeaders(alice, 'GET', path, s.now());
  for (const name of Object.keys(good)) {
    const h = { ...good };
    delete h[name];
    assert.equal(await refusal(path, h), 401, `without ${name}`);
  }
  assert.equal(
    await refusal(path, {
      ...good,
      'X-PM-Signature': signedHeaders(alice, 'GET', '/x', s.now())['X-PM-Signature']!,
    }),
    401,
    'wrong signature',
  );
  assert.equal(
    await refusal(path, signedHeaders(alice, 'GET', path, s.now() - 31_000)),
    401,
    '31 s old',
  );
  assert.equal(
    await refusal(path, signedHeaders(alice, 'GET', path, s.now() + 31_000)),
    401,
    '31 s ahead',
  );
  assert.equal(
    await refusal(path, { ...good, 'X-PM-Access-Key': 'no-such-key' }),
    401,
    'unknown key',
  );
  const revoked = s.key('carol');
  s.t.app.keys.revoke(revoked.keyId);
  assert.equal(
    await refusal(path, signedHeaders(revoked, 'GET', path, s.now())),
    403,
    'disabled key',
  );
  // A key whose plan does not list the dialect is not permitted.
  const other = s.key('dave', 'free');
  assert.equal(
    await refusal(path, signedHeaders(other, 'GET', path, s.now())),
    403,
    'not permitted',
  );
  // Over the per-key cap (2 here): 429.
  const bob = s.key('bob');
  const a = await PmClient.open(s, path, bob);
  const b = await PmClient.open(s, '/v1/ws/private', bob);
  assert.equal(await refusal(path, signedHeaders(bob, 'GET', path, s.now())), 429, 'cap');
  a.close();
  b.close();
});

test('a 401 answers the upgrade with a JSON body carrying a message the SDK reads', async () => {
  const { status, body } = await new Promise<{ status: number; body: string }>(
    (resolve, reject) => {
      const req = request(`${s.base}/v1/ws/markets`, {
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (d) => {
          text += String(d);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('upgrade', () => reject(new Error('upgraded')));
      req.on('error', reject);
      req.end();
    },
  );
  assert.equal(status, 401);
  assert.equal((JSON.parse(body) as { message: string }).message, 'unauthenticated');
});

test('check 26: REST signatures cover timestamp + METHOD + pathname, not the query', async () => {
  const r = await call(s, alice, 'GET', '/v1/orders/open?slugs=a&slugs=b');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { orders: [] });
  // Signed over the path with its query: refused.
  const url = `${s.base}/v1/account/balances?x=1`;
  const bad = await fetch(url, {
    headers: signedHeaders(alice, 'GET', '/v1/account/balances?x=1', s.now()),
  });
  assert.equal(bad.status, 401);
});

test('REST refusals: missing, stale, replayed, bad signature, wrong method, revoked, and the body', async () => {
  const path = '/v1/account/balances';
  const url = `${s.base}${path}`;
  const status = async (headers: Record<string, string>, method = 'GET') =>
    (await fetch(url, { method, headers })).status;
  assert.equal(await status({}), 401);
  const captured = signedHeaders(alice, 'GET', path, s.now());
  assert.equal(await status(captured), 200);
  // The same headers replayed after the window: refused.
  scheduler.advance(31_000);
  assert.equal(await status(captured), 401);
  assert.equal(await status(signedHeaders(alice, 'GET', path, s.now() - 30_500)), 401);
  assert.equal(await status(signedHeaders(alice, 'POST', path, s.now())), 401, 'signed as POST');
  const revoked = s.key('erin');
  s.t.app.keys.revoke(revoked.keyId);
  assert.equal(await status(signedHeaders(revoked, 'GET', path, s.now())), 403);
  const r = await fetch(url);
  assert.deepEqual(await r.json(), { code: 16, message: 'unauthenticated' });
});

test('a secret key id is not a signing credential', async () => {
  const plain = s.t.app.keys.create('pro', 'mallory').record;
  const path = '/v1/account/balances';
  const res = await fetch(`${s.base}${path}`, {
    headers: signedHeaders(
      { keyId: plain.id, secret: alice.secret, account: 'x' },
      'GET',
      path,
      s.now(),
    ),
  });
  assert.equal(res.status, 401);
});

test('REST: past the per-key rate a signed call is 429 with the vendor body, until the bucket refills', async () => {
  const clock = new ManualScheduler(Date.now());
  const r = await startPolymarket({
    scheduler: clock,
    overrides: { 'dialects.polymarket.restRequestsPerSecond': 5 },
  });
  try {
    const k = r.key('busy');
    const other = r.key('calm');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await call(r, k, 'GET', '/v1/orders/open')).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
    const limited = await call(r, k, 'GET', '/v1/account/balances');
    assert.deepEqual(limited, { status: 429, body: { status: 429, message: 'Too Many Requests' } });
    assert.equal((await call(r, other, 'GET', '/v1/orders/open')).status, 200, 'per key');
    clock.advance(1_000);
    assert.equal((await call(r, k, 'GET', '/v1/orders/open')).status, 200);
  } finally {
    await r.close();
  }
});
