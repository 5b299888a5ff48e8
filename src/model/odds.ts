// Odds maths: conversions between American, decimal and fractional odds, implied probability,
// overround and no-vig probabilities. Pure; every rounding rule is stated where it applies.
//
// Rounding rules (copied to the docs):
// - Canonical decimal odds are rounded to DECIMAL_PLACES (4) places, half away from zero.
//   Four places keep American -> decimal -> American exact for every integer American price
//   from -101 down to -1000 and for every positive one (-100 comes back as +100, see below);
//   beyond -1000 the decimal is too coarse, which is why a Price keeps its `american`.
// - Decimal -> American rounds to the nearest integer, half away from zero
//   (1.909 -> -110.01 -> -110; 2.455 -> +145.5 -> +146).
// - +100 and -100 are both even money (decimal 2.0); decimal 2.0 converts to +100.
// - American odds strictly between -100 and +100 are invalid; decimal odds <= 1 are invalid;
//   NaN and +/-Infinity are invalid everywhere.
// - Fractional odds are reduced `n/d` strings. From American they are exact (-110 -> 10/11).
//   From decimal they are the continued-fraction best approximation of (decimal - 1) with a
//   denominator of at most DEFAULT_MAX_DENOMINATOR (100), stopping at the first convergent
//   within half a unit of the last decimal place, so the common ladder comes out exact
//   (1.9091 -> 10/11, 1.8333 -> 5/6). A result that would be 0/1 becomes 1/maxDenominator.
import type { Price } from './types.js';

export const DECIMAL_PLACES = 4;
export const DEFAULT_MAX_DENOMINATOR = 100;

/**
 * Two prices given in different forms agree if their implied probabilities differ by at most
 * this much: enough for a source that rounds decimal odds to 2 places, small enough to catch a
 * wrong sign or a swapped form.
 */
export const CONSISTENCY_TOLERANCE = 0.005;

/** Rounds half away from zero; the 1e-9 nudge absorbs binary noise such as 100 * 1.005 = 100.49999. */
function roundHalfAway(x: number, places = 0): number {
  const f = 10 ** places;
  const scaled = Math.abs(x) * f;
  return (Math.sign(x) * Math.round(scaled + scaled * 1e-12 + 1e-9)) / f;
}

export function roundDecimal(decimal: number, places = DECIMAL_PLACES): number {
  return roundHalfAway(decimal, places);
}

export function isValidAmerican(american: number): boolean {
  return Number.isFinite(american) && Math.abs(american) >= 100;
}

export function isValidDecimal(decimal: number): boolean {
  return Number.isFinite(decimal) && decimal > 1;
}

function assertAmerican(american: number): void {
  if (!isValidAmerican(american)) throw new RangeError(`invalid American odds: ${american}`);
}

function assertDecimal(decimal: number): void {
  if (!isValidDecimal(decimal)) throw new RangeError(`invalid decimal odds: ${decimal}`);
}

/** Unrounded; use when the result feeds more maths. */
export function americanToDecimalExact(american: number): number {
  assertAmerican(american);
  return american > 0 ? 1 + american / 100 : 1 + 100 / -american;
}

export function americanToDecimal(american: number): number {
  return roundDecimal(americanToDecimalExact(american));
}

export function decimalToAmerican(decimal: number): number {
  assertDecimal(decimal);
  // Decimal 2.0 could be either +100 or -100; +100 is the convention.
  if (decimal >= 2) return roundHalfAway(100 * (decimal - 1));
  return -roundHalfAway(100 / (decimal - 1));
}

export interface Fraction {
  numerator: number;
  denominator: number;
}

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

function formatFraction(n: number, d: number): string {
  const g = gcd(n, d);
  return `${n / g}/${d / g}`;
}

/** Parses `n/d` with positive integers (and `evens`/`evs`); null if malformed. */
export function parseFractional(text: string): Fraction | null {
  const t = text.trim().toLowerCase();
  if (t === 'evens' || t === 'evs' || t === 'even') return { numerator: 1, denominator: 1 };
  const m = /^(\d+)\s*\/\s*(\d+)$/.exec(t);
  if (!m) return null;
  const numerator = Number(m[1]);
  const denominator = Number(m[2]);
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator)) return null;
  if (numerator <= 0 || denominator <= 0) return null;
  return { numerator, denominator };
}

export function fractionalToDecimal(text: string): number {
  const f = parseFractional(text);
  if (!f) throw new RangeError(`invalid fractional odds: ${text}`);
  return roundDecimal(1 + f.numerator / f.denominator);
}

