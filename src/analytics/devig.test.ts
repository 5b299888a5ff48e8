// Reference values and where they come from:
// - R package `implied` 0.6 (J. C. Lindstrøm, github opisthokonta/implied, R/implied_probabilities.R),
//   run with R 4.2.2 by devig.reference.R in this folder. Its root-finding methods stop at
//   tol = .Machine$double.eps^0.25 (about 1e-4) by default; the script passes
//   uniroot_options = list(tol = 1e-15) (and shin_method = 'uniroot') so that its printed values
//   are the exact solutions of the package's own formulas, to 17 significant digits.
// - The package vignette "Introduction to the implied package" (2023-06-11), which prints the
//   basic method's probabilities for its three football matches to 7 decimal places.
// - The Python package `shin` (M. Berk, README), which prints Shin's probabilities and z for
//   odds 2.6 / 2.4 / 4.3 to 17 digits, solved with the Jullien-Salanié iteration to 1e-12.
// - Shin (1993) for two outcomes and the vignette ("If there are only two outcomes, the additive
//   method and Shin's method are equivalent").
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  additive,
  DEVIG_METHODS,
  type DevigMethod,
  devigBy,
  multiplicative,
  oddsRatio,
  power,
  shin,
  shinZ,
  worstCase,
} from './devig.js';

function near(actual: readonly number[] | null, expected: readonly number[], eps = 1e-9): void {
  assert.ok(actual, 'expected probabilities, got null');
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] ?? Number.NaN;
    const e = expected[i] ?? Number.NaN;
    assert.ok(Math.abs(a - e) <= eps, `side ${i}: ${a} is not within ${eps} of ${e}`);
  }
}

// implied_probabilities(odds, method, uniroot_options = list(tol = 1e-15)): 17 significant digits.
const implied: { odds: number[]; p: Record<DevigMethod, number[]> }[] = [
  {
    odds: [4.2, 3.7, 1.95],
    p: {
      multiplicative: [0.23315559864275329, 0.26466311197285503, 0.50218128938439177],
      additive: [0.23103323103323101, 0.26320826320826313, 0.50575850575850578],
      power: [0.23114097982279716, 0.2630640923658869, 0.50579492781131596],
      odds_ratio: [0.23200452686599041, 0.26364129589373625, 0.50435417724027332],
      shin: [0.23157195890888913, 0.26357449628316387, 0.50485354480794697],
    },
  },
  {
    odds: [2.45, 3.7, 2.9],
    p: {
      multiplicative: [0.39888475836431225, 0.26412639405204458, 0.33698884758364317],
      additive: [0.40040955804502598, 0.26251656300917381, 0.33707387894580015],
      power: [0.40031665023680985, 0.26271790791500538, 0.33696544184818483],
      odds_ratio: [0.39969135308859888, 0.26338674777077919, 0.33692189914062187],
      shin: [0.40002206115914229, 0.26292715007394463, 0.33705078876691313],
    },
  },
  {
    odds: [2.05, 3.2, 3.8],
    p: {
      multiplicative: [0.45869483213881562, 0.2938513768389287, 0.24745379102225576],
      additive: [0.46665062045357303, 0.2913457424047925, 0.24200363714163459],
      power: [0.46671132224097422, 0.29089944125272699, 0.24238923650629884],
      odds_ratio: [0.46344188107675505, 0.29190267718526602, 0.24465544173797896],
      shin: [0.46458613795129344, 0.29197941866633975, 0.24343444338236686],
    },
  },
  {
    odds: [1.595, 3.99, 6.76],
    p: {
      multiplicative: [0.61136050173792722, 0.24439097751177788, 0.14424852075029496],
      additive: [0.61845431159964182, 0.24212163036677903, 0.13942405803357918],
      power: [0.61877135166789488, 0.24104912794579741, 0.14017952038630779],
      odds_ratio: [0.61594286817085397, 0.24193420559293052, 0.1421229262362155],
      shin: [0.61665577718433018, 0.24267722037414133, 0.14066700244152847],
    },
  },
  {
    odds: [1.19, 7, 14],
    p: {
      multiplicative: [0.79681274900398402, 0.13545816733067728, 0.067729083665338641],
      additive: [0.82212885154061621, 0.12464985994397758, 0.053221288515406154],
      power: [0.8263153504174835, 0.11834789693769303, 0.05533675264482342],
      odds_ratio: [0.8159942383021459, 0.1231372976229258, 0.060868464074928352],
      shin: [0.81563121798416083, 0.12709106036591686, 0.0572777216499223],
    },
  },
  {
    odds: [1.5, 2.6],
    p: {
      multiplicative: [0.63414634146341464, 0.36585365853658536],
      additive: [0.64102564102564108, 0.35897435897435903],
      power: [0.64464993753405797, 0.35535006246594208],
      odds_ratio: [0.64142982636371282, 0.35857017363628718],
      shin: [0.64102564102564108, 0.35897435897435898],
    },
  },
  {
    odds: [1.2, 4.5],
    p: {
      multiplicative: [0.78947368421052633, 0.21052631578947367],
      additive: [0.80555555555555558, 0.19444444444444442],
      power: [0.8150125589214785, 0.18498744107852144],
      odds_ratio: [0.80707271923209833, 0.19292728076790169],
      shin: [0.80555555555555558, 0.19444444444444448],
    },
  },
  {
    odds: [1.8, 2],
    p: {
      multiplicative: [0.52631578947368418, 0.47368421052631576],
      additive: [0.52777777777777779, 0.47222222222222221],
      power: [0.52854273527138274, 0.47145726472861732],
      odds_ratio: [0.52786404500042061, 0.47213595499957944],
      shin: [0.52777777777777779, 0.47222222222222215],
    },
  },
];

