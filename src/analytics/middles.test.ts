import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Harness, only } from '../testing/analytics.js';

const close = (actual: number, expected: number, eps = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= eps, `${actual} is not within ${eps} of ${expected}`);

test('totals: over 220.5 at one book and under 222.5 at another is a 2-point middle', () => {
  const h = new Harness({ bankroll: 100 });
  const out = only(
    h.quotes(
      { book: 'draftkings', market: 'total', selection: 'over', line: 220.5, price: -105 },
      { book: 'fanduel', market: 'total', selection: 'under', line: 222.5, price: -105 },
    ),
    'middle',
  );
  assert.equal(out.length, 1);
  const mid = out[0];
  assert.ok(mid);
  assert.equal(mid.phase, 'opened');
  close(mid.width, 2);
  assert.deepEqual(
    mid.legs.map((l) => [l.book, l.selection, l.line, l.threshold]),
    [
      ['draftkings', 'over', 220.5, 220.5],
      ['fanduel', 'under', 222.5, 222.5],
    ],
  );
  const d = 1.9524;
  close(mid.legs[0].stake, 50);
  close(mid.missPayout, 50 * d);
  close(mid.hitPayout, 100 * d);
  close(mid.cost, 1 - d / 2);
});

test('spreads: home -3.5 and away +4.5 middle on a 4-point home win', () => {
  const h = new Harness();
  const [mid] = only(
    h.quotes(
      { book: 'draftkings', market: 'spread', selection: 'home', line: -3.5, price: -105 },
      { book: 'fanduel', market: 'spread', selection: 'away', line: 4.5, price: -110 },
    ),
    'middle',
  );
  assert.ok(mid);
  close(mid.width, 1);
  assert.deepEqual(
    mid.legs.map((l) => [l.selection, l.line, l.threshold]),
    [
      ['home', -3.5, 3.5],
      ['away', 4.5, 4.5],
    ],
  );
});

test('no middle when the lines cross the wrong way or cost more than allowed', () => {
  const h = new Harness({ middles: { maxCost: 0.03 } });
  const out = h.quotes(
    { book: 'draftkings', market: 'total', selection: 'over', line: 222.5, price: -105 },
    { book: 'fanduel', market: 'total', selection: 'under', line: 220.5, price: -105 },
    // Width 2 but -130 / -130 costs about 13%.
    { book: 'betmgm', market: 'total', selection: 'over', line: 218.5, price: -130 },
    { book: 'caesars', market: 'total', selection: 'under', line: 220.5, price: -130 },
  );
  assert.equal(only(out, 'middle').length, 0);
});

test('legs come from two books: when one book is best on both sides, the runner-up is used', () => {
  const h = new Harness();
  const [mid] = only(
    h.quotes(
      { book: 'draftkings', market: 'total', selection: 'over', line: 220.5, price: -102 },
      { book: 'draftkings', market: 'total', selection: 'under', line: 222.5, price: -102 },
      { book: 'fanduel', market: 'total', selection: 'under', line: 222.5, price: -108 },
    ),
    'middle',
  ).filter((a) => a.phase === 'opened' || a.phase === 'updated');
  assert.ok(mid);
  const last = only(h.engine.open(), 'middle')[0];
  assert.deepEqual(
    last?.legs.map((l) => l.book),
    ['draftkings', 'fanduel'],
  );
});

test('a middle closes when a leg is suspended and there is no other price', () => {
  const h = new Harness();
  h.quotes(
    { book: 'draftkings', market: 'total', selection: 'over', line: 220.5, price: -105 },
    { book: 'fanduel', market: 'total', selection: 'under', line: 222.5, price: -105 },
  );
  const [closed] = only(
    h.quotes({
      book: 'fanduel',
      market: 'total',
      selection: 'under',
      line: 222.5,
      price: -105,
      status: 'suspended',
    }),
    'middle',
  );
  assert.equal(closed?.phase, 'closed');
  assert.equal(closed?.reason, 'unavailable');
});
