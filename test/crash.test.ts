// kill -9 in the middle of ingest: after a restart, every acknowledged update is there.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { eventItems } from '../src/testing/feed.js';

const TOKEN = 'crash-test-token';

function serve(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'serve',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--sim-rate',
      '0',
      '--ingest-token',
      TOKEN,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const rec = JSON.parse(line) as { msg?: string; url?: string };
      if (rec.msg === 'ready' && rec.url) resolve({ child, url: rec.url });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before ready`)));
  });
}

async function ingest(url: string, items: unknown[]): Promise<number> {
  const res = await fetch(`${url}/v1/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(items),
  });
  return res.status;
}

const quote = (i: number) => ({
  type: 'quote',
  event: 'nba-1',
  market: 'moneyline',
  book: 'draftkings',
  selection: `s${i}`,
  price: { american: 100 + (i % 500) },
});

test('every acknowledged update survives SIGKILL mid-ingest', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'linecast-crash-'));
  try {
    const first = await serve(dataDir);
    assert.equal(await ingest(first.url, eventItems()), 200);
    const acked: number[] = [];
    let next = 0;
    let stop = false;
    // Four writers keep requests in flight, so the kill lands while batches are being stored.
    const writers = Array.from({ length: 4 }, async () => {
      while (!stop) {
        const start = next;
        next += 200;
        const batch = Array.from({ length: 200 }, (_, k) => quote(start + k));
        try {
          if ((await ingest(first.url, batch)) === 200)
            for (let k = 0; k < 200; k++) acked.push(start + k);
        } catch {
          return; // the connection died with the server
        }
      }
    });
    await new Promise((r) => setTimeout(r, 1_500));
    const exited = new Promise((r) => first.child.once('exit', r));
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await exited;
    assert.ok(acked.length >= 1_000, `only ${acked.length} acknowledged before the kill`);

    const second = await serve(dataDir);
    const snap = (await (await fetch(`${second.url}/v1/snapshot?event=nba-1`)).json()) as {
      position: { seq: number };
      quotes: { key: { selection: string }; value: { price: { american: number } } }[];
    };
    const stored = new Map(snap.quotes.map((q) => [q.key.selection, q.value.price.american]));
    const missing = acked.filter((i) => stored.get(`s${i}`) !== 100 + (i % 500));
    assert.deepEqual(missing.slice(0, 10), [], `${missing.length} acknowledged updates lost`);
    assert.ok(snap.position.seq >= acked.length, 'seq continues after the restart');
    assert.equal(
      await ingest(second.url, [quote(1e9)]),
      200,
      'the restarted server takes new updates',
    );
    const stopped = new Promise((r) => second.child.once('exit', r));
    second.child.kill('SIGTERM');
    await stopped;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
