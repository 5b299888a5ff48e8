// Exact integer units. Prices count thousandths of a dollar (the finest tick a market may have),
// quantities hundredths of a contract (the finest fraction), and money their product, so the
// cash of a fill (price x quantity) is an exact integer and sums never drift.

/** Price units per dollar. */
export const PX = 1000;
/** Quantity units per contract. */
export const QTY = 100;
/** Money units per dollar. */
export const MONEY = PX * QTY;
/** Absolute price bounds (spec 2.5: 0.01-0.99). */
export const MIN_PX = 10;
export const MAX_PX = 990;
/** The largest order a request may carry, in quantity units (ten million contracts). */
export const MAX_QTY = 10_000_000 * QTY;
/** The largest single deposit or balance, in money units (a billion dollars). */
export const MAX_MONEY = 1_000_000_000 * MONEY;

/** `x * scale` as an integer, or null when `x` is not finite or finer than one unit. */
export function toUnits(x: number, scale: number): number | null {
  if (!Number.isFinite(x)) return null;
  const scaled = x * scale;
  const r = Math.round(scaled);
  return Math.abs(scaled - r) <= 1e-6 * Math.max(1, Math.abs(scaled)) ? r : null;
}

export const price = (units: number): number => units / PX;
export const qty = (units: number): number => units / QTY;
export const money = (units: number): number => units / MONEY;

/** Fee in money units on `notional` money units at `bps`, rounded down (never over-charges). */
export function fee(notional: number, bps: number): number {
  return Math.floor((notional * bps) / 10_000);
}

/** The most fee `q` quantity units can cost at any price (a contract's notional is at most 1 dollar). */
export function feeCeiling(q: number, bps: number): number {
  return Math.ceil((q * PX * bps) / 10_000);
}
