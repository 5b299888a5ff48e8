// The exchange in the assembled server: on by default, it lists a market for an ingested game
// and its makers quote it on the server's scheduler; `exchange.enabled: false` leaves it out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../testing/app.js';
import { ManualScheduler } from '../timers/scheduler.js';

const START = Date.UTC(2030, 0, 1, 12);
const GAME = {
  type: 'event',
  id: 'ex-nba-1',
  sport: 'basketball',
  league: 'nba',
  home: { id: 'nba-min', name: 'Minnesota Timberwolves', abbr: 'MIN' },
  away: { id: 'nba-den', name: 'Denver Nuggets', abbr: 'DEN' },
  startsAt: Date.UTC(2030, 0, 2, 0, 30),
  status: 'scheduled',
};
const quote = (selection: string, american: number) => ({
  type: 'quote',
  event: GAME.id,
  market: 'moneyline',
  book: 'pinnacle',
  selection,
  line: null,
  price: { american },
  sourceAt: START - 1000,
});

test('the server lists an ingested game on its exchange and the makers quote it', async () => {
  const scheduler = new ManualScheduler(START);
  const t = await startTestApp({}, undefined, undefined, { scheduler });
  try {
    assert.equal((await t.ingest([GAME])).status, 200);
    assert.equal((await t.ingest([quote('home', -400), quote('away', 400)])).status, 200);
    const exchange = t.app.exchange!;
    const [market] = exchange.markets();
    assert.equal(market?.slug, 'aec-nba-min-den-2030-01-02');
    assert.equal(market?.eventId, GAME.id);
    scheduler.advance(2000);
    const bbo = exchange.bbo(market!.slug)!;
    assert.ok(bbo.bestBid !== null && bbo.bestAsk !== null && bbo.bestBid < bbo.bestAsk);
    assert.ok(
      Math.abs((bbo.currentPx ?? 0) - 0.8) <= 0.05,
      `around the no-vig 0.8: ${bbo.currentPx}`,
    );
  } finally {
    await t.close();
  }
});

test('exchange.enabled false builds no exchange', async () => {
  const t = await startTestApp({ exchange: { enabled: false } });
  try {
    assert.equal(t.app.exchange, null);
  } finally {
    await t.close();
  }
});
