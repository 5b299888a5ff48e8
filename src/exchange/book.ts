// One central limit order book on a market's YES instrument. Prices are integer units in
// [MIN_PX, MAX_PX], so each side is an array indexed by price: a level is a FIFO of resting
// orders (time priority), and the best price moves by scanning at most the price range.
// A cancel only marks its entry dead (O(1)); dead entries are skipped at the head and the
// level's array is compacted once they outnumber the live ones.
import { MAX_PX, MIN_PX } from './units.js';

export type BookSide = 'buy' | 'sell';

/** The part of a working order the book needs. */
export interface Resting {
  id: string;
  readonly account: string;
  side: BookSide;
  price: number;
  leaves: number;
  /** Its entry while it rests; null otherwise. Owned by the book. */
  entry: Entry | null;
}

export interface Entry {
  order: Resting;
  alive: boolean;
}

interface Level {
  entries: Entry[];
  /** Index of the first entry that may be alive. */
  head: number;
  live: number;
  qty: number;
}

export interface LevelView {
  price: number;
  qty: number;
  orders: number;
}

const COMPACT_AT = 32;

export class OrderBook {
  private readonly bids: (Level | undefined)[] = [];
  private readonly asks: (Level | undefined)[] = [];
  /** 0 when the side is empty. */
  private bestBidPx = 0;
  private bestAskPx = 0;
  private bidLevels = 0;
  private askLevels = 0;

  bestBid(): number {
    return this.bestBidPx;
  }

  bestAsk(): number {
    return this.bestAskPx;
  }

  /** Best price on `side`, 0 when empty. */
  best(side: BookSide): number {
    return side === 'buy' ? this.bestBidPx : this.bestAskPx;
  }

  depth(side: BookSide): number {
    return side === 'buy' ? this.bidLevels : this.askLevels;
  }

  /** Appends at the back of its level (it loses time priority to everything already there). */
  add(order: Resting): void {
    const levels = this.side(order.side);
    let level = levels[order.price];
    if (!level) {
      level = { entries: [], head: 0, live: 0, qty: 0 };
      levels[order.price] = level;
      if (order.side === 'buy') {
        this.bidLevels++;
        if (order.price > this.bestBidPx) this.bestBidPx = order.price;
      } else {
        this.askLevels++;
        if (this.bestAskPx === 0 || order.price < this.bestAskPx) this.bestAskPx = order.price;
      }
    }
    const entry = { order, alive: true };
    order.entry = entry;
    level.entries.push(entry);
    level.live++;
    level.qty += order.leaves;
  }

  /** Takes a resting order off the book; a no-op when it is not resting. */
  remove(order: Resting): void {
    const entry = order.entry;
    const level = this.side(order.side)[order.price];
    if (!entry?.alive || !level) return;
    entry.alive = false;
    order.entry = null;
    level.live--;
    level.qty -= order.leaves;
    if (level.live === 0) this.dropLevel(order.side, order.price);
    else if (level.entries.length - level.live > Math.max(COMPACT_AT, level.live)) {
      level.entries = level.entries.filter((e) => e.alive);
      level.head = 0;
    }
  }

  /** The first order in time at `price` on `side`. */
  head(side: BookSide, price: number): Resting | undefined {
    const level = this.side(side)[price];
    if (!level) return undefined;
    while (level.head < level.entries.length && !level.entries[level.head]!.alive) level.head++;
    return level.entries[level.head]?.order;
  }

  /** Takes `q` from a resting order; removes it when it is done. */
  fill(order: Resting, q: number): void {
    const level = this.side(order.side)[order.price];
    if (!level || !order.entry) return;
    if (order.leaves === q) {
      this.remove(order);
      order.leaves = 0;
      return;
    }
    order.leaves -= q;
    level.qty -= q;
  }

  /** Reduces a resting order's leaves in place (a modify that keeps priority). */
  shrink(order: Resting, leaves: number): void {
    const level = this.side(order.side)[order.price];
    if (!level || !order.entry) return;
    level.qty -= order.leaves - leaves;
    order.leaves = leaves;
  }

  /** Levels from the best outwards, at most `max` of them. */
  levels(side: BookSide, max = Number.POSITIVE_INFINITY): LevelView[] {
    const out: LevelView[] = [];
    const levels = this.side(side);
    const start = this.best(side);
    if (start === 0) return out;
    const step = side === 'buy' ? -1 : 1;
    for (let p = start; p >= MIN_PX && p <= MAX_PX && out.length < max; p += step) {
      const level = levels[p];
      if (level) out.push({ price: p, qty: level.qty, orders: level.live });
    }
    return out;
  }

  /** Every resting order on `side` that an order at `limit` would reach, best first, in time order. */
  *crossing(side: BookSide, limit: number): Generator<Resting> {
    const levels = this.side(side);
    const start = this.best(side);
    if (start === 0) return;
    const step = side === 'buy' ? -1 : 1;
    for (let p = start; side === 'buy' ? p >= limit : p <= limit; p += step) {
      if (p < MIN_PX || p > MAX_PX) return;
      const level = levels[p];
      if (!level) continue;
      for (let i = level.head; i < level.entries.length; i++) {
        const e = level.entries[i]!;
        if (e.alive) yield e.order;
      }
    }
  }

  private side(side: BookSide): (Level | undefined)[] {
    return side === 'buy' ? this.bids : this.asks;
  }

  private dropLevel(side: BookSide, price: number): void {
    const levels = this.side(side);
    levels[price] = undefined;
    if (side === 'buy') {
      this.bidLevels--;
      if (price === this.bestBidPx) {
        let p = price - 1;
        while (p >= MIN_PX && !levels[p]) p--;
        this.bestBidPx = p >= MIN_PX ? p : 0;
      }
    } else {
      this.askLevels--;
      if (price === this.bestAskPx) {
        let p = price + 1;
        while (p <= MAX_PX && !levels[p]) p++;
        this.bestAskPx = p <= MAX_PX ? p : 0;
      }
    }
  }
}
