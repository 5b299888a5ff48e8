// The core's own errors on the Polymarket US listener (unknown path, wrong method, a body over
// the limit) come in the vendor's `{code, message}` shape, so its SDK shows the message (it reads
// `message || error`; Linecast's `{error: {...}}` showed as "[object Object]"). The main listener
// keeps Linecast's shape.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PolymarketUS } from 'polymarket-us';
import { type PolymarketServer, startPolymarket } from '../../testing/polymarket.js';

let s: PolymarketServer;
before(async () => {
  s = await startPolymarket();
});
after(() => s.close());

async function raw(url: string, init: RequestInit = {}) {
  const res = await fetch(url, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

test('unknown path, wrong method and a body too large answer {code, message}', async () => {
  assert.deepEqual(await raw(`${s.base}/v1/no-such-thing`), {
    status: 404,
    body: { code: 5, message: 'LC_ERR_REQUEST_NOT_FOUND: No such resource: /v1/no-such-thing' },
  });
  const wrong = await raw(`${s.base}/v1/orders`, { method: 'DELETE' });
  assert.equal(wrong.status, 405);
  assert.equal(wrong.body['code'], 12);
  assert.match(String(wrong.body['message']), /^LC_ERR_REQUEST_METHOD: /);
  const big = await raw(`${s.base}/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ pad: 'x'.repeat(100_000) }),
  });
  assert.equal(big.status, 413);
  assert.equal(big.body['code'], 3);
  assert.equal(typeof big.body['message'], 'string');
  // The core's own listener is unchanged.
  const core = await raw(`${s.t.app.urls['main']}/v1/no-such-thing`);
  assert.equal(core.status, 404);
  assert.deepEqual(Object.keys(core.body), ['error']);
});

test("the vendor's SDK shows the message of a core error", async () => {
  const client = new PolymarketUS({ apiBaseUrl: s.base, gatewayBaseUrl: s.base });
  // A slug with a slash is a path no route has: the core's 404, not the dialect's.
  await assert.rejects(client.markets.retrieveBySlug('no/such'), (err: Error) => {
    assert.equal(err.name, 'NotFoundError');
    assert.equal(
      err.message,
      'LC_ERR_REQUEST_NOT_FOUND: No such resource: /v1/market/slug/no/such',
    );
    return true;
  });
});
