// Input depth and shape are bounded at the edge: nesting is measured on the text before parsing,
// and a batch id is a short string or a number, so an ack can always echo it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { eventItems, quoteItems } from '../../testing/feed.js';
import { batchId } from './json-shape.js';

const nested = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth);

test('a batch id is a string of at most 128 characters, a finite number, or absent', () => {
  assert.equal(batchId('b-1'), 'b-1');
  assert.equal(batchId(7), 7);
  assert.equal(batchId(undefined), null);
  for (const bad of [{}, [1], 'x'.repeat(129), true, Number.NaN]) {
    assert.throws(() => batchId(bad), { code: 'LC_ERR_REQUEST_BAD_BODY' });
  }
});

let t: TestApp;
before(async () => {
  t = await startTestApp({ 'ingest.maxBodyBytes': 4 * 1024 * 1024 });
  assert.equal((await t.ingest(eventItems())).status, 200);
});
after(() => t.close());

test('a WebSocket batch with a deeply nested id gets a coded error, and the feeder goes on', async () => {
  const ws = new WebSocket(`${t.wsUrl}/v1/ingest/ws`, {
    headers: { authorization: `Bearer ${t.app.ingestToken}` },
  });
  const replies: { type: string; id: unknown; error?: { code: string }; accepted?: number }[] = [];
  ws.on('message', (d) => replies.push(JSON.parse(d.toString())));
  await new Promise((r) => ws.once('open', r));
  ws.send(`{"id":${nested(500_000)},"items":[]}`);
  ws.send(JSON.stringify({ id: { a: [1] }, items: [] }));
  ws.send(JSON.stringify({ id: 'ok', items: quoteItems(3, 2) }));
  await new Promise<void>((resolve) => {
    const check = () => (replies.length >= 3 ? resolve() : setTimeout(check, 10));
    check();
  });
  assert.deepEqual(
    replies.map((r) => [r.type, r.id, r.error?.code ?? r.accepted]),
    [
      ['error', null, 'LC_ERR_REQUEST_TOO_DEEP'],
      ['error', null, 'LC_ERR_REQUEST_BAD_BODY'],
      ['ack', 'ok', 3],
    ],
  );
  ws.close();
});

test('HTTP ingest refuses a deep body with 400, and a deep NDJSON line fails alone', async () => {
  const post = (body: string, type: string) =>
    fetch(`${t.url}/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.app.ingestToken}`, 'content-type': type },
      body,
    });
  const deep = await post(nested(200_000), 'application/json');
  assert.equal(deep.status, 400);
  assert.equal(
    ((await deep.json()) as { error: { code: string } }).error.code,
    'LC_ERR_REQUEST_TOO_DEEP',
  );
  const lines = [JSON.stringify(quoteItems(1, 3)[0]), nested(100)].join('\n');
  const nd = await post(lines, 'application/x-ndjson');
  assert.equal(nd.status, 422);
  const report = (await nd.json()) as { results: { ok: boolean; code?: string }[] };
  assert.deepEqual(
    report.results.map((r) => r.code ?? 'ok'),
    ['ok', 'LC_ERR_REQUEST_MALFORMED'],
  );
});