export function americanToFractional(american: number): string {
  assertAmerican(american);
  if (!Number.isInteger(american)) return decimalToFractional(americanToDecimalExact(american));
  return american > 0 ? formatFraction(american, 100) : formatFraction(100, -american);
}

export function decimalToFractional(
  decimal: number,
  maxDenominator = DEFAULT_MAX_DENOMINATOR,
): string {
  assertDecimal(decimal);
  const x = decimal - 1;
  const tolerance = 0.5 * 10 ** -DECIMAL_PLACES;
  // Convergents h/k of the continued fraction of x; (h0/k0) is the one before (h1/k1).
  let h0 = 0;
  let k0 = 1;
  let h1 = 1;
  let k1 = 0;
  let rest = x;
  let best = { n: 0, d: 1 };
  for (let i = 0; i < 64; i++) {
    const a = Math.floor(rest);
    const h2 = a * h1 + h0;
    const k2 = a * k1 + k0;
    if (k2 > maxDenominator) {
      // The best semiconvergent within the bound may beat the last convergent.
      const s = Math.floor((maxDenominator - k0) / k1);
      const hs = s * h1 + h0;
      const ks = s * k1 + k0;
      if (ks > 0 && Math.abs(x - hs / ks) < Math.abs(x - best.n / best.d)) best = { n: hs, d: ks };
      break;
    }
    best = { n: h2, d: k2 };
    if (Math.abs(x - h2 / k2) <= tolerance) break;
    const frac = rest - a;
    if (frac < 1e-12) break;
    rest = 1 / frac;
    h0 = h1;
    k0 = k1;
    h1 = h2;
    k1 = k2;
  }
  if (best.n === 0) return `1/${maxDenominator}`;
  return formatFraction(best.n, best.d);
}

export function impliedProbability(decimal: number): number {
  assertDecimal(decimal);
  return 1 / decimal;
}

export function impliedProbabilityFromAmerican(american: number): number {
  return 1 / americanToDecimalExact(american);
}

/** Fair decimal odds for a probability in (0, 1); unrounded. */
export function probabilityToDecimal(probability: number): number {
  if (!(probability > 0 && probability < 1)) {
    throw new RangeError(`probability must be in (0, 1): ${probability}`);
  }
  return 1 / probability;
}

/** Sum of implied probabilities minus one: 0.0476 for -110/-110. */
export function overround(decimals: readonly number[]): number {
  let sum = 0;
  for (const d of decimals) sum += impliedProbability(d);
  return sum - 1;
}

/** Fair probabilities with the margin removed in proportion to each implied probability. */
export function noVigProbabilities(decimals: readonly number[]): number[] {
  const implied = decimals.map(impliedProbability);
  const sum = implied.reduce((a, b) => a + b, 0);
  return implied.map((p) => p / sum);
}

/** Keeps `american` so American odds that come in go out unchanged. */
export function priceFromAmerican(american: number): Price {
  return { decimal: americanToDecimal(american), american };
}

export function priceFromDecimal(decimal: number): Price {
  assertDecimal(decimal);
  const rounded = roundDecimal(decimal);
  // 1.00004 rounds to 1.0000, which would be invalid; keep the smallest valid step instead.
  return { decimal: rounded > 1 ? rounded : 1 + 10 ** -DECIMAL_PLACES };
}

export function priceFromFractional(text: string): Price {
  const f = parseFractional(text);
  if (!f) throw new RangeError(`invalid fractional odds: ${text}`);
  return {
    decimal: roundDecimal(1 + f.numerator / f.denominator),
    fractional: formatFraction(f.numerator, f.denominator),
  };
}

/** Null if the price is usable, otherwise why not. */
export function validatePrice(p: Price): string | null {
  if (!isValidDecimal(p.decimal))
    return `decimal odds must be a finite number > 1, got ${p.decimal}`;
  const implied = 1 / p.decimal;
  if (p.american !== undefined) {
    if (!isValidAmerican(p.american)) {
      return `American odds must be finite and <= -100 or >= +100, got ${p.american}`;
    }
    const other = impliedProbabilityFromAmerican(p.american);
    if (Math.abs(other - implied) > CONSISTENCY_TOLERANCE) {
      return `American ${p.american} disagrees with decimal ${p.decimal}`;
    }
  }
  if (p.fractional !== undefined) {
    const f = parseFractional(p.fractional);
    if (!f) return `fractional odds must be n/d with positive integers, got ${p.fractional}`;
    const other = f.denominator / (f.numerator + f.denominator);
    if (Math.abs(other - implied) > CONSISTENCY_TOLERANCE) {
      return `fractional ${p.fractional} disagrees with decimal ${p.decimal}`;
    }
  }
  return null;
}
