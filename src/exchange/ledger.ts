// Accounts, positions and the cash rules of a fully collateralised binary market. Buying a YES
// contract costs its price, selling one short costs 1 - price, and closing either pays back the
// other leg, so every outstanding long/short pair holds exactly 1 dollar: all cash + open
// interest + fees always equals what was deposited. Amounts are integer units (units.ts).
import type { LedgerEntryType, Trade } from './api.js';
import type { BookSide } from './book.js';
import { feeCeiling, PX } from './units.js';

export interface PositionRec {
  market: string;
  net: number;
  bought: number;
  sold: number;
  /** Cash paid for the open contracts. */
  cost: number;
  realized: number;
  fees: number;
  expired: boolean;
  updateTime: number;
}

export interface ActivityRec {
  n: number;
  id: string;
  type: LedgerEntryType;
  market: string | null;
  amount: number;
  cashAfter: number;
  description: string;
  at: number;
  trade: Trade | null;
  resolution: { quantity: number; price: 0 | 1 } | null;
}

export interface AccountRec {
  id: string;
  cash: number;
  /** Sum of `holds`. */
  hold: number;
  holds: Map<string, number>;
  positions: Map<string, PositionRec>;
  activities: ActivityRec[];
  updateTime: number;
}

/** What a working order contributes to its account's hold. */
export interface HoldingOrder {
  side: BookSide;
  price: number;
  leaves: number;
}

/**
 * The most cash the working orders of one account in one market could consume if they all
 * filled, in any order: buys are covered first by the short position (a covering buy pays cash
 * back), sells by the long one; the cover goes to the orders that would cost least uncovered, so
 * the rest is the worst case. Fees are held at their ceiling on each side's uncovered quantity;
 * a covered fill pays its own fee out of what it returns (fees are capped at 100 bps for that
 * reason). The engine keeps the same number incrementally (own.ts); this is the rule.
 */
export function marketHold(net: number, orders: Iterable<HoldingOrder>, feeBps: number): number {
  const buys: HoldingOrder[] = [];
  const sells: HoldingOrder[] = [];
  for (const o of orders) (o.side === 'buy' ? buys : sells).push(o);
  buys.sort((a, b) => a.price - b.price);
  sells.sort((a, b) => b.price - a.price);
  let hold = 0;
  for (const [list, cover0, unit] of [
    [buys, Math.max(0, -net), (p: number) => p],
    [sells, Math.max(0, net), (p: number) => PX - p],
  ] as const) {
    let cover = cover0;
    let uncovered = 0;
    for (const o of list) {
      const c = Math.min(cover, o.leaves);
      cover -= c;
      uncovered += o.leaves - c;
      hold += (o.leaves - c) * unit(o.price);
    }
    hold += feeCeiling(uncovered, feeBps);
  }
  return hold;
}

export interface FillEffect {
  before: PositionRec | null;
  after: PositionRec;
  /** Signed change to cash, fee included. */
  cash: number;
  /** Change to the market's open interest from this party's side (longs opened - longs closed). */
  longs: number;
}

export function newPosition(market: string, at: number): PositionRec {
  return {
    market,
    net: 0,
    bought: 0,
    sold: 0,
    cost: 0,
    realized: 0,
    fees: 0,
    expired: false,
    updateTime: at,
  };
}

/** Applies one party's side of a fill of `q` at `px` to its position and cash. */
export function applyFill(
  account: AccountRec,
  market: string,
  side: BookSide,
  px: number,
  q: number,
  feeUnits: number,
  at: number,
): FillEffect {
  let pos = account.positions.get(market);
  if (!pos) {
    pos = newPosition(market, at);
    account.positions.set(market, pos);
  }
  const before = pos.net === 0 ? null : { ...pos };
  const held = Math.abs(pos.net);
  // Contracts this fill closes, and what each closed/opened one pays or costs.
  const closing =
    side === 'buy' ? Math.min(q, Math.max(0, -pos.net)) : Math.min(q, Math.max(0, pos.net));
  const opening = q - closing;
  const closeValue = side === 'buy' ? PX - px : px;
  const openCost = side === 'buy' ? px : PX - px;
  let cash = -feeUnits;
  if (closing > 0) {
    const basis = closing === held ? pos.cost : Math.round((pos.cost * closing) / held);
    const proceeds = closing * closeValue;
    pos.realized += proceeds - basis;
    pos.cost -= basis;
    cash += proceeds;
  }
  if (opening > 0) {
    pos.cost += opening * openCost;
    cash -= opening * openCost;
  }
  if (side === 'buy') {
    pos.net += q;
    pos.bought += q;
  } else {
    pos.net -= q;
    pos.sold += q;
  }
  pos.fees += feeUnits;
  pos.updateTime = at;
  account.cash += cash;
  account.updateTime = at;
  return { before, after: { ...pos }, cash, longs: side === 'buy' ? opening : -closing };
}
