// Spec 4.4: one YES instrument per market; every intent is a side on its book at the YES price.
import type { OrderAction, OrderIntent, OrderSide, OutcomeSide } from './api.js';

export interface Direction {
  intent: OrderIntent;
  outcomeSide: OutcomeSide;
  action: OrderAction;
  side: OrderSide;
}

const BY_INTENT: Record<OrderIntent, Direction> = {
  ORDER_INTENT_BUY_LONG: dir(
    'ORDER_INTENT_BUY_LONG',
    'OUTCOME_SIDE_YES',
    'ORDER_ACTION_BUY',
    'ORDER_SIDE_BUY',
  ),
  ORDER_INTENT_SELL_LONG: dir(
    'ORDER_INTENT_SELL_LONG',
    'OUTCOME_SIDE_YES',
    'ORDER_ACTION_SELL',
    'ORDER_SIDE_SELL',
  ),
  ORDER_INTENT_BUY_SHORT: dir(
    'ORDER_INTENT_BUY_SHORT',
    'OUTCOME_SIDE_NO',
    'ORDER_ACTION_BUY',
    'ORDER_SIDE_SELL',
  ),
  ORDER_INTENT_SELL_SHORT: dir(
    'ORDER_INTENT_SELL_SHORT',
    'OUTCOME_SIDE_NO',
    'ORDER_ACTION_SELL',
    'ORDER_SIDE_BUY',
  ),
};

function dir(
  intent: OrderIntent,
  outcomeSide: OutcomeSide,
  action: OrderAction,
  side: OrderSide,
): Direction {
  return { intent, outcomeSide, action, side };
}

/** `outcomeSide` + `action` win over `intent` when both are given (spec 4.4); null when neither is complete. */
export function direction(req: {
  intent?: OrderIntent | undefined;
  outcomeSide?: OutcomeSide | undefined;
  action?: OrderAction | undefined;
}): Direction | null {
  if (req.outcomeSide && req.action) {
    for (const d of Object.values(BY_INTENT)) {
      if (d.outcomeSide === req.outcomeSide && d.action === req.action) return d;
    }
    return null;
  }
  return req.intent ? (BY_INTENT[req.intent] ?? null) : null;
}
