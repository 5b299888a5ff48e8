import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../sources/simulator/prng.js';
import { arbitragePlan } from './arbitrage.js';
import { centsMove } from './cents.js';
import { edge, kelly } from './edge.js';
import { middlePlan } from './middle.js';

const close = (actual: number, expected: number, eps = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= eps, `${actual} is not within ${eps} of ${expected}`);

test('edge is p * d - 1 and Kelly is edge / (d - 1), zero without an edge', () => {
  const table: [decimal: number, p: number, edge: number, kelly: number][] = [
    [2.1, 0.5, 0.05, 0.05 / 1.1],
    [3, 0.4, 0.2, 0.1],
    [1.5, 0.7, 0.05, 0.1],
    [1.9091, 0.5, -0.04545, 0],
    [2, 0.5, 0, 0],
  ];
  for (const [d, p, e, k] of table) {
    close(edge(d, p), e);
    close(kelly(d, p), k);
  }
});

test('a two-way arb: 2.1 and 2.1 at 1000 stakes 500 each and returns 1050', () => {
  const a = arbitragePlan([2.1, 2.1], 1000);
  close(a.impliedSum, 2 / 2.1);
  close(a.stakes[0] ?? 0, 500);
  close(a.stakes[1] ?? 0, 500);
  close(a.payout, 1050);
  close(a.profit, 50);
  close(a.profitShare, 0.05);
});

test('a three-way arb: 3.0 / 3.6 / 4.5 stakes 400 / 333.33 / 266.67 of 1000 and returns 1200', () => {
  // 1/3 + 1/3.6 + 1/4.5 = 0.8333...: payout 1000 / 0.8333 = 1200.
  const a = arbitragePlan([3, 3.6, 4.5], 1000);
  close(a.payout, 1200);
  close(a.stakes[0] ?? 0, 400);
  close(a.stakes[1] ?? 0, 1000 / 3);
  close(a.stakes[2] ?? 0, 800 / 3);
});

test('no arb when the best prices imply more than 1: the profit is negative', () => {
  const a = arbitragePlan([1.9091, 1.9091], 100);
  assert.ok(a.impliedSum > 1);
  assert.ok(a.profit < 0);
});

test('property: an arb pays the same whichever leg wins, and the stakes spend the bankroll (seeded)', () => {
  const rng = new Rng(20261129);
  let arbs = 0;
  for (let i = 0; i < 5000; i++) {
    const legs = rng.chance(0.5) ? 2 : 3;
    const decimals = Array.from({ length: legs }, () => 1.01 + rng.next() * (legs === 2 ? 2 : 5));
    const bankroll = 1 + rng.next() * 10_000;
    const a = arbitragePlan(decimals, bankroll);
    if (a.impliedSum >= 1) continue;
    arbs++;
    const returns = decimals.map((d, j) => (a.stakes[j] ?? 0) * d);
    for (const r of returns) close(r, a.payout, 1e-9 * bankroll);
    close(
      a.stakes.reduce((x, y) => x + y, 0),
      bankroll,
      1e-9 * bankroll,
    );
    assert.ok(a.payout > bankroll);
  }
  assert.ok(arbs > 500, `only ${arbs} random markets were arbs`);
});

test('a middle on totals: over 220.5 at 1.91 and under 222.5 at 1.91, width 2', () => {
  const m = middlePlan(
    { threshold: 220.5, decimal: 1.91 },
    { threshold: 222.5, decimal: 1.91 },
    100,
  );
  assert.ok(m);
  close(m.width, 2);
  close(m.stakes[0], 50);
  close(m.stakes[1], 50);
  close(m.missPayout, 95.5);
  close(m.hitPayout, 191);
  close(m.cost, 0.045);
});

test('a middle on spreads: home -3.5 (threshold 3.5) and away +4.5 (threshold 4.5), width 1', () => {
  const m = middlePlan({ threshold: 3.5, decimal: 1.87 }, { threshold: 4.5, decimal: 2.0 }, 100);
  assert.ok(m);
  close(m.width, 1);
  // Both outcomes outside the middle return the same.
  close(m.stakes[0] * 1.87, m.stakes[1] * 2);
  close(m.stakes[0] + m.stakes[1], 100);
});

test('no middle when the lines leave no band (same line or crossed)', () => {
  assert.equal(
    middlePlan({ threshold: 220.5, decimal: 2 }, { threshold: 220.5, decimal: 2 }, 1),
    null,
  );
  assert.equal(
    middlePlan({ threshold: 221.5, decimal: 2 }, { threshold: 220.5, decimal: 2 }, 1),
    null,
  );
});

test('cents: a shorter price moves negative, across even money counts from 100', () => {
  const table: [before: number, after: number, cents: number][] = [
    [-110, -120, -10],
    [-120, -110, 10],
    [105, -105, -10],
    [-105, 105, 10],
    [150, 130, -20],
    [100, -100, 0],
  ];
  for (const [b, a, c] of table) {
    assert.equal(
      centsMove({ decimal: 0, american: b }, { decimal: 0, american: a }),
      c,
      `${b} -> ${a}`,
    );
  }
  // Without American odds the decimal converts: 2.0 (+100) to 1.8333 (-120) is 20 cents shorter.
  assert.equal(centsMove({ decimal: 2 }, { decimal: 1.8333 }), -20);
});
