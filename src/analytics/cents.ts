// Price moves in "cents": the distance between two American prices on the line that skips the
// dead zone between -100 and +100, so -105 to +105 is 10 cents, the same as -110 to -120.
import { decimalToAmerican } from '../model/odds.js';
import type { Price } from '../model/types.js';

/** A price's position on the cents line: -110 is -10, +120 is +20, even money is 0. */
function centsPosition(p: Price): number {
  const american = p.american ?? decimalToAmerican(p.decimal);
  return american > 0 ? american - 100 : american + 100;
}

/**
 * Signed move from `before` to `after`: negative when the price shortens (the side got more
 * likely, the direction steam moves a price), positive when it drifts.
 */
export function centsMove(before: Price, after: Price): number {
  return centsPosition(after) - centsPosition(before);
}
