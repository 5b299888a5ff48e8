// Which TickOdds plan a Linecast plan is: `tiers: {"tickodds": "live"}` names it, else the plan's
// own name; a name the table lacks gets `defaultTier`.
import type { Plan } from '../../seam/core.js';
import type { TickOddsConfig, TierLimits } from './config.js';

export const DIALECT = 'tickodds';

export interface Tier {
  name: string;
  limits: TierLimits;
}

const CLOSED: TierLimits = { live: false, connections: 0, perMinute: 0, daily: 0, headline: false };

export function tierOf(plan: Plan, config: TickOddsConfig): Tier {
  const asked = (plan.tiers[DIALECT] ?? plan.name).toLowerCase();
  const own = config.plans[asked];
  if (own) return { name: asked, limits: own };
  const fallback = config.plans[config.defaultTier];
  return { name: config.defaultTier, limits: fallback ?? CLOSED };
}

/** 0 means unlimited in the plan table. */
export const cap = (n: number) => (n === 0 ? Number.MAX_SAFE_INTEGER : n);
