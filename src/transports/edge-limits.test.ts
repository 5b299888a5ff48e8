// Limits at the edge, over real sockets: REST requests and new connections per client address,
// connections held per address, the Origin allow-list, CORS preflights and gzip responses.
import assert from 'node:assert/strict';
import { get } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { TextClient } from '../conformance/client.js';
import { startTestApp, type TestApp } from '../testing/app.js';
import { eventItems } from '../testing/feed.js';
import { ManualScheduler } from '../timers/scheduler.js';

const clock = new ManualScheduler(Date.UTC(2030, 0, 1));
let t: TestApp;

before(async () => {
  t = await startTestApp(
    {
      'http.requestsPerSecondPerAddress': 5,
      'http.corsOrigins': ['https://app.example'],
      'stream.maxConnectionsPerAddress': 2,
      'stream.connectionsPerSecondPerAddress': 3,
      'stream.allowedOrigins': ['https://app.example'],
    },
    undefined,
    undefined,
    { scheduler: clock },
  );
  clock.advance(1_000);
  await t.ingest(eventItems());
});
after(() => t.close());

/** Raw GET, so nothing decompresses behind the test's back. */
function raw(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
    (resolve, reject) => {
      get(`${t.url}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
      }).on('error', reject);
    },
  );
}

describe('REST', () => {
  test('requests per second per address: past the rate a coded 429 with Retry-After, then room again', async () => {
    clock.advance(1_000);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await raw('/v1/position')).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
    const refused = await raw('/v1/position');
    assert.equal(refused.headers['retry-after'], '1');
    assert.equal(JSON.parse(refused.body.toString()).error.code, 'LC_ERR_LIMIT_ADDRESS');
    clock.advance(1_000);
    assert.equal((await raw('/v1/position')).status, 200);
  });

  test('CORS: an allowed origin gets its header and its preflight; another gets neither', async () => {
    clock.advance(1_000);
    const ok = await raw('/v1/position', { origin: 'https://app.example' });
    assert.equal(ok.headers['access-control-allow-origin'], 'https://app.example');
    const other = await raw('/v1/position', { origin: 'https://evil.example' });
    assert.equal(other.headers['access-control-allow-origin'], undefined);
    const preflight = await fetch(`${t.url}/v1/snapshot`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    assert.equal(preflight.status, 204);
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /GET/);
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'authorization');
    const denied = await fetch(`${t.url}/v1/snapshot`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    assert.equal(denied.status, 403);
  });

  test('gzip: a large JSON answer is compressed for a client that accepts it, and only then', async () => {
    clock.advance(1_000);
    const plain = await raw('/v1/catalog/teams');
    const zipped = await raw('/v1/catalog/teams', { 'accept-encoding': 'gzip, deflate' });
    assert.ok(plain.body.length >= 1_024, `${plain.body.length} bytes: above compressMinBytes`);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.ok(zipped.body.length < plain.body.length);
    assert.deepEqual(
      JSON.parse(gunzipSync(zipped.body).toString()),
      JSON.parse(plain.body.toString()),
    );
  });
});

describe('streams', () => {
  const url = () => `${t.wsUrl}/v1/stream?key=${t.key}`;

  test('connections per address: a third is refused with a coded 429 while two are open', async () => {
    clock.advance(1_000);
    const open = [await TextClient.connect(url()), await TextClient.connect(url())];
    assert.deepEqual(await TextClient.attempt(url()), { status: 429 });
    await open[0]!.close();
    clock.advance(1_000);
    let outcome = await TextClient.attempt(url());
    for (let i = 0; i < 100 && !('open' in outcome); i++) {
      clock.advance(1_000);
      outcome = await TextClient.attempt(url());
    }
    assert.deepEqual(outcome, { open: true });
    await open[1]!.close();
  });

  test('new connections per second per address: past the rate 429 until the clock moves on', async () => {
    clock.advance(1_000);
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await TextClient.attempt(url(), undefined, 50));
    assert.deepEqual(outcomes.slice(0, 3), [{ open: true }, { open: true }, { open: true }]);
    assert.deepEqual(outcomes[3], { status: 429 });
    clock.advance(1_000);
    assert.deepEqual(await TextClient.attempt(url(), undefined, 50), { open: true });
  });

  test('Origin allow-list: a browser from another origin is refused; no Origin, or an allowed one, connects', async () => {
    clock.advance(1_000);
    assert.deepEqual(await TextClient.attempt(url(), { origin: 'https://evil.example' }, 50), {
      status: 403,
    });
    assert.deepEqual(await TextClient.attempt(url(), { origin: 'https://app.example' }, 50), {
      open: true,
    });
    assert.deepEqual(await TextClient.attempt(url(), undefined, 50), { open: true });
  });
});
