import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  americanToDecimal,
  americanToFractional,
  decimalToAmerican,
  decimalToFractional,
  fractionalToDecimal,
  impliedProbability,
  impliedProbabilityFromAmerican,
  isValidAmerican,
  isValidDecimal,
  noVigProbabilities,
  overround,
  parseFractional,
  priceFromAmerican,
  priceFromDecimal,
  priceFromFractional,
  roundDecimal,
  validatePrice,
} from './odds.js';

const close = (actual: number, expected: number, eps = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= eps, `${actual} is not within ${eps} of ${expected}`);

describe('American to decimal', () => {
  const table: [number, number][] = [
    [100, 2],
    [-100, 2],
    [-110, 1.9091],
    [-105, 1.9524],
    [-120, 1.8333],
    [-200, 1.5],
    [-300, 1.3333],
    [110, 2.1],
    [150, 2.5],
    [250, 3.5],
    [1000, 11],
    [-10000, 1.01],
    [-15000, 1.0067],
  ];
  for (const [american, decimal] of table) {
    test(`${american} is ${decimal}`, () => assert.equal(americanToDecimal(american), decimal));
  }

  for (const bad of [-99, 99, 0, 50, -50.5, Number.NaN, Number.POSITIVE_INFINITY, -Infinity]) {
    test(`${bad} is rejected`, () => {
      assert.equal(isValidAmerican(bad), false);
      assert.throws(() => americanToDecimal(bad), RangeError);
    });
  }
});

describe('decimal to American', () => {
  const table: [number, number][] = [
    [2, 100], // even money goes out as +100, never -100
    [2.0001, 100],
    [1.9999, -100],
    [1.909, -110],
    [1.9091, -110],
    [1.5, -200],
    [1.3333, -300],
    [2.5, 150],
    [2.455, 146], // half away from zero
    [1.8, -125],
    [11, 1000],
    [1.01, -10000],
  ];
  for (const [decimal, american] of table) {
    test(`${decimal} is ${american}`, () => assert.equal(decimalToAmerican(decimal), american));
  }

  for (const bad of [1, 0.5, 0, -2, Number.NaN, Number.POSITIVE_INFINITY]) {
    test(`${bad} is rejected`, () => {
      assert.equal(isValidDecimal(bad), false);
      assert.throws(() => decimalToAmerican(bad), RangeError);
    });
  }

  test('round-trips every integer from -101 to -1000 and every positive up to +100000', () => {
    for (let a = -101; a >= -1000; a--) assert.equal(decimalToAmerican(americanToDecimal(a)), a);
    for (let a = 100; a <= 100000; a++) assert.equal(decimalToAmerican(americanToDecimal(a)), a);
  });
});

describe('decimal rounding', () => {
  const table: [number, number][] = [
    [1.90909090909, 1.9091],
    [1.00005, 1.0001], // half away from zero
    [2.00004, 2],
    [1.23456, 1.2346],
  ];
  for (const [raw, rounded] of table) {
    test(`${raw} rounds to ${rounded}`, () => assert.equal(roundDecimal(raw), rounded));
  }
  test('places can be chosen', () => assert.equal(roundDecimal(1.90909, 2), 1.91));
});

describe('fractional', () => {
  const fromAmerican: [number, string][] = [
    [-110, '10/11'],
    [-120, '5/6'],
    [-200, '1/2'],
    [100, '1/1'],
    [-100, '1/1'],
    [150, '3/2'],
    [250, '5/2'],
    [1000, '10/1'],
    [-162.5, '8/13'],
  ];
  for (const [american, fractional] of fromAmerican) {
    test(`${american} is ${fractional}`, () =>
      assert.equal(americanToFractional(american), fractional));
  }

  const fromDecimal: [number, string][] = [
    [1.9091, '10/11'],
    [1.8333, '5/6'],
    [1.3333, '1/3'],
    [1.4444, '4/9'],
    [1.5714, '4/7'],
    [1.6154, '8/13'],
    [1.7273, '8/11'],
    [2, '1/1'],
    [2.1, '11/10'],
    [2.625, '13/8'],
    [2.875, '15/8'],
    [4.3333, '10/3'],
    [1.83, '83/100'],
    [101, '100/1'],
    [1.001, '1/100'], // would be 0/1 within the bounded denominator
  ];
  for (const [decimal, fractional] of fromDecimal) {
    test(`decimal ${decimal} is ${fractional}`, () =>
      assert.equal(decimalToFractional(decimal), fractional));
  }

  test('denominator bound is honoured', () => {
    assert.equal(decimalToFractional(1.3141, 10), '3/10');
    assert.equal(decimalToFractional(4.1416, 10), '22/7');
    assert.equal(decimalToFractional(4.1416, 200), '355/113');
  });

  const parse: [string, number | null][] = [
    ['10/11', 1.9091],
    ['evens', 2],
    [' 5 / 2 ', 3.5],
    ['0/1', null],
    ['1/0', null],
    ['-1/2', null],
    ['1.5/2', null],
    ['abc', null],
  ];
  for (const [text, decimal] of parse) {
    test(`'${text}' parses to ${decimal}`, () => {
      if (decimal === null) {
        assert.equal(parseFractional(text), null);
        assert.throws(() => fractionalToDecimal(text), RangeError);
      } else {
        assert.equal(fractionalToDecimal(text), decimal);
      }
    });
  }
});

