// Admission checks every dialect's declaration must pass when it uses the feature: path
// parameters, refusals after the upgrade, credential precedence and subprotocols, a connection
// pool shared by WebSocket and SSE, slots released on every refusal path, and Ed25519-signed
// handshakes on the manual clock. Real sockets against a real server, like suite.ts.
import assert from 'node:assert/strict';
import { createPrivateKey, sign } from 'node:crypto';
import { connect as tcp } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { DialectModule } from '../seam/module.js';
import { startTestApp, type TestApp } from '../testing/app.js';
import { SseClient } from '../testing/sse-client.js';
import { ManualScheduler } from '../timers/scheduler.js';
import type { Refusal } from './adapter.js';
import { sleep, TextClient } from './client.js';

export interface Endpoint {
  /** The URL for a key; `via` says where the key goes. */
  url(base: string, key: string | null, param: string): string;
}

export interface AdmissionAdapter {
  dialect: string;
  /** Modules the test server runs (the registry's when absent). */
  modules?: readonly DialectModule[];
  /** A WebSocket endpoint with a path parameter and after-upgrade refusals. */
  ws: {
    path(param: string): string;
    /** A parameter value the endpoint accepts, and one it refuses. */
    good: string;
    bad: string;
    /** How the first frame shows the parameter and the account it was admitted as. */
    echo(frame: string): { param: string; account: string };
    refusals: {
      missingKey: Refusal;
      unknownKey: Refusal;
      forbiddenPlan: Refusal;
      badParam: Refusal;
    };
    queryKey: string;
    header: string;
    subprotocolPrefix: string;
  };
  /** An SSE endpoint counted in the same pool as `ws`. */
  pool: { sse(param: string): string; cap: number; wsOverCap: Refusal; sseOverCap: number };
  /** Ed25519: the path and header names; the RFC 8032 test-vector 1 key signs. */
  signed: { path: string; keyHeader: string; timestampHeader: string; signatureHeader: string };
}

/** RFC 8032 §7.1 test vector 1, as ../shared/protocols/polymarket-us.md §1.2 uses it. */
const VECTOR = {
  seed: 'nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=',
  publicKey: '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=',
  timestamp: 1_700_000_000_000,
  markets:
    'RPjv8kz5nw9An7FO+MV9l3iktZXvd9m4w/o+JGWarYesmixWgdUsCqolkUic1xtDLE1K7yAVZ+Re2D6Zll38CA==',
  private:
    'iRm0TQwqG76YaGtU18UQO81tLkw1Jyr1qqP9TjklrUuzlXe0+gQKlk/v/21RQVNUjARn4vdXy7IURJeSXeReDw==',
};

function signWithVector(message: string): string {
  const der = Buffer.concat([
    Buffer.from('302e020100300506032b657004220420', 'hex'),
    Buffer.from(VECTOR.seed, 'base64'),
  ]);
  const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  return sign(null, Buffer.from(message), key).toString('base64');
}

