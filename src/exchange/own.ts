// One account's working orders in one market, summed by side and price, so its hold and its
// self-match check cost O(distinct prices) instead of a pass over every order it has.
import type { BookSide } from './book.js';
import { feeCeiling, PX } from './units.js';

class OwnSide {
  readonly qtyByPrice = new Map<number, number>();
  qty = 0;
  /** Sum of leaves x unit cost (the price for buys, 1 - price for sells). */
  value = 0;
}

export class OwnOrders<O> {
  readonly orders = new Set<O>();
  private readonly buy = new OwnSide();
  private readonly sell = new OwnSide();

  add(side: BookSide, price: number, q: number): void {
    this.move(side, price, q);
  }

  sub(side: BookSide, price: number, q: number): void {
    this.move(side, price, -q);
  }

  /** True when a resting order on `side` is at a price an order at `limit` on the other side would reach. */
  crosses(side: BookSide, limit: number): boolean {
    for (const p of this.of(side).qtyByPrice.keys()) {
      if (side === 'sell' ? p <= limit : p >= limit) return true;
    }
    return false;
  }

  /** The same number as ledger.ts `marketHold` over these orders (which states the rule). */
  hold(net: number, feeBps: number): number {
    return (
      this.sideHold('buy', Math.max(0, -net), feeBps) +
      this.sideHold('sell', Math.max(0, net), feeBps)
    );
  }

  private sideHold(side: BookSide, cover: number, feeBps: number): number {
    const s = this.of(side);
    if (s.qty === 0) return 0;
    let coveredQty = 0;
    let coveredValue = 0;
    if (cover > 0) {
      // Cover goes to the orders that would cost least uncovered: the lowest bids, the highest offers.
      const prices = [...s.qtyByPrice.keys()].sort((a, b) => (side === 'buy' ? a - b : b - a));
      for (const p of prices) {
        if (cover === 0) break;
        const c = Math.min(cover, s.qtyByPrice.get(p)!);
        cover -= c;
        coveredQty += c;
        coveredValue += c * (side === 'buy' ? p : PX - p);
      }
    }
    return s.value - coveredValue + feeCeiling(s.qty - coveredQty, feeBps);
  }

  private of(side: BookSide): OwnSide {
    return side === 'buy' ? this.buy : this.sell;
  }

  private move(side: BookSide, price: number, q: number): void {
    if (q === 0) return;
    const s = this.of(side);
    const left = (s.qtyByPrice.get(price) ?? 0) + q;
    if (left === 0) s.qtyByPrice.delete(price);
    else s.qtyByPrice.set(price, left);
    s.qty += q;
    s.value += q * (side === 'buy' ? price : PX - price);
  }
}
