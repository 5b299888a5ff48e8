// History size and free disk on /metrics, and the /readyz warning before the disk fills.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestApp } from '../../testing/app.js';
import { eventItems, quoteItems } from '../../testing/feed.js';

const metric = (text: string, name: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
};

async function metrics(url: string): Promise<string> {
  return (await fetch(`${url}/metrics`)).text();
}

test('/metrics reports history bytes, rows and free disk; /readyz stays ready without a warning', async () => {
  const t = await startTestApp({ 'history.retention.diskWarnBytes': 0 });
  try {
    await t.ingest(eventItems());
    await t.ingest(quoteItems(300, 2));
    // The first retention cycle runs at start; wait for its readings rather than for a time.
    let text = await metrics(t.url);
    while (metric(text, 'linecast_disk_free_bytes') === undefined) {
      await sleep(20);
      text = await metrics(t.url);
    }
    assert.ok(metric(text, 'linecast_disk_free_bytes')! > 0);
    assert.ok(metric(text, 'linecast_history_bytes')! > 0);
    assert.ok(text.includes('linecast_history_rows{table="window"}'));
    assert.ok(text.includes('linecast_history_rows{table="kept"} 0'));
    assert.equal(metric(text, 'linecast_history_pruned_total'), 0);
    const ready = await fetch(`${t.url}/readyz`);
    assert.equal(ready.status, 200);
    const body = (await ready.json()) as Record<string, unknown>;
    assert.equal(body['status'], 'ready');
    assert.equal(body['warnings'], undefined);
  } finally {
    await t.close();
  }
});

test('/readyz warns disk_low (still 200) while free disk is under diskWarnBytes', async () => {
  const t = await startTestApp({ 'history.retention.diskWarnBytes': Number.MAX_SAFE_INTEGER });
  try {
    let body: Record<string, unknown> = {};
    while (body['warnings'] === undefined) {
      const res = await fetch(`${t.url}/readyz`);
      assert.equal(res.status, 200, 'a warning, not unready: writes still succeed');
      body = (await res.json()) as Record<string, unknown>;
      if (body['warnings'] === undefined) await sleep(20);
    }
    assert.equal(body['status'], 'ready');
    const [warning] = body['warnings'] as { code: string; freeBytes: number }[];
    assert.equal(warning?.code, 'disk_low');
    assert.ok((warning?.freeBytes ?? 0) > 0);
  } finally {
    await t.close();
  }
});