/** Sends a raw upgrade request with a bad Sec-WebSocket-Key; resolves with the status line. */
function malformedUpgrade(base: string, path: string): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const s = tcp(Number(port), hostname, () => {
      s.write(
        `GET ${path} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: nope\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
    let got = '';
    s.on('data', (d) => {
      got += d.toString();
    });
    s.on('close', () => resolve(got.split('\r\n')[0] ?? ''));
    s.on('error', reject);
  });
}

export function runAdmissionConformance(a: AdmissionAdapter): void {
  describe(`admission conformance: ${a.dialect}`, () => {
    let t: TestApp;
    const clock = new ManualScheduler(VECTOR.timestamp + 5_000);
    const keys: Record<string, string> = {};
    let signedId = '';

    before(async () => {
      t = await startTestApp(
        {
          'auth.plans': {
            pro: { dialects: ['*'], maxConnections: 50 },
            elsewhere: { dialects: ['none'], maxConnections: 5 },
          },
        },
        undefined,
        undefined,
        { scheduler: clock, ...(a.modules ? { dialects: a.modules } : {}) },
      );
      keys['pro'] = t.app.keys.create('pro', 'acct-pro').key;
      keys['pool'] = t.app.keys.create('pro', 'acct-pool').key;
      keys['elsewhere'] = t.app.keys.create('elsewhere').key;
      signedId = t.app.keys.createSigned('pro', VECTOR.publicKey, 'acct-signed').id;
    });
    after(() => t.close());

    const ws = (param: string, q = '') => `${t.wsUrl}${a.ws.path(param)}${q}`;
    const withKey = (key: string) => `?${a.ws.queryKey}=${encodeURIComponent(key)}`;

    test('path parameters reach the dialect; a bad one is refused after the upgrade', async () => {
      const c = await TextClient.connect(ws(a.ws.good, withKey(keys['pro']!)));
      await c.until(() => c.texts.length > 0);
      assert.deepEqual(a.ws.echo(c.texts[0]!), { param: a.ws.good, account: 'acct-pro' });
      await c.close();
      const bad = await TextClient.attempt(ws(a.ws.bad, withKey(keys['pro']!)));
      assert.deepEqual(bad, a.ws.refusals.badParam);
    });

    test('refusals after the upgrade: 101, then the declared close code', async () => {
      assert.deepEqual(await TextClient.attempt(ws(a.ws.good)), a.ws.refusals.missingKey);
      assert.deepEqual(
        await TextClient.attempt(ws(a.ws.good, withKey('lc_0000_not-a-key'))),
        a.ws.refusals.unknownKey,
      );
      assert.deepEqual(
        await TextClient.attempt(ws(a.ws.good, withKey(keys['elsewhere']!))),
        a.ws.refusals.forbiddenPlan,
      );
    });

    test('credentials: a header wins over the query; a subprotocol key is accepted and echoed', async () => {
      const url = ws(a.ws.good, withKey('lc_0000_not-a-key'));
      const c = await TextClient.connect(url, { [a.ws.header]: keys['pro']! });
      await c.until(() => c.texts.length > 0);
      await c.close();
      const protocol = `${a.ws.subprotocolPrefix}${keys['pro']!}`;
      const p = await TextClient.connect(ws(a.ws.good), undefined, [protocol]);
      assert.equal(p.ws.protocol, protocol);
      await p.until(() => p.texts.length > 0);
      await p.close();
    });

    test('one pool for WebSocket and SSE: the cap counts both, and a closed stream frees its slot', async () => {
      const key = keys['pool']!;
      const sseUrl = (p: string) => `${t.url}${a.pool.sse(p)}${withKey(key)}`;
      const open: TextClient[] = [];
      const sse = await SseClient.connect(sseUrl(a.ws.good));
      for (let i = 1; i < a.pool.cap; i++)
        open.push(await TextClient.connect(ws(a.ws.good, withKey(key))));
      assert.deepEqual(await TextClient.attempt(ws(a.ws.good, withKey(key))), a.pool.wsOverCap);
      await assert.rejects(SseClient.connect(sseUrl(a.ws.good)), (e: { status?: number }) => {
        assert.equal(e.status, a.pool.sseOverCap);
        return true;
      });
      await sse.close();
      const again = await retry(
        () => TextClient.attempt(ws(a.ws.good, withKey(key))),
        (o) => 'open' in o,
      );
      assert.deepEqual(again, { open: true });
      await Promise.all(open.map((c) => c.close()));
    });

    test('every refusal path gives its slot back: a malformed upgrade, a bad key, a bad parameter', async () => {
      const key = keys['pool']!;
      await retry(
        async () => t.app.hub.connectionCount,
        (n) => n === 0,
      );
      for (let i = 0; i < a.pool.cap + 2; i++) {
        const line = await malformedUpgrade(t.url, `${a.ws.path(a.ws.good)}${withKey(key)}`);
        assert.match(line, /^HTTP\/1.1 400/);
        await TextClient.attempt(ws(a.ws.bad, withKey(key)));
      }
      const full: TextClient[] = [];
      for (let i = 0; i < a.pool.cap; i++)
        full.push(await TextClient.connect(ws(a.ws.good, withKey(key))));
      assert.equal(full.length, a.pool.cap);
      await Promise.all(full.map((c) => c.close()));
    });

    test('Ed25519: the RFC 8032 vector signs in; stale, forged, other-path and revoked are refused', async () => {
      const url = `${t.wsUrl}${a.signed.path}`;
      const h = (ts: number, sig: string, id = signedId) => ({
        [a.signed.keyHeader]: id,
        [a.signed.timestampHeader]: String(ts),
        [a.signed.signatureHeader]: sig,
      });
      // The published signature, verbatim, at 5 s of skew on the manual clock.
      const ok = await TextClient.connect(url, h(VECTOR.timestamp, VECTOR.markets));
      await ok.until(() => ok.texts.length > 0);
      await ok.close();
      // Our signer agrees with the published vector.
      assert.equal(signWithVector(`${VECTOR.timestamp}GET${a.signed.path}`), VECTOR.markets);
      const refused = (headers: Record<string, string>) => TextClient.attempt(url, headers);
      assert.deepEqual(await refused(h(VECTOR.timestamp, VECTOR.private)), { status: 401 });
      const forged = Buffer.from(VECTOR.markets, 'base64');
      forged[0] = forged[0]! ^ 1;
      assert.deepEqual(await refused(h(VECTOR.timestamp, forged.toString('base64'))), {
        status: 401,
      });
      assert.deepEqual(await refused(h(VECTOR.timestamp, VECTOR.markets, 'nobody')), {
        status: 401,
      });
      assert.deepEqual(await refused({}), { status: 401 });
      clock.advance(26_000);
      assert.deepEqual(await refused(h(VECTOR.timestamp, VECTOR.markets)), { status: 401 });
      const now = clock.now();
      const fresh = signWithVector(`${now}GET${a.signed.path}`);
      assert.deepEqual(await TextClient.attempt(url, h(now, fresh)), { open: true });
      t.app.keys.revoke(signedId);
      assert.deepEqual(await refused(h(now, fresh)), { status: 403 });
    });
  });
}

/** Retries until `done` (a slot is freed when the server sees the close, a moment later). */
async function retry<T>(attempt: () => Promise<T>, done: (x: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const r = await attempt();
    if (done(r) || i >= 200) return r;
    await sleep(25);
  }
}
