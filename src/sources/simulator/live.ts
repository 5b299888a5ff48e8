// Where a market stands in play: how much of its periods is left and what has been scored in
// them, so prices start from the score and tighten as time runs out.
import type { MarketInstance } from './model.js';

export interface Distribution {
  mu: number;
  sd: number;
  /** Lowest threshold still undecided (the score so far), -Infinity when any line can win. */
  floor: number;
}

/** Below this the normal approximation turns into a step; books would suspend anyway. */
const MIN_SD = 0.3;

/** Writes into `out` to keep the per-quote path allocation-free. */
/** `mu` is the full-scope mean as one book sees it; in play it is scaled by what is left. */
export function distribution(inst: MarketInstance, mu: number, out: Distribution): Distribution {
  const ev = inst.ev;
  const status = ev.event.status;
  out.mu = mu;
  out.sd = inst.sd;
  out.floor =
    inst.component === 'total' || inst.component === 'home' || inst.component === 'away'
      ? 0
      : -Infinity;
  if (inst.component === 'none' || (status !== 'live' && status !== 'break')) return out;

  const { periods, periodSeconds, countsUp } = ev.league.clock;
  const from = inst.scope?.from ?? 1;
  const to = inst.scope?.to ?? periods;
  const period = ev.live.period;
  if (period < from) return out;

  let remaining = 0;
  if (period <= to && status === 'live') {
    remaining = countsUp ? periodSeconds - ev.live.clock : ev.live.clock;
    remaining = Math.max(0, remaining) + (to - period) * periodSeconds;
  } else if (period < to) {
    remaining = (to - period) * periodSeconds;
  }
  const f = remaining / ((to - from + 1) * periodSeconds);
  const home = ev.live.home - (ev.periodStartHome[from] ?? 0);
  const away = ev.live.away - (ev.periodStartAway[from] ?? 0);
  const scored =
    inst.component === 'margin'
      ? home - away
      : inst.component === 'total'
        ? home + away
        : inst.component === 'home'
          ? home
          : away;
  out.mu = scored + mu * f;
  out.sd = Math.max(inst.sd * Math.sqrt(f), MIN_SD);
  if (out.floor === 0) out.floor = scored;
  return out;
}
