// Record the Change stream of one server, replay it through another's ingest: same book.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { compileFilter } from '../model/filter.js';
import { startTestApp } from '../testing/app.js';
import type { IngestItem } from './ingest/schema.js';
import { replayFile } from './replay.js';

test('a recording replayed through ingest rebuilds the same book', async () => {
  const file = join(tmpdir(), `linecast-rec-${process.pid}.ndjson`);
  const source = await startTestApp(
    { 'simulator.rate': 2_000, 'simulator.seed': 42 },
    undefined,
    file,
  );
  await new Promise((r) => setTimeout(r, 1_500));
  await source.close();
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  assert.ok(lines.length > 500, `${lines.length} changes recorded`);

  const target = await startTestApp();
  let batches = 0;
  const sent = await replayFile(file, {
    speed: 50,
    batchSize: 200,
    send: async (items: IngestItem[]) => {
      const r = await target.ingest(items);
      assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 300));
      batches++;
    },
  });
  assert.equal(sent, lines.length);
  assert.ok(batches > 1);
  const a = source.app.state.snapshot(compileFilter({}));
  const b = target.app.state.snapshot(compileFilter({}));
  const view = (s: typeof a) =>
    new Map(
      s.quotes.map((q) => [JSON.stringify(q.key), [q.value.price, q.value.status, q.value.main]]),
    );
  assert.deepEqual(view(b), view(a));
  assert.deepEqual(
    b.events.map((e) => [e.id, e.status, e.live]).sort(),
    a.events.map((e) => [e.id, e.status, e.live]).sort(),
  );
  await target.close();
});
