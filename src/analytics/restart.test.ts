// After a restart the book restored from history is filed into the analytics before any new
// Change: what was open is open again, on a new alert-stream epoch.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../testing/app.js';
import { arbItems, eventItems } from '../testing/feed.js';
import type { Alert } from './types.js';

test('an arbitrage open before a restart is open after it, without a new Change', async () => {
  // Events start far ahead and prices are fresh: nothing ages out across the restart.
  const first = await startTestApp();
  await first.ingest(eventItems());
  const r = await first.ingest(arbItems('nba-1'));
  assert.equal(r.body.accepted, 4);
  const before = first.app.alerts!.open();
  assert.equal(before.alerts.filter((c) => c.alert.kind === 'arb').length, 1);
  await first.close({ keepData: true });

  const again = await startTestApp({}, first.dataDir);
  try {
    const res = await fetch(`${again.url}/v1/alerts?kind=arb`);
    const body = (await res.json()) as { position: { epoch: string }; alerts: Alert[] };
    assert.equal(body.alerts.length, 1);
    const arb = body.alerts[0]!;
    assert.ok(arb.kind === 'arb' && arb.phase === 'opened');
    assert.deepEqual(
      arb.legs.map((l) => [l.book, l.selection, l.american]),
      [
        ['draftkings', 'home', 300],
        ['fanduel', 'away', 300],
      ],
    );
    assert.notEqual(body.position.epoch, before.position.epoch, 'a new alert-stream epoch');
  } finally {
    await again.close();
  }
});
