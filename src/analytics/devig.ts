// Devig: fair (margin-free) probabilities from one book's complete set of decimal odds for one
// market. Pure functions, one per method; the formulas follow the R package `implied`
// (Lindstrøm) and Shin (1992, 1993), with every root solved to double precision (see
// docs/analytics.md). Each returns null when it has no answer for the input, never a
// probability outside (0, 1).
import { bracketUp, findRoot } from './solve.js';

export type DevigMethod = 'multiplicative' | 'additive' | 'power' | 'shin' | 'odds_ratio';
/** A devig method, or `worst_case`: per side, the lowest fair probability of the five. */
export type FairMethod = DevigMethod | 'worst_case';

export const DEVIG_METHODS: readonly DevigMethod[] = [
  'multiplicative',
  'additive',
  'power',
  'shin',
  'odds_ratio',
];

/** Inverted odds r_i = 1 / d_i, or null when there are fewer than two or one is not valid odds. */
function inverted(decimals: readonly number[]): number[] | null {
  if (decimals.length < 2) return null;
  const r: number[] = [];
  for (const d of decimals) {
    if (!(Number.isFinite(d) && d > 1)) return null;
    r.push(1 / d);
  }
  return r;
}

function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

/** Divides by the sum (what `implied` does last, too) so solver residue never shows; null if any p is outside (0, 1). */
function normalised(ps: number[]): number[] | null {
  const s = sum(ps);
  for (let i = 0; i < ps.length; i++) {
    const p = (ps[i] ?? 0) / s;
    if (!(p > 0 && p < 1)) return null;
    ps[i] = p;
  }
  return ps;
}

/** `implied`'s "basic": p_i = r_i / sum(r). */
export function multiplicative(decimals: readonly number[]): number[] | null {
  const r = inverted(decimals);
  if (!r) return null;
  return normalised(r);
}

/** p_i = r_i - (sum(r) - 1) / n; null when a long shot would get a probability <= 0. */
export function additive(decimals: readonly number[]): number[] | null {
  const r = inverted(decimals);
  if (!r) return null;
  const cut = (sum(r) - 1) / r.length;
  return normalised(r.map((x) => x - cut));
}

/** p_i = r_i^e with e solved so that sum(p) = 1 (`implied` reports k = 1/e). */
export function power(decimals: readonly number[]): number[] | null {
  const r = inverted(decimals);
  if (!r) return null;
  const e = powerExponent(r);
  if (Number.isNaN(e)) return null;
  return normalised(r.map((x) => x ** e));
}

function powerExponent(r: readonly number[]): number {
  const f = (e: number) => {
    let s = -1;
    for (const x of r) s += x ** e;
    return s;
  };
  const booksum = sum(r);
  if (booksum === 1) return 1;
  // sum(r^e) falls as e grows: e > 1 takes a margin off, e < 1 adds probability to an underround book.
  if (booksum < 1) return findRoot(f, 0, 1);
  return findRoot(f, 1, bracketUp(f, 1, 2));
}

/** Cheung's odds ratio: p_i = r_i / (c + r_i - c r_i) with c solved so that sum(p) = 1. */
export function oddsRatio(decimals: readonly number[]): number[] | null {
  const r = inverted(decimals);
  if (!r) return null;
  const f = (c: number) => {
    let s = -1;
    for (const x of r) s += x / (c + x - c * x);
    return s;
  };
  const booksum = sum(r);
  const c =
    booksum === 1 ? 1 : booksum < 1 ? findRoot(f, 0, 1) : findRoot(f, 1, bracketUp(f, 1, 2));
  if (Number.isNaN(c)) return null;
  return normalised(r.map((x) => x / (c + x - c * x)));
}

/**
 * Shin's model (1992, 1993): a share z of the money comes from insiders who know the result, and
 * p_i = (sqrt(z^2 + 4 (1 - z) r_i^2 / B) - z) / (2 (1 - z)) with B = sum(r) and z solved so that
 * sum(p) = 1. For two outcomes this equals the additive method.
 */
export function shin(decimals: readonly number[]): number[] | null {
  const r = inverted(decimals);
  if (!r) return null;
  const z = shinZ(r);
  if (Number.isNaN(z)) return null;
  const booksum = sum(r);
  return normalised(r.map((x) => shinProbability(x, z, booksum)));
}

function shinProbability(r: number, z: number, booksum: number): number {
  return (Math.sqrt(z * z + (4 * (1 - z) * r * r) / booksum) - z) / (2 * (1 - z));
}

/**
 * The insiders' share z for inverted odds r. The sum of p(z) is sqrt(B) at z = 0 and falls
 * below 1 as z approaches 1, so z is in (0, 1) when B > 1; for an underround book (B < 1) it is
 * negative, as `implied` also reports it.
 */
export function shinZ(r: readonly number[]): number {
  const booksum = sum(r);
  const f = (z: number) => {
    let s = -1;
    for (const x of r) s += shinProbability(x, z, booksum);
    return s;
  };
  if (booksum === 1) return 0;
  if (booksum > 1) return findRoot(f, 0, 1 - 1e-12);
  const below = bracketUp((t) => f(-t), 0, 1);
  return findRoot(f, -below, 0);
}

export const devigBy: Record<DevigMethod, (decimals: readonly number[]) => number[] | null> = {
  multiplicative,
  additive,
  power,
  shin,
  odds_ratio: oddsRatio,
};

/**
 * For each side, the lowest fair probability any method gives (the least edge a bettor of that
 * side can count on). The result does not sum to 1, by design. Methods with no answer are left
 * out; null when none has one.
 */
export function worstCase(decimals: readonly number[]): number[] | null {
  let out: number[] | null = null;
  for (const m of DEVIG_METHODS) {
    const ps = devigBy[m](decimals);
    if (!ps) continue;
    if (!out) out = ps;
    else for (let i = 0; i < out.length; i++) out[i] = Math.min(out[i] ?? 1, ps[i] ?? 1);
  }
  return out;
}

export function fairProbabilities(
  method: FairMethod,
  decimals: readonly number[],
): number[] | null {
  return method === 'worst_case' ? worstCase(decimals) : devigBy[method](decimals);
}
