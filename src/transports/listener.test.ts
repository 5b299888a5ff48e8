// A listener takes its port before the server is assembled: until it opens, every request and
// upgrade is answered 503 LC_ERR_SERVER_STARTING; a taken port is a coded error naming the fix.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import { WebSocket } from 'ws';
import { json } from '../seam/http.js';
import { BodyBudget } from './http/body.js';
import { RequestPolicy } from './http/policy.js';
import { bindAll, Listener, open } from './listener.js';

test('bound but not open: 503 starting with Retry-After; once open, the routes answer', async () => {
  const l = new Listener('main', 0, '127.0.0.1');
  l.router.add({ method: 'GET', path: '/hello', handler: () => json(200, { hello: true }) });
  const { urls } = await bindAll([l], null);
  const url = urls['main']!;
  try {
    const early = await fetch(`${url}/hello`);
    assert.equal(early.status, 503);
    assert.equal(early.headers.get('retry-after'), '1');
    assert.equal(
      ((await early.json()) as { error: { code: string } }).error.code,
      'LC_ERR_SERVER_STARTING',
    );
    const upgrade = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`${url.replace('http', 'ws')}/v1/stream`);
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => reject(new Error('opened before the listener did')));
      ws.once('error', () => undefined);
    });
    assert.equal(upgrade, 503);
    open(
      l,
      { policy: RequestPolicy.open(), bodies: new BodyBudget(1 << 20), keepAliveTimeoutMs: 65_000 },
      pino({ level: 'silent' }),
    );
    const later = await fetch(`${url}/hello`);
    assert.deepEqual(await later.json(), { hello: true });
    // Clients size their connection reuse by this hint (fetch keeps a connection a second less).
    assert.equal(later.headers.get('keep-alive'), 'timeout=65');
  } finally {
    await l.close();
  }
});

test('a taken port: the ones already bound are released, the error names the port and the fix', async () => {
  const first = new Listener('main', 0, '127.0.0.1');
  const { urls } = await bindAll([first], null);
  const port = Number(new URL(urls['main']!).port);
  const spare = new Listener('spare', 0, '127.0.0.1');
  const clash = new Listener('tickodds', port, '127.0.0.1');
  try {
    await assert.rejects(bindAll([spare, clash], null), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'LC_ERR_SERVER_LISTEN');
      assert.match(
        e.message,
        new RegExp(`127\\.0\\.0\\.1:${port} is in use .*listeners\\.tickodds\\.port`),
      );
      return true;
    });
    assert.equal(spare.server?.listening ?? false, false, 'the spare port was given back');
  } finally {
    await first.close();
  }
});
