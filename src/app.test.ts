// A start that fails part-way (here: the port is taken) rejects with the cause and leaves
// nothing running: if the history worker or a source stayed alive, this file would never end.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { pino } from 'pino';
import { startApp } from './app.js';
import { loadConfig } from './config/load.js';
import { startTestApp } from './testing/app.js';

test('a failed start rejects with its cause and releases everything it opened', async () => {
  const first = await startTestApp();
  const port = Number(new URL(first.url).port);
  const dir = join(mkdtempSync(join(tmpdir(), 'linecast-test-')), 'data');
  try {
    const config = loadConfig([], {}, { port, dataDir: dir, 'simulator.rate': 50 });
    await assert.rejects(
      startApp(config, { log: pino({ level: 'silent' }) }),
      (e: Error & { code?: string }) =>
        e.code === 'LC_ERR_SERVER_LISTEN' && e.message.includes(`:${port} is in use`),
    );
    // The port is taken before anything is written: no data directory, keys or tokens.
    assert.equal(existsSync(dir), false);
  } finally {
    rmSync(dirname(dir), { recursive: true, force: true });
    await first.close();
  }
});
