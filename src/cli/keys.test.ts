import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startTestApp } from '../testing/app.js';
import { NativeClient } from '../testing/native-client.js';

const cli = (args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
  });

test('a key made with the CLI opens a stream; revoked, it is refused; only its hash is stored', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'linecast-keys-'));
  try {
    const key = cli(['keys', 'create', '--plan', 'free', '--data-dir', dir])
      .trim()
      .split('\n')
      .at(-1)!;
    assert.match(key, /^lc_[0-9a-f]{12}_/);
    assert.ok(
      !readFileSync(join(dir, 'keys.json'), 'utf8').includes(key),
      'the key itself is never stored',
    );
    const t = await startTestApp({}, dir);
    const c = await NativeClient.connect(`${t.wsUrl}/v1/stream?key=${key}`);
    await c.until(() => c.of('welcome').length === 1);
    await c.close();
    const id = key.split('_')[1]!;
    assert.match(cli(['keys', 'list', '--data-dir', dir]), new RegExp(`${id}\tfree`));
    cli(['keys', 'revoke', id, '--data-dir', dir]);
    await new Promise((r) => setTimeout(r, 1_100)); // the server re-reads keys.json at most once a second
    await assert.rejects(NativeClient.connect(`${t.wsUrl}/v1/stream?key=${key}`), /HTTP 401/);
    await assert.rejects(NativeClient.connect(`${t.wsUrl}/v1/stream`), /HTTP 401/);
    await t.close({ keepData: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
