// GET / is the way in: a page linking the dashboard, the API descriptions and every dialect's
// endpoints for a browser, the same as JSON for an API client.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../../testing/app.js';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

test('a browser gets an HTML page with the links', async () => {
  const res = await fetch(`${t.url}/`, { headers: { accept: 'text/html,*/*;q=0.8' } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
  const page = await res.text();
  for (const href of ['/dashboard', '/openapi.json', '/asyncapi.yaml', '/readyz']) {
    assert.ok(page.includes(`<a href="${href}">`), href);
  }
  const ws = t.wsUrl;
  assert.ok(page.includes(`<code>${ws}/v1/stream</code>`), 'the native stream');
  assert.ok(page.includes(`<code>${t.url}/v1/sse</code>`), 'the native SSE');
  assert.ok(page.includes(`<code>GET ${t.url}/v1/snapshot</code>`), 'native REST');
  assert.ok(page.includes('<th>therundown</th>'));
  // No key is ever printed on an open page.
  assert.ok(!page.includes(t.key));
});

test('a client that asks for JSON gets the same directory as JSON; curl gets the page', async () => {
  const res = await fetch(`${t.url}/`, { headers: { accept: 'application/json' } });
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  const body = (await res.json()) as {
    version: string;
    dialects: { dialect: string; websocket: string[]; sse: string[] }[];
  };
  assert.equal(body.version, '0.1.0');
  const native = body.dialects.find((d) => d.dialect === 'native')!;
  assert.deepEqual(native.websocket, [`${t.wsUrl}/v1/stream`]);
  assert.deepEqual(native.sse, [`${t.url}/v1/sse`]);
  const curl = await fetch(`${t.url}/`, { headers: { accept: '*/*' } });
  assert.match(curl.headers.get('content-type') ?? '', /^text\/html/);
  assert.equal((await fetch(`${t.url}/nothing-here`)).status, 404);
});
