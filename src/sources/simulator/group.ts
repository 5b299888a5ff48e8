// One book's quotes for one market: keeps what it last emitted per line and selection, and on
// each flush emits only what changed. Flushing a whole group at once keeps the main-line flip
// (old main off, new main on) inside one batch.
import { priceFromAmerican } from '../../model/odds.js';
import type { Price, QuoteStatus, Update } from '../../model/types.js';
import { type Distribution, distribution } from './live.js';
import type { MarketInstance, SimBook } from './model.js';
import { bookAmerican, clampProb, probAbove, threeWay } from './pricing.js';

interface Slot {
  /** Threshold on the margin or total; null for markets without a line. */
  threshold: number | null;
  american: number[];
  status: QuoteStatus;
  main: boolean;
  gen: number;
}

/** A main line only moves once the book's mean is this far from it, so it does not flap. */
const MAIN_HYSTERESIS = 0.6;

const scratch: Distribution = { mu: 0, sd: 1, floor: 0 };
const probs = [0, 0, 0];

export class BookGroup {
  queued = false;
  dead = false;
  /** When this follower picks up the current truth; 0 when not waiting. */
  followAt = 0;
  /** The hidden mean as this book last saw it. */
  seen: number;
  private main = Number.NaN;
  private gen = 0;
  private readonly slots = new Map<number, Slot>();

  constructor(
    readonly inst: MarketInstance,
    readonly book: SimBook,
    /** This book's lasting opinion relative to the truth. */
    readonly bias: number,
  ) {
    this.seen = inst.mu;
  }

  /** Emits what changed since the last flush; returns how many updates. */
  flush(now: number, out: Update[]): number {
    if (this.dead) return 0;
    const start = out.length;
    const inst = this.inst;
    const ev = inst.ev;
    if (inst.closed) this.close(now, out);
    else if (ev.suspendedUntil > now) this.hold('suspended', ev.suspendReason, now, out);
    else if (inst.offBoardUntil > now) this.hold('off_board', 'news', now, out);
    else this.price(now, out);
    return out.length - start;
  }

  private price(now: number, out: Update[]): void {
    const inst = this.inst;
    const view = this.seen + this.bias;
    this.gen++;
    switch (inst.shape) {
      case 'yes':
        probs[0] = Math.min(Math.max(view, 0.02), 0.9);
        this.quote(0, null, true, now, out);
        break;
      case 'moneyline': {
        const d = distribution(inst, view, scratch);
        const p = clampProb(probAbove(0, d.mu, d.sd));
        probs[0] = p;
        probs[1] = 1 - p;
        this.quote(0, null, true, now, out);
        break;
      }
      case 'three_way': {
        const d = distribution(inst, view, scratch);
        threeWay(d.mu, d.sd, probs);
        this.quote(0, null, true, now, out);
        break;
      }
      default: {
        const d = distribution(inst, view, scratch);
        const mu = d.mu;
        let main = this.main;
        if (!(Math.abs(mu - main) <= MAIN_HYSTERESIS) || main < d.floor)
          main = Math.floor(mu) + 0.5;
        this.main = main;
        for (let k = -inst.alternates; k <= inst.alternates; k++) {
          const x = main + k;
          if (x < d.floor) continue;
          const p = clampProb(probAbove(x, mu, d.sd));
          probs[0] = p;
          probs[1] = 1 - p;
          this.quote(x, x, k === 0, now, out);
        }
      }
    }
    for (const [key, slot] of this.slots) {
      if (slot.gen === this.gen) continue;
      // The line left the book's window: it goes off the board, not closed, as it may return.
      if (slot.status !== 'off_board') {
        for (let i = 0; i < inst.selections.length; i++) {
          this.emit(slot, i, 'off_board', 'line_moved', null, false, now, out);
        }
      }
      this.slots.delete(key);
    }
  }

  private quote(key: number, threshold: number | null, main: boolean, now: number, out: Update[]) {
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { threshold, american: [0, 0, 0], status: 'closed', main, gen: 0 };
      this.slots.set(key, slot);
    }
    const fresh = slot.status !== 'open' || slot.main !== main;
    slot.gen = this.gen;
    slot.status = 'open';
    slot.main = main;
    const margin = this.book.margin;
    for (let i = 0; i < this.inst.selections.length; i++) {
      const american = bookAmerican(probs[i] ?? 0.5, margin);
      if (!fresh && american === slot.american[i]) continue;
      slot.american[i] = american;
      this.emit(slot, i, 'open', undefined, priceFromAmerican(american), main, now, out);
    }
  }

  private hold(status: QuoteStatus, reason: string, now: number, out: Update[]): void {
    for (const slot of this.slots.values()) {
      if (slot.status === status) continue;
      slot.status = status;
      for (let i = 0; i < this.inst.selections.length; i++) {
        const price = status === 'suspended' ? lastPrice(slot, i) : null;
        this.emit(slot, i, status, reason, price, slot.main, now, out);
      }
    }
  }

  private close(now: number, out: Update[]): void {
    const status = this.inst.ev.event.status;
    const reason = status === 'ended' ? 'ended' : this.inst.prop ? 'in_play' : 'period_end';
    for (const slot of this.slots.values()) {
      if (slot.status === 'closed') continue;
      for (let i = 0; i < this.inst.selections.length; i++) {
        this.emit(slot, i, 'closed', reason, lastPrice(slot, i), slot.main, now, out);
      }
    }
    this.slots.clear();
    this.dead = true;
    this.inst.ev.openGroups--;
  }

  private emit(
    slot: Slot,
    i: number,
    status: QuoteStatus,
    reason: string | undefined,
    price: Price | null,
    main: boolean,
    now: number,
    out: Update[],
  ): void {
    const inst = this.inst;
    const line = slot.threshold === null ? null : slot.threshold * (inst.lineSigns[i] ?? 1);
    out.push({
      kind: 'quote',
      key: {
        event: inst.ev.event.id,
        market: inst.market,
        period: inst.period,
        book: this.book.id,
        selection: inst.selections[i] ?? '',
        line,
      },
      value:
        reason === undefined
          ? { price, status, main, sourceAt: now, receivedAt: now }
          : { price, status, reason, main, sourceAt: now, receivedAt: now },
    });
  }
}

function lastPrice(slot: Slot, i: number): Price | null {
  const american = slot.american[i] ?? 0;
  return american === 0 ? null : priceFromAmerican(american);
}
