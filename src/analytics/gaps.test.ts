// Cross-venue gaps in the engine: the market's mid against the consensus' home-win probability,
// in its own devig method, with the lifecycle and close reasons of every alert.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Harness, only } from '../testing/analytics.js';
import { multiplicative, power } from './devig.js';

const close = (actual: number | undefined, expected: number, eps = 1e-12) =>
  assert.ok(Math.abs((actual ?? Number.NaN) - expected) <= eps, `${actual} vs ${expected}`);
const market = { market: 'aec-nba-x', event: 'nba-e1', state: 'open' as const };

test('a gap opens, updates with either venue and closes below the threshold', () => {
  // The analytics' own method (worst_case) is not the gaps' (multiplicative by default).
  const h = new Harness({ method: 'worst_case' });
  h.quotes(
    { book: 'pinnacle', selection: 'home', decimal: 1.5 },
    { book: 'pinnacle', selection: 'away', decimal: 2.6 },
  );
  const fair = multiplicative([1.5, 2.6])![0]!;
  const [opened, ...rest] = only(h.venue({ ...market, bid: 0.5, ask: 0.54 }), 'venue_gap');
  assert.equal(rest.length, 0);
  assert.equal(opened?.phase, 'opened');
  close(opened?.fairProbability, fair);
  close(opened?.gap, 0.52 - fair);
  assert.deepEqual(
    [opened?.market, opened?.period, opened?.sport],
    ['moneyline', 'game', 'basketball'],
  );
  assert.deepEqual(opened?.books, ['pinnacle']);
  assert.equal(opened?.cause, null);
  // Another book's price cannot move the consensus: nothing to say.
  assert.equal(
    only(h.quotes({ book: 'draftkings', selection: 'home', decimal: 1.4 }), 'venue_gap').length,
    0,
  );
  // A move of the consensus book updates it.
  const [moved] = only(
    h.quotes({ book: 'pinnacle', selection: 'home', decimal: 1.6 }),
    'venue_gap',
  );
  assert.equal(moved?.phase, 'updated');
  assert.equal(moved?.id, opened?.id);
  close(moved?.fairProbability, multiplicative([1.6, 2.6])![0]!);
  // The same mid from another bid and ask is no news.
  assert.equal(h.venue({ ...market, bid: 0.51, ask: 0.53 }).length, 0);
  const [closed] = only(h.venue({ ...market, bid: 0.6, ask: 0.62 }), 'venue_gap');
  assert.equal(closed?.phase, 'closed');
  assert.equal(closed?.reason, 'below_threshold');
});

test('the draw is its own outcome: a three-way home win is what YES means', () => {
  const h = new Harness({ venueGaps: { method: 'power' } });
  h.quotes(
    { book: 'pinnacle', market: 'three-way', selection: 'home', decimal: 2.4 },
    { book: 'pinnacle', market: 'three-way', selection: 'draw', decimal: 3.3 },
    { book: 'pinnacle', market: 'three-way', selection: 'away', decimal: 3.1 },
  );
  const [a] = only(h.venue({ ...market, bid: 0.5, ask: 0.52 }), 'venue_gap');
  const fair = power([2.4, 3.3, 3.1])![0]!;
  const twoWay = multiplicative([2.4, 3.1])![0]!;
  assert.ok(fair < twoWay - 0.1, 'the home win excludes the draw');
  close(a?.fairProbability, fair);
  assert.equal(a?.market, 'three-way');
});

test('no book, an empty side, a suspended or closed market and a stale consensus close the gap', () => {
  const h = new Harness();
  assert.equal(h.venue({ ...market, bid: 0.5, ask: 0.54 }).length, 0, 'no consensus yet');
  const books = h.quotes(
    { book: 'pinnacle', selection: 'home', decimal: 1.5 },
    { book: 'pinnacle', selection: 'away', decimal: 2.6 },
  );
  assert.equal(only(books, 'venue_gap')[0]?.phase, 'opened', 'the books arriving open it');
  const [empty] = only(h.venue({ ...market, bid: null, ask: 0.54 }), 'venue_gap');
  assert.equal(empty?.reason, 'unavailable');
  assert.equal(only(h.venue({ ...market, bid: 0.5, ask: 0.54 }), 'venue_gap')[0]?.phase, 'opened');
  const [suspended] = only(
    h.venue({ ...market, state: 'suspended', bid: 0.5, ask: 0.54 }),
    'venue_gap',
  );
  assert.equal(suspended?.reason, 'unavailable');
  h.venue({ ...market, bid: 0.5, ask: 0.54 });
  // Pre-match consensus prices age out after ten minutes by default.
  const [stale] = only(h.advance(10 * 60_000 + 1), 'venue_gap');
  assert.equal(stale?.reason, 'no_consensus');
  h.quotes(
    { book: 'pinnacle', selection: 'home', decimal: 1.45 },
    { book: 'pinnacle', selection: 'away', decimal: 2.7 },
  );
  assert.equal(only(h.engine.open(), 'venue_gap').length, 1, 'fresh prices reopen it');
  const [closedMarket] = only(
    h.venue({ ...market, state: 'closed', bid: null, ask: null }),
    'venue_gap',
  );
  assert.equal(closedMarket?.reason, 'unavailable');
  assert.equal(
    h.venue({ ...market, bid: 0.5, ask: 0.54 }).length,
    1,
    'a market may be linked again',
  );
});
