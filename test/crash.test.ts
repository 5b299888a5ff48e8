// kill -9 in the middle of ingest: after a restart, every acknowledged update is there.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ingest, serve } from '../src/testing/child-server.js';
import { eventItems } from '../src/testing/feed.js';

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
    // Wait on progress, not a time budget: a loaded machine may take seconds to ack the first batch.
    while (acked.length < 1_000) await new Promise((r) => setTimeout(r, 10));
    const exited = first.stop('SIGKILL');
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
    await second.stop('SIGTERM');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