describe('probability', () => {
  test('implied probability of decimal and American', () => {
    close(impliedProbability(2), 0.5);
    close(impliedProbability(1.25), 0.8);
    close(impliedProbabilityFromAmerican(-110), 110 / 210);
    close(impliedProbabilityFromAmerican(300), 0.25);
  });

  const overrounds: [string, number[], number][] = [
    ['-110/-110', [americanToDecimal(-110), americanToDecimal(-110)], 0.0476],
    ['fair coin', [2, 2], 0],
    ['3-way 2.5/3.2/3.0', [2.5, 3.2, 3.0], 0.0458],
  ];
  for (const [name, prices, expected] of overrounds) {
    test(`overround of ${name} is ${expected}`, () => close(overround(prices), expected, 1e-4));
  }

  test('no-vig probabilities remove the margin proportionally and sum to one', () => {
    const fair = noVigProbabilities([1.5, 2.6]);
    close(fair[0] ?? 0, 1 / 1.5 / (1 / 1.5 + 1 / 2.6));
    close(
      fair.reduce((a, b) => a + b, 0),
      1,
    );
    const even = noVigProbabilities([1.9091, 1.9091]);
    assert.deepEqual(even, [0.5, 0.5]);
  });

  test('invalid odds in a set are rejected', () => {
    assert.throws(() => overround([2, 1]), RangeError);
    assert.throws(() => noVigProbabilities([2, Number.NaN]), RangeError);
  });
});

describe('prices', () => {
  test('priceFromAmerican keeps the American it was given', () => {
    assert.deepEqual(priceFromAmerican(-110), { decimal: 1.9091, american: -110 });
    assert.deepEqual(priceFromAmerican(-100), { decimal: 2, american: -100 });
    assert.deepEqual(priceFromAmerican(-10001), { decimal: 1.01, american: -10001 });
    assert.throws(() => priceFromAmerican(-50), RangeError);
  });

  test('priceFromDecimal rounds and never rounds down to 1', () => {
    assert.deepEqual(priceFromDecimal(1.909090909), { decimal: 1.9091 });
    assert.deepEqual(priceFromDecimal(1.00001), { decimal: 1.0001 });
    assert.throws(() => priceFromDecimal(1), RangeError);
  });

  test('priceFromFractional reduces the fraction', () => {
    assert.deepEqual(priceFromFractional('20/22'), { decimal: 1.9091, fractional: '10/11' });
  });

  const valid: [string, Parameters<typeof validatePrice>[0]][] = [
    ['decimal only', { decimal: 1.5 }],
    ['American and decimal', { decimal: 1.9091, american: -110 }],
    ['-100 at 2.0', { decimal: 2, american: -100 }],
    ['decimal rounded to 2 places', { decimal: 1.91, american: -110 }],
    ['fractional', { decimal: 1.8333, fractional: '5/6' }],
  ];
  for (const [name, price] of valid) {
    test(`valid: ${name}`, () => assert.equal(validatePrice(price), null));
  }

  const invalid: [string, Parameters<typeof validatePrice>[0], RegExp][] = [
    ['decimal 1', { decimal: 1 }, /decimal/],
    ['decimal NaN', { decimal: Number.NaN }, /decimal/],
    ['decimal Infinity', { decimal: Number.POSITIVE_INFINITY }, /decimal/],
    ['American inside (-100, 100)', { decimal: 2, american: 50 }, /American/],
    ['American NaN', { decimal: 2, american: Number.NaN }, /American/],
    ['American of the wrong sign', { decimal: 1.9091, american: 110 }, /disagrees/],
    ['bad fractional', { decimal: 2, fractional: '1:1' }, /fractional/],
    ['fractional disagreeing', { decimal: 2, fractional: '5/6' }, /disagrees/],
  ];
  for (const [name, price, reason] of invalid) {
    test(`invalid: ${name}`, () => assert.match(validatePrice(price) ?? '', reason));
  }
});
