import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultCatalogDir, loadCatalog } from '../catalog/load.js';
import { testKey } from '../testing/fixtures.js';
import { consensusFair, median } from './consensus.js';
import { BookQuotes, outcomesFromCatalog, place } from './market.js';

const outcomes = outcomesFromCatalog(loadCatalog(defaultCatalogDir()).markets);

test('the catalog market kinds give each market its outcomes', () => {
  assert.deepEqual(outcomes.get('moneyline'), ['home', 'away']);
  assert.deepEqual(outcomes.get('spread'), ['home', 'away']);
  assert.deepEqual(outcomes.get('three-way'), ['home', 'draw', 'away']);
  assert.deepEqual(outcomes.get('total'), ['over', 'under']);
  assert.deepEqual(outcomes.get('team-total'), ['over', 'under']);
  assert.deepEqual(outcomes.get('player-points'), ['over', 'under']);
});

test('both sides of a spread share one group, filed under the home handicap', () => {
  const home = place(
    testKey({ market: 'spread', selection: 'home', line: -3.5 }),
    outcomes.get('spread'),
  );
  const away = place(
    testKey({ market: 'spread', selection: 'away', line: 3.5 }),
    outcomes.get('spread'),
  );
  assert.equal(home?.groupKey, away?.groupKey);
  assert.equal(home?.line, -3.5);
  assert.deepEqual([home?.side, away?.side], [0, 1]);
});

test('team totals and props group by their prefix; yes-only props and unknown markets have no group', () => {
  const tt = place(
    testKey({ market: 'team-total', selection: 'home.over', line: 110.5 }),
    outcomes.get('team-total'),
  );
  assert.equal(tt?.family, 'home');
  assert.equal(tt?.side, 0);
  const prop = place(
    testKey({ market: 'player-points', selection: 'nba-tatum.under', line: 27.5 }),
    outcomes.get('player-points'),
  );
  assert.equal(prop?.family, 'nba-tatum');
  assert.equal(prop?.side, 1);
  assert.equal(
    place(
      testKey({ market: 'player-anytime-td', selection: 'nfl-kelce' }),
      outcomes.get('player-anytime-td'),
    ),
    null,
  );
  assert.equal(place(testKey({ market: 'no-such-market' }), outcomes.get('no-such-market')), null);
});

function book(fair: number[] | null, receivedAt = 0): BookQuotes {
  const b = new BookQuotes(fair?.length ?? 2);
  b.fair = fair;
  b.receivedAt.fill(receivedAt);
  return b;
}

test('median consensus: per outcome median of the fresh books, renormalised', () => {
  const books = new Map([
    ['a', book([0.5, 0.5])],
    ['b', book([0.6, 0.4])],
    ['c', book([0.55, 0.45])],
    ['d', book([0.9, 0.1], -1)],
  ]);
  // Fresh: received after -1 (d, received at -1, is not).
  const fresh = -1;
  const p = consensusFair(books, { kind: 'median', books: [], minBooks: 3 }, 'power', fresh);
  assert.deepEqual(p, [0.55, 0.45]);
  assert.equal(
    consensusFair(books, { kind: 'median', books: ['a', 'd'], minBooks: 2 }, 'power', fresh),
    null,
    'd is stale, so only one of two listed books is left',
  );
  // worst_case minima are not renormalised.
  const wc = consensusFair(
    new Map([['a', book([0.48, 0.49])]]),
    { kind: 'median', books: [], minBooks: 1 },
    'worst_case',
    -1,
  );
  assert.deepEqual(wc, [0.48, 0.49]);
});

test('median of an even count is the mean of the middle two', () => {
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([3, 1, 2]), 2);
});
