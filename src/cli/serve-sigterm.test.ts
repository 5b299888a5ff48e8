// `linecast serve` as a child process exits on SIGTERM while a WebSocket ingest feeder is still
// connected (and a stream client is): the feeder gets a going-away close, so nothing waits for
// the shutdown grace, which is set far beyond the test's backstop to prove it.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { WebSocket } from 'ws';
import { serve, TOKEN } from '../testing/child-server.js';

// The test's timeout is a backstop against a server that never exits, not a time budget.
test('serve exits on SIGTERM with a WebSocket ingest feeder connected', {
  timeout: 300_000,
}, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'linecast-sigterm-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const server = await serve(dir, { shutdownGraceMs: 600_000 }, { signal: t.signal });
  const url = server.url.replace('http://', 'ws://');

  const feeder = new WebSocket(`${url}/v1/ingest/ws?token=${TOKEN}`);
  await once(feeder, 'open');
  const key = readFileSync(join(dir, 'demo-key'), 'utf8').trim();
  const stream = new WebSocket(`${url}/v1/stream?key=${key}`);
  await once(stream, 'message');
  // The feeder has sent a batch and got its ack: the connection is in use, not just open.
  feeder.send(
    JSON.stringify([
      {
        type: 'event',
        id: 'sigterm-evt',
        sport: 'basketball',
        league: 'nba',
        home: { id: 'h', name: 'Home' },
        away: { id: 'a', name: 'Away' },
        startsAt: Date.now() + 3_600_000,
        status: 'scheduled',
      },
    ]),
  );
  const [ack] = (await once(feeder, 'message')) as [Buffer];
  assert.match(ack.toString(), /"type":"ack"/);

  const feederClosed = once(feeder, 'close') as Promise<[number, Buffer]>;
  const { code, signal } = await server.stop('SIGTERM');
  assert.equal(signal, null, `exited by itself, not killed:\n${server.tail()}`);
  assert.equal(code, 0, server.tail());
  await server.printed((lines) => lines.some((l) => l.msg === 'stopped'));
  const [closeCode, reason] = await feederClosed;
  assert.equal(closeCode, 1001, 'the feeder was told the server is going away');
  assert.equal(reason.toString(), 'LC_ERR_SERVER_SHUTDOWN');
  feeder.terminate();
  stream.terminate();
});
