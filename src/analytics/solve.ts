// A bracketed root finder for the devig methods that have no closed form (power, Shin, odds
// ratio). Each of them is monotone in its one parameter, so a bracket always holds the root and
// the Illinois variant of regula falsi converges fast without Newton's need for a derivative.

/** Iterations before giving up; each one costs one evaluation of `f` (a few flops per outcome). */
const MAX_ITERATIONS = 200;

/**
 * The root of `f` in [lo, hi], where f(lo) and f(hi) have opposite signs (or one is 0);
 * NaN if they do not. Stops when the bracket is as narrow as doubles allow around the root or
 * f hits exactly 0, so the result is as precise as the arithmetic of `f`.
 */
export function findRoot(f: (x: number) => number, lo: number, hi: number): number {
  let a = lo;
  let b = hi;
  let fa = f(a);
  let fb = f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (Math.sign(fa) === Math.sign(fb) || Number.isNaN(fa) || Number.isNaN(fb)) return Number.NaN;
  let side = 0;
  let last = Number.NaN;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const c = (a * fb - b * fa) / (fb - fa);
    // Regula falsi can stall on one end; bisect when the step leaves the bracket or does not shrink it.
    const x = c > Math.min(a, b) && c < Math.max(a, b) ? c : (a + b) / 2;
    const fx = f(x);
    if (fx === 0 || x === last) return x;
    if (Math.abs(b - a) <= 4 * Number.EPSILON * Math.max(1, Math.abs(x))) return x;
    last = x;
    if (Math.sign(fx) === Math.sign(fb)) {
      b = x;
      fb = fx;
      if (side === -1) fa /= 2;
      side = -1;
    } else {
      a = x;
      fa = fx;
      if (side === 1) fb /= 2;
      side = 1;
    }
  }
  return (a + b) / 2;
}

/**
 * Widens [lo, hi] upwards (doubling `hi`) until f changes sign, for a parameter with no natural
 * upper bound; NaN when no sign change appears before `limit`.
 */
export function bracketUp(f: (x: number) => number, lo: number, hi: number, limit = 1e6): number {
  const flo = f(lo);
  let h = hi;
  while (h <= limit) {
    if (Math.sign(f(h)) !== Math.sign(flo)) return h;
    h *= 2;
  }
  return Number.NaN;
}
