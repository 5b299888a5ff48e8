import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Harness, only } from '../testing/analytics.js';
import { testEvent } from '../testing/fixtures.js';

const close = (actual: number, expected: number, eps = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= eps, `${actual} is not within ${eps} of ${expected}`);

function withSharp(config: unknown = {}): Harness {
  const h = new Harness(config);
  h.quotes(
    { book: 'pinnacle', selection: 'home', price: -110 },
    { book: 'pinnacle', selection: 'away', price: -110 },
  );
  return h;
}

test('a price above the sharp fair price by the threshold opens +EV with its edge and Kelly', () => {
  const h = withSharp();
  const [ev, ...rest] = only(h.quotes({ book: 'draftkings', selection: 'home', price: 110 }), 'ev');
  assert.equal(rest.length, 0);
  assert.ok(ev);
  assert.equal(ev.phase, 'opened');
  assert.deepEqual(ev.quote, {
    book: 'draftkings',
    selection: 'home',
    line: null,
    decimal: 2.1,
    american: 110,
  });
  close(ev.fairProbability, 0.5);
  close(ev.fairDecimal, 2);
  close(ev.edge, 0.05);
  close(ev.kelly, 0.05 / 1.1);
  assert.equal(ev.sport, 'basketball');
  assert.deepEqual(ev.cause, { epoch: 'ep', seq: 4 });
});

test('+EV updates as the edge changes, closes below the threshold, and a new one gets a new id', () => {
  const h = withSharp();
  const [opened] = only(h.quotes({ book: 'draftkings', selection: 'home', price: 110 }), 'ev');
  const [updated] = only(h.quotes({ book: 'draftkings', selection: 'home', price: 105 }), 'ev');
  assert.equal(updated?.phase, 'updated');
  assert.equal(updated?.id, opened?.id);
  close(updated?.edge ?? 0, 0.025);
  const [closed] = only(h.quotes({ book: 'draftkings', selection: 'home', price: 102 }), 'ev');
  assert.equal(closed?.phase, 'closed');
  assert.equal(closed?.reason, 'below_threshold');
  assert.equal(closed?.id, opened?.id);
  const [again] = only(h.quotes({ book: 'draftkings', selection: 'home', price: 110 }), 'ev');
  assert.equal(again?.phase, 'opened');
  assert.notEqual(again?.id, opened?.id);
  assert.deepEqual(
    only(h.engine.open(), 'ev').map((a) => a.id),
    [again?.id],
  );
});

test('a sharp move that takes the edge away closes +EV', () => {
  const h = withSharp();
  h.quotes({ book: 'draftkings', selection: 'home', price: 110 });
  // Pinnacle now makes home the underdog: fair home 0.4762 -> edge 2.1 * 0.4762 - 1 < 0.
  const out = only(
    h.quotes(
      { book: 'pinnacle', selection: 'home', price: 110 },
      { book: 'pinnacle', selection: 'away', price: -130 },
    ),
    'ev',
  );
  assert.deepEqual(
    out.map((a) => [a.phase, a.reason]),
    [['closed', 'below_threshold']],
  );
});

test('a suspended sharp side leaves no fair price: +EV closes with no_consensus', () => {
  const h = withSharp();
  h.quotes({ book: 'draftkings', selection: 'home', price: 110 });
  const [closed] = only(
    h.quotes({ book: 'pinnacle', selection: 'away', price: -110, status: 'suspended' }),
    'ev',
  );
  assert.equal(closed?.reason, 'no_consensus');
  // The sharp reopens: the same quote is +EV again, as a new alert.
  const [reopened] = only(h.quotes({ book: 'pinnacle', selection: 'away', price: -110 }), 'ev');
  assert.equal(reopened?.phase, 'opened');
});

test('the bet quote itself going off the board closes +EV as unavailable', () => {
  const h = withSharp();
  h.quotes({ book: 'draftkings', selection: 'home', price: 110 });
  const [closed] = only(
    h.quotes({ book: 'draftkings', selection: 'home', status: 'off_board' }),
    'ev',
  );
  assert.equal(closed?.reason, 'unavailable');
});

