// One server per data directory: a second start is refused with the code and the fix, the first
// keeps serving, and the lock goes with its holder (a clean close, or a kill -9).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DataDirLock } from './data-dir-lock.js';
import { startTestApp } from './testing/app.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'linecast-lock-'));
}

function isInUse(e: Error & { code?: string }): boolean {
  assert.equal(e.code, 'LC_ERR_DATA_DIR_IN_USE');
  assert.match(
    e.message,
    /^The data directory is in use by another server: \S+ \(another linecast server holds it\); stop that server or give this one its own --data-dir$/,
  );
  return true;
}

test('a second server on the same data directory is refused; the first keeps serving', async () => {
  const first = await startTestApp();
  try {
    const before = readdirSync(first.dataDir).sort();
    await assert.rejects(startTestApp({}, first.dataDir), isInUse);
    assert.deepEqual(readdirSync(first.dataDir).sort(), before, 'the refused start wrote nothing');
    const res = await fetch(`${first.url}/readyz`);
    assert.equal(res.status, 200);
  } finally {
    await first.close({ keepData: true });
  }
  // A clean close lets the next server in.
  const next = await startTestApp({}, first.dataDir);
  await next.close();
});

test('a holder killed with -9 leaves no stale lock behind', async () => {
  const dir = tempDir();
  try {
    // The child takes the lock through the same module, says so, and waits to be killed.
    const module = new URL('./data-dir-lock.ts', import.meta.url).href;
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { DataDirLock } = await import(${JSON.stringify(module)});
         DataDirLock.take(${JSON.stringify(dir)}); console.log('held'); setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('held')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`the holder exited early (${code})`)));
    });
    assert.throws(() => DataDirLock.take(dir), isInUse);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const lock = DataDirLock.take(dir);
    lock.release();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
