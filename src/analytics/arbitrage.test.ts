import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Harness, only } from '../testing/analytics.js';
import { testEvent } from '../testing/fixtures.js';

const close = (actual: number, expected: number, eps = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= eps, `${actual} is not within ${eps} of ${expected}`);

test('two books disagreeing enough open a two-way arb with stakes and the guaranteed return', () => {
  const h = new Harness({ bankroll: 1000 });
  const out = only(
    h.quotes(
      { book: 'draftkings', selection: 'home', price: 110 },
      { book: 'draftkings', selection: 'away', price: -130 },
      { book: 'fanduel', selection: 'home', price: -130 },
      { book: 'fanduel', selection: 'away', price: 110 },
    ),
    'arb',
  );
  assert.equal(out.length, 1);
  const arb = out[0];
  assert.ok(arb);
  assert.equal(arb.phase, 'opened');
  assert.deepEqual(
    arb.legs.map((l) => [l.book, l.selection, l.decimal]),
    [
      ['draftkings', 'home', 2.1],
      ['fanduel', 'away', 2.1],
    ],
  );
  close(arb.legs[0]?.stake ?? 0, 500);
  close(arb.legs[1]?.stake ?? 0, 500);
  close(arb.payout, 1050);
  close(arb.profit, 50);
  close(arb.profitShare, 0.05);
});

test('an arb updates when a leg moves, and closes when the prices stop crossing', () => {
  const h = new Harness();
  const [opened] = only(
    h.quotes(
      { book: 'draftkings', selection: 'home', price: 110 },
      { book: 'fanduel', selection: 'away', price: 110 },
    ),
    'arb',
  );
  const [updated] = only(h.quotes({ book: 'fanduel', selection: 'away', price: 105 }), 'arb');
  assert.equal(updated?.phase, 'updated');
  assert.equal(updated?.id, opened?.id);
  close(updated?.impliedSum ?? 0, 1 / 2.1 + 1 / 2.05);
  const [closed] = only(h.quotes({ book: 'fanduel', selection: 'away', price: -120 }), 'arb');
  assert.equal(closed?.phase, 'closed');
  assert.equal(closed?.reason, 'below_threshold');
  assert.equal(closed?.id, opened?.id);
});

test('a suspended leg never forms an arb: the arb closes and the next best price is used', () => {
  const h = new Harness();
  h.quotes(
    { book: 'draftkings', selection: 'home', price: 110 },
    { book: 'fanduel', selection: 'away', price: 110 },
    { book: 'betmgm', selection: 'away', price: -120 },
  );
  const [closed] = only(
    h.quotes({ book: 'fanduel', selection: 'away', price: 110, status: 'suspended' }),
    'arb',
  );
  assert.equal(closed?.reason, 'below_threshold', 'betmgm away -120 does not cross draftkings');
  assert.equal(only(h.engine.open(), 'arb').length, 0);
});

test('the only price of a side going off the board closes the arb as unavailable', () => {
  const h = new Harness();
  h.quotes(
    { book: 'draftkings', selection: 'home', price: 110 },
    { book: 'fanduel', selection: 'away', price: 110 },
  );
  const [closed] = only(
    h.quotes({ book: 'fanduel', selection: 'away', status: 'off_board' }),
    'arb',
  );
  assert.equal(closed?.reason, 'unavailable');
});

test('a stale leg never forms an arb: it closes on the clock', () => {
  const h = new Harness({ quoteMaxAgeMs: { preMatch: 20_000 } });
  h.quotes({ book: 'draftkings', selection: 'home', price: 110 });
  h.now += 10_000;
  h.quotes({ book: 'fanduel', selection: 'away', price: 110 });
  const [closed] = only(h.advance(10_000), 'arb');
  assert.equal(closed?.reason, 'stale', 'draftkings home aged out');
  assert.equal(closed?.cause, null);
  // A fresh quote at the same price forms it again.
  const [again] = only(h.quotes({ book: 'draftkings', selection: 'home', price: 111 }), 'arb');
  assert.equal(again?.phase, 'opened');
});

test('spreads: home -3.5 and away +3.5 are one market across books', () => {
  const h = new Harness();
  const [arb] = only(
    h.quotes(
      { book: 'draftkings', market: 'spread', selection: 'home', line: -3.5, price: 105 },
      { book: 'fanduel', market: 'spread', selection: 'away', line: 3.5, price: 105 },
      { book: 'betmgm', market: 'spread', selection: 'away', line: 4.5, price: 200 },
    ),
    'arb',
  );
  assert.ok(arb);
  assert.deepEqual(
    arb.legs.map((l) => [l.book, l.selection, l.line]),
    [
      ['draftkings', 'home', -3.5],
      ['fanduel', 'away', 3.5],
    ],
  );
});

test('a three-way arb needs all three outcomes and stakes each so every result pays the same', () => {
  const h = new Harness({ bankroll: 1000 }, [
    testEvent('epl-e1', { sport: 'soccer', league: 'epl' }),
  ]);
  const q = (book: string, selection: string, decimal: number) => ({
    book,
    selection,
    decimal,
    market: 'three-way',
    event: 'epl-e1',
  });
  const two = h.quotes(q('bet365', 'home', 3), q('unibet', 'draw', 3.6));
  assert.equal(only(two, 'arb').length, 0, 'no price for away yet');
  const [arb] = only(h.quotes(q('pinnacle', 'away', 4.5)), 'arb');
  assert.ok(arb);
  assert.deepEqual(
    arb.legs.map((l) => l.selection),
    ['home', 'draw', 'away'],
  );
  for (const leg of arb.legs) close(leg.stake * leg.decimal, 1200, 1e-6);
  close(arb.payout, 1200, 1e-6);
});

test('minProfit keeps thin arbs quiet', () => {
  const h = new Harness({ arbitrage: { minProfit: 0.06 } });
  const out = h.quotes(
    { book: 'draftkings', selection: 'home', price: 110 },
    { book: 'fanduel', selection: 'away', price: 110 },
  );
  assert.equal(only(out, 'arb').length, 0, 'a 5% arb is below 6%');
});

test('an event that ends closes its alerts and forgets its markets', () => {
  const h = new Harness();
  h.quotes(
    { book: 'draftkings', selection: 'home', price: 110 },
    { book: 'fanduel', selection: 'away', price: 110 },
  );
  assert.ok(h.engine.groupCount > 0);
  const out = h.event(testEvent('nba-e1', { status: 'cancelled' }));
  assert.deepEqual(
    out.map((a) => [a.kind, a.phase, a.reason]),
    [['arb', 'closed', 'event_finished']],
  );
  assert.equal(h.engine.groupCount, 0);
  assert.equal(h.engine.open().length, 0);
  // The books close their quotes after the end: that files nothing again.
  h.quotes(
    { book: 'draftkings', selection: 'home', price: 110, status: 'closed' },
    { book: 'fanduel', selection: 'away', price: 110, status: 'closed' },
  );
  assert.equal(h.engine.groupCount, 0);
});