test('freshness guard: +EV closes when the sharp quote gets too old, on the clock alone', () => {
  const h = withSharp({ consensusMaxAgeMs: { preMatch: 60_000 } });
  h.now += 30_000;
  h.quotes({ book: 'draftkings', selection: 'home', price: 110 });
  assert.equal(only(h.advance(29_999), 'ev').length, 0, 'sharp is 59.999 s old: still fresh');
  const [closed] = only(h.advance(1), 'ev');
  assert.equal(closed?.phase, 'closed');
  assert.equal(closed?.reason, 'no_consensus');
  assert.equal(closed?.cause, null, 'the clock closed it, not a Change');
  assert.equal(closed?.at, h.now);
});

test('in play the tighter age limit applies', () => {
  const h = new Harness({ consensusMaxAgeMs: { preMatch: 600_000, inPlay: 5_000 } }, [
    testEvent('nba-e1', { status: 'live', live: { home: 0, away: 0, clock: 720, period: 1 } }),
  ]);
  h.quotes(
    { book: 'pinnacle', selection: 'home', price: -110 },
    { book: 'pinnacle', selection: 'away', price: -110 },
    { book: 'draftkings', selection: 'home', price: 110 },
  );
  assert.equal(only(h.engine.open(), 'ev').length, 1);
  const [closed] = only(h.advance(5_000), 'ev');
  assert.equal(closed?.reason, 'no_consensus');
});

test('a stale bet quote closes +EV as stale', () => {
  const h = withSharp({
    quoteMaxAgeMs: { preMatch: 10_000 },
    consensusMaxAgeMs: { preMatch: 60_000 },
  });
  h.quotes({ book: 'draftkings', selection: 'home', price: 110 });
  const [closed] = only(h.advance(10_000), 'ev');
  assert.equal(closed?.reason, 'stale');
});

test('median consensus of one book is that book; below minBooks there is no fair price', () => {
  const one = new Harness({ consensus: { kind: 'median', minBooks: 1 } });
  const out = one.quotes(
    { book: 'fanduel', selection: 'home', price: -110 },
    { book: 'fanduel', selection: 'away', price: -110 },
    { book: 'fanduel', selection: 'home', price: 110 },
  );
  // fanduel's own fair price is 50/50 until its home price moves; then its market is 2.1 / 1.909,
  // which devigs to a fair home probability below 1 / 2.1: no edge against itself.
  assert.equal(only(out, 'ev').length, 0);
  const two = new Harness({ consensus: { kind: 'median', minBooks: 2 } });
  const none = two.quotes(
    { book: 'fanduel', selection: 'home', price: -110 },
    { book: 'fanduel', selection: 'away', price: -110 },
    { book: 'draftkings', selection: 'home', price: 130 },
  );
  assert.equal(only(none, 'ev').length, 0, 'one complete book is below minBooks 2');
});

test('weighted consensus averages the listed books by weight', () => {
  const h = new Harness({
    method: 'multiplicative',
    consensus: { kind: 'weighted', weights: { pinnacle: 3, circa: 1 } },
  });
  const out = h.quotes(
    { book: 'pinnacle', selection: 'home', decimal: 2 },
    { book: 'pinnacle', selection: 'away', decimal: 2 },
    { book: 'circa', selection: 'home', decimal: 1.5 },
    { book: 'circa', selection: 'away', decimal: 3 },
    { book: 'draftkings', selection: 'home', decimal: 1.9 },
  );
  // fair home = (3 * 0.5 + 1 * (2/3)) / 4 = 0.541667; edge at 1.9 = 0.029167.
  const ev = only(out, 'ev').find((a) => a.quote.book === 'draftkings');
  assert.ok(ev);
  close(ev.fairProbability, 0.5416666666666666);
  close(ev.edge, 1.9 * 0.5416666666666666 - 1);
});
