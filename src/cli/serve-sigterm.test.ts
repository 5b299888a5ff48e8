// `linecast serve` as a child process exits on SIGTERM while a WebSocket ingest feeder is still
// connected (and a stream client is): the feeder gets a going-away close, so nothing waits for
// the shutdown grace, which is set far beyond the test's backstop to prove it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { WebSocket } from 'ws';

const MAIN = new URL('./main.ts', import.meta.url).pathname;

// The test's timeout is a backstop against a server that never exits, not a time budget.
test('serve exits on SIGTERM with a WebSocket ingest feeder connected', {
  timeout: 300_000,
}, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'linecast-sigterm-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ shutdownGraceMs: 600_000 }));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      MAIN,
      'serve',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--data-dir',
      dir,
      '--sim-rate',
      '0',
      '--ingest-token',
      'sigterm-test-token',
      '--log-level',
      'info',
      '--config',
      config,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // A backstop against a hung child, not a time budget.
  t.after(() => child.kill('SIGKILL'));
  let out = '';
  const ready = new Promise<string>((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.includes('"msg":"ready"'));
      const url = line ? (JSON.parse(line) as { url?: string }).url : undefined;
      if (url) resolve(url);
    });
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const url = (await ready).replace('http://', 'ws://');

  const feeder = new WebSocket(`${url}/v1/ingest/ws?token=sigterm-test-token`);
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
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  child.kill('SIGTERM');
  const [code, signal] = await exited;
  assert.equal(signal, null, `exited by itself, not killed:\n${out.slice(-2000)}`);
  assert.equal(code, 0, out.slice(-2000));
  assert.match(out, /"msg":"stopped"/);
  const [closeCode, reason] = await feederClosed;
  assert.equal(closeCode, 1001, 'the feeder was told the server is going away');
  assert.equal(reason.toString(), 'LC_ERR_SERVER_SHUTDOWN');
  feeder.terminate();
  stream.terminate();
});
