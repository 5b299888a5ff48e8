// From a hidden distribution to book prices. Probabilities come from a normal approximation of
// the margin or total; a book adds its margin multiplicatively, so every book's prices for one
// market sum to 1 + margin whatever the favourite, and favourite/underdog agree across books.
import { decimalToAmerican } from '../../model/odds.js';

/** Standard normal CDF (Abramowitz-Stegun 7.1.26, error < 1.5e-7): cheap enough to call per quote. */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** P(X > line) for X ~ N(mu, sd). */
export function probAbove(line: number, mu: number, sd: number): number {
  return 1 - normalCdf((line - mu) / sd);
}

/**
 * Two-way probabilities stay in [0.08, 0.92] so that even at an 8% margin the favourite's
 * implied probability stays below 1 (decimal > 1): late in a game this caps the favourite near
 * -1500 instead of letting it run to an invalid price.
 */
export const MIN_PROB = 0.08;
export const MAX_PROB = 0.92;

export function clampProb(p: number): number {
  return Math.min(Math.max(p, MIN_PROB), MAX_PROB);
}

/**
 * Fills `out` with home/draw/away probabilities for a margin ~ N(mu, sd), draws within +/-0.5.
 * Outsiders get at least 4% and the favourite takes the rest, so the three still sum to 1 and
 * the favourite stays at or below 92%.
 */
export function threeWay(mu: number, sd: number, out: number[]): void {
  const away = Math.max(normalCdf((-0.5 - mu) / sd), 0.04);
  const home = Math.max(1 - normalCdf((0.5 - mu) / sd), 0.04);
  const draw = Math.max(1 - home - away, 0.04);
  if (home >= draw && home >= away) {
    out[0] = 1 - draw - away;
    out[1] = draw;
    out[2] = away;
  } else if (away >= draw) {
    out[0] = home;
    out[1] = draw;
    out[2] = 1 - home - draw;
  } else {
    out[0] = home;
    out[1] = 1 - home - away;
    out[2] = away;
  }
}

/** Highest implied probability a price may carry: keeps the decimal odds above 1. */
const MAX_IMPLIED = 0.99;

/**
 * American odds a book shows for a fair probability at its margin. American is these books'
 * native form; the integer rounding is decimalToAmerican's (nearest, half away from zero).
 */
export function bookAmerican(prob: number, margin: number): number {
  let implied = prob * (1 + margin);
  if (implied > MAX_IMPLIED) implied = MAX_IMPLIED;
  return decimalToAmerican(1 / implied);
}
