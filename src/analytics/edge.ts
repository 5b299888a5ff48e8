// The value of one bet at a known fair probability: its expected return per unit staked (the
// edge) and the Kelly fraction of a bankroll to stake on it.

/** Expected profit per unit staked: p * d - 1 (0.05 = 5% edge). */
export function edge(decimal: number, fairProbability: number): number {
  return fairProbability * decimal - 1;
}

/**
 * Full Kelly: f* = (p d - 1) / (d - 1), the share of the bankroll that maximises expected log
 * growth; 0 when the edge is not positive (Kelly never bets against a known price).
 */
export function kelly(decimal: number, fairProbability: number): number {
  const e = edge(decimal, fairProbability);
  return e > 0 ? e / (decimal - 1) : 0;
}