describe('every method agrees with implied (formulas solved to 1e-15) to 1e-9', () => {
  for (const { odds, p } of implied) {
    for (const m of DEVIG_METHODS) {
      test(`${m} ${odds.join(' / ')}`, () => near(devigBy[m](odds), p[m]));
    }
  }
});

test('basic agrees with the vignette to its printed 7 decimals', () => {
  // "Introduction to the implied package", res1$probabilities, printed to 7 decimals: within 5e-8.
  const printed = [
    [
      [4.2, 3.7, 1.95],
      [0.2331556, 0.2646631, 0.5021813],
    ],
    [
      [2.45, 3.7, 2.9],
      [0.3988848, 0.2641264, 0.3369888],
    ],
    [
      [2.05, 3.2, 3.8],
      [0.4586948, 0.2938514, 0.2474538],
    ],
  ] as const;
  for (const [odds, p] of printed) near(multiplicative(odds), p, 5e-8);
});

test('Shin agrees with the Python shin package README to 1e-9, z included', () => {
  near(shin([2.6, 2.4, 4.3]), [0.37299406033208965, 0.4047794109200184, 0.2222265287474275]);
  const z = shinZ([1 / 2.6, 1 / 2.4, 1 / 4.3]);
  assert.ok(Math.abs(z - 0.01694251276407055) <= 1e-9, `z = ${z}`);
});

test('Shin z agrees with implied for the vignette odds', () => {
  // implied_probabilities(my_odds, 'shin', shin_method = 'uniroot', uniroot_options = list(tol = 1e-15))$zvalues
  const zs: [number[], number][] = [
    [[4.2, 3.7, 1.95], 0.010608058155023728],
    [[2.45, 3.7, 2.9], 0.011635019625298048],
    [[2.05, 3.2, 3.8], 0.031812779228907989],
  ];
  for (const [odds, z] of zs) {
    const got = shinZ(odds.map((d) => 1 / d));
    assert.ok(Math.abs(got - z) <= 1e-9, `${odds}: z = ${got}, want ${z}`);
  }
});

test('two-way Shin equals the additive method', () => {
  for (const odds of [
    [1.5, 2.6],
    [1.25, 3.9],
    [1.9091, 1.9091],
    [1.8, 2.05],
    [3.1, 1.35],
  ]) {
    near(shin(odds), additive(odds) ?? [], 1e-12);
  }
});

