// An arbitrage across books: one bet on every outcome of a market, staked so that each outcome
// returns the same amount, which is more than the total staked when the best prices' implied
// probabilities sum to less than 1.

export interface ArbitragePlan {
  /** Sum of 1 / d over the legs; an arbitrage when below 1. */
  impliedSum: number;
  /** Stake per leg, in the order of the prices given; they sum to the bankroll. */
  stakes: number[];
  /** What any winning leg pays back (stake times odds), the same for every leg. */
  payout: number;
  /** payout - bankroll. */
  profit: number;
  /** profit / bankroll. */
  profitShare: number;
}

/**
 * Stakes s_i = B (1 / d_i) / S with S = sum(1 / d_j): every leg then pays B / S. Computed for any
 * prices; it is an arbitrage only when `impliedSum < 1` (profit > 0).
 */
export function arbitragePlan(decimals: readonly number[], bankroll: number): ArbitragePlan {
  let impliedSum = 0;
  for (const d of decimals) impliedSum += 1 / d;
  const payout = bankroll / impliedSum;
  return {
    impliedSum,
    stakes: decimals.map((d) => payout / d),
    payout,
    profit: payout - bankroll,
    profitShare: payout / bankroll - 1,
  };
}
