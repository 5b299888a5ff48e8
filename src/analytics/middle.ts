// A middle: two bets on opposite sides of a spread or total at different lines, such that a
// result between the lines wins both. Outside the middle one bet wins and the other loses, and
// the stakes are set so that both of those outcomes return the same.
//
// Lines are compared as thresholds on one number (the home margin for spreads, the combined
// score for totals): the `above` leg (over, or home on a spread) wins when the result is above its
// threshold, the `below` leg (under, or away) when it is below its threshold.

export interface MiddleLeg {
  threshold: number;
  decimal: number;
}

export interface MiddlePlan {
  /** below.threshold - above.threshold: how wide the band that wins both bets is. */
  width: number;
  /** Stakes [above, below], summing to the bankroll. */
  stakes: [number, number];
  /** Returned when only one leg wins (the middle misses). */
  missPayout: number;
  /** Returned when both legs win (the result lands in the middle). */
  hitPayout: number;
  /** Share of the bankroll lost when the middle misses: 1 - missPayout / bankroll (negative: it is also an arbitrage). */
  cost: number;
}

/** Null when the thresholds leave no band in which both legs win. */
export function middlePlan(
  above: MiddleLeg,
  below: MiddleLeg,
  bankroll: number,
): MiddlePlan | null {
  const width = below.threshold - above.threshold;
  if (!(width > 0)) return null;
  const impliedSum = 1 / above.decimal + 1 / below.decimal;
  const missPayout = bankroll / impliedSum;
  const stakes: [number, number] = [missPayout / above.decimal, missPayout / below.decimal];
  return { width, stakes, missPayout, hitPayout: 2 * missPayout, cost: 1 - missPayout / bankroll };
}