test('a fair market (sum of 1 / odds = 1) is returned unchanged by every method', () => {
  for (const m of DEVIG_METHODS) near(devigBy[m]([2, 2]), [0.5, 0.5], 1e-15);
  for (const m of DEVIG_METHODS) near(devigBy[m]([4, 4 / 3]), [0.25, 0.75], 1e-12);
});

test('-110 / -110 is 50 / 50 for every method', () => {
  for (const m of DEVIG_METHODS) near(devigBy[m]([21 / 11, 21 / 11]), [0.5, 0.5], 1e-15);
});

describe('overround below 1 (an underround book)', () => {
  const odds = [2.2, 1.95]; // 1/2.2 + 1/1.95 = 0.9583
  for (const m of DEVIG_METHODS) {
    test(`${m} still gives probabilities that sum to 1`, () => {
      const p = devigBy[m](odds);
      assert.ok(p);
      assert.ok(Math.abs((p[0] ?? 0) + (p[1] ?? 0) - 1) <= 1e-12);
      assert.ok((p[0] ?? 0) < (p[1] ?? 0), 'the shorter price stays the favourite');
    });
  }
  test('Shin reports a negative insider share', () => {
    assert.ok(shinZ(odds.map((d) => 1 / d)) < 0);
  });
  test('multiplicative scales up in proportion', () => {
    const r = [1 / 2.2, 1 / 1.95];
    const s = (r[0] ?? 0) + (r[1] ?? 0);
    near(multiplicative(odds), [(r[0] ?? 0) / s, (r[1] ?? 0) / s], 1e-15);
  });
});

test('additive has no answer when a long shot would go to zero or below', () => {
  // Clarke, Kovalchik & Ingram (2017), the vignette's example of additive going negative.
  const odds = [0.87, 0.2, 0.1, 0.05, 0.02, 0.01].map((p) => 1 / p);
  assert.equal(additive(odds), null);
  // The others stay inside (0, 1); implied (tol 1e-15) prints these for Shin and power.
  near(
    shin(odds),
    [
      0.76878636004876033, 0.14748642849293767, 0.058968487394145244, 0.020021434494498312,
      0.0037663582621309546, 0.00097093130752734015,
    ],
  );
  near(
    power(odds),
    [
      0.82575032384304903, 0.10940301088429319, 0.042185355168235877, 0.01626650104312349,
      0.0046152048706282825, 0.0017796041906702051,
    ],
  );
  near(
    oddsRatio(odds),
    [
      0.78199071728441683, 0.11816240699653363, 0.056206334066069404, 0.02743566245729533,
      0.010820066478338095, 0.0053848127173466787,
    ],
  );
});

test('fewer than two prices or invalid odds have no answer', () => {
  for (const m of DEVIG_METHODS) {
    assert.equal(devigBy[m]([1.9]), null, `${m} one side`);
    assert.equal(devigBy[m]([1.9, 1]), null, `${m} odds of 1`);
    assert.equal(devigBy[m]([1.9, Number.NaN]), null, `${m} NaN`);
  }
  assert.equal(worstCase([2.5]), null);
});

test('worst case takes the lowest probability of the five methods per side', () => {
  const odds = [1.19, 7, 14];
  const ps = DEVIG_METHODS.map((m) => devigBy[m](odds) ?? []);
  const want = [0, 1, 2].map((i) => Math.min(...ps.map((p) => p[i] ?? 1)));
  near(worstCase(odds), want, 0);
  // From the reference table: multiplicative for the favourite, power for the draw, additive for the long shot.
  near(worstCase(odds), [0.79681274900398402, 0.11834789693769303, 0.053221288515406154]);
});

test('worst case skips a method with no answer', () => {
  const odds = [0.87, 0.2, 0.1, 0.05, 0.02, 0.01].map((p) => 1 / p);
  const w = worstCase(odds);
  assert.ok(w);
  for (const p of w) assert.ok(p > 0);
});
