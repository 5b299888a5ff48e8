// Who may read the /v1 REST (the stream keys, unless open) and how much one snapshot may hold.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { eventItems, quoteItems } from '../../testing/feed.js';

let keyed: TestApp;
let open: TestApp;

before(async () => {
  keyed = await startTestApp({
    'dialects.native.restAccess': 'keyed',
    'dialects.native.maxSnapshotQuotes': 5,
    'auth.plans': {
      pro: { dialects: ['*'], maxConnections: 10 },
      elsewhere: { dialects: ['therundown'], maxConnections: 10 },
    },
  });
  open = await startTestApp();
  for (const t of [keyed, open]) {
    await t.ingest(eventItems());
    await t.ingest(quoteItems(40, 3, 20));
  }
});
after(async () => {
  await keyed.close();
  await open.close();
});

const get = async (t: TestApp, path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${t.url}${path}`, { headers });
  const body = (await res.json()) as { error?: { code: string; message: string } };
  return { status: res.status, code: body.error?.code, message: body.error?.message };
};

test('keyed /v1 REST takes the stream keys: ?key= or Bearer; none, unknown and other plans are refused', async () => {
  assert.deepEqual((await get(keyed, '/v1/position')).code, 'LC_ERR_AUTH_MISSING');
  assert.equal((await get(keyed, '/v1/position')).status, 401);
  assert.equal((await get(keyed, '/v1/position?key=lc_nope')).code, 'LC_ERR_AUTH_INVALID');
  assert.equal((await get(keyed, `/v1/position?key=${keyed.key}`)).status, 200);
  assert.equal(
    (await get(keyed, '/v1/catalog/books', { authorization: `Bearer ${keyed.key}` })).status,
    200,
  );
  const other = keyed.app.keys.create('elsewhere').key;
  const refused = await get(keyed, `/v1/events?key=${other}`);
  assert.deepEqual([refused.status, refused.code], [403, 'LC_ERR_AUTH_FORBIDDEN']);
});

test('the default (auto) leaves /v1 REST open on a loopback listener', async () => {
  assert.equal((await get(open, '/v1/position')).status, 200);
});

test('a snapshot broader than maxSnapshotQuotes is a coded 413 naming the count; a narrower one answers', async () => {
  const broad = await get(keyed, `/v1/snapshot?key=${keyed.key}`);
  assert.equal(broad.status, 413);
  assert.equal(broad.code, 'LC_ERR_REQUEST_TOO_BROAD');
  assert.match(broad.message ?? '', /\d+ quotes match; the limit is 5/);
  const narrow = await fetch(
    `${keyed.url}/v1/snapshot?key=${keyed.key}&event=nba-1&book=pinnacle&market=moneyline`,
  );
  assert.equal(narrow.status, 200);
  const body = (await narrow.json()) as { quotes: unknown[] };
  assert.ok(body.quotes.length >= 1 && body.quotes.length <= 5);
});
