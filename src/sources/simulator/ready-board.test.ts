// Ready means the opening board is in the book: a client that subscribes the moment the server
// says ready gets a full snapshot for every league in season, never an empty one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileFilter } from '../../model/filter.js';
import { startTestApp } from '../../testing/app.js';
import { ManualScheduler } from '../../timers/scheduler.js';

const IN_SEASON = ['nfl', 'ncaaf', 'nba', 'ncaab', 'nhl', 'epl', 'laliga', 'bundesliga'];

test('the book holds every in-season league the moment the server is ready', async () => {
  // A winter Sunday with NFL games in play, at the default rate.
  const clock = new ManualScheduler(Date.parse('2026-11-29T19:00:00Z'));
  const t = await startTestApp({ 'simulator.rate': 200 }, undefined, undefined, {
    scheduler: clock,
  });
  try {
    // Read in the same turn startApp resolved in: no timer of the simulator has run since.
    for (const league of IN_SEASON) {
      const book = t.app.state.snapshot(compileFilter({ leagues: [league] }));
      assert.ok(
        book.events.length > 0 && book.quotes.length > 0,
        `${league}: ${book.events.length} events, ${book.quotes.length} quotes`,
      );
    }
    // And a client over the wire sees the same: a non-empty first snapshot.
    const res = await fetch(`${t.url}/v1/snapshot?league=nba&market=moneyline&key=${t.key}`);
    assert.equal(res.status, 200);
    assert.ok(((await res.json()) as { quotes: unknown[] }).quotes.length > 0);
  } finally {
    await t.close();
  }
});
