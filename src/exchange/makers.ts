// Simulated market makers: a few accounts that, on the injected scheduler, quote every open
// market around the sportsbooks' no-vig probability (each with its own noise, so their quotes
// overlap and they trade with each other), and now and then take liquidity so the tape moves.
// They use only the public Exchange interface, like any user, and are separate from matching.
import { Rng } from '../sources/simulator/prng.js';
import type { Scheduler } from '../timers/scheduler.js';
import type { Exchange, Market } from './api.js';

export interface MakerSettings {
  /** Market-maker accounts (`mm-1` ...). */
  accounts: number;
  /** Dollars each starts with. */
  balance: number;
  /** How often every maker re-quotes every open market. */
  intervalMs: number;
  /** Width between a maker's bid and offer, in dollars of YES price. */
  spread: number;
  /** Price levels quoted per side. */
  levels: number;
  /** Contracts per level. */
  size: number;
  /** Standard deviation of each maker's view around the fair price, in dollars. */
  noise: number;
  /** Chance per market per interval that a maker takes the best opposite quote. */
  takeProbability: number;
  seed: number;
}

export interface MakerDeps {
  exchange: Exchange;
  /** The sportsbooks' fair probability that the market's YES side wins; null when unknown. */
  fair: (market: Market) => number | null;
  scheduler: Scheduler;
}

export const makerAccount = (i: number) => `mm-${i}`;

/** Chance per interval that a maker redraws its view of a market. */
const REDRAW = 0.1;
/**
 * Markets quoted in one turn of the event loop. A market costs about a millisecond when every
 * maker re-quotes (with the operation log), so a whole round in one turn held the loop for over
 * 100 ms on a busy server and every Change waited behind it.
 */
export const MARKETS_PER_TURN = 8;

export class MarketMakers {
  private readonly rng: Rng;
  private readonly names: string[];
  private stopTimer: (() => void) | null = null;
  /** The rest of a round under way, as a cancellable next turn. */
  private nextTurn: (() => void) | null = null;
  /** Each maker's offset from the fair price per market, and what it last quoted there. */
  private readonly offsets = new Map<string, number>();
  private readonly quoted = new Map<string, { bid: number; ask: number; orders: number }>();

  constructor(
    private readonly deps: MakerDeps,
    private readonly settings: MakerSettings,
  ) {
    this.rng = new Rng(settings.seed);
    this.names = Array.from({ length: settings.accounts }, (_, i) => makerAccount(i + 1));
  }

  start(): void {
    for (const name of this.names) this.deps.exchange.openAccount(name, this.settings.balance);
    this.stopTimer = this.deps.scheduler.every(this.settings.intervalMs, () => this.tick());
  }

  stop(): void {
    this.stopTimer?.();
    this.stopTimer = null;
    this.nextTurn?.();
    this.nextTurn = null;
  }

  /**
   * One round: each maker re-quotes the markets where its quotes moved or were taken, then maybe
   * one takes; MARKETS_PER_TURN markets a turn. A round still under way when the next is due
   * (a slow machine) is left to finish rather than stacked.
   */
  tick(): void {
    if (this.nextTurn) return;
    const open = this.deps.exchange.markets({ states: ['MARKET_STATE_OPEN'] });
    this.forgetClosed(open);
    this.turn(open, 0);
  }

  private turn(round: readonly Market[], from: number): void {
    this.nextTurn = null;
    const end = Math.min(round.length, from + MARKETS_PER_TURN);
    for (let i = from; i < end; i++) {
      // A market can settle or suspend between two turns of a round.
      const m = this.deps.exchange.marketBySlug(round[i]!.slug);
      if (m?.state !== 'MARKET_STATE_OPEN') continue;
      const fair = this.deps.fair(m);
      if (fair === null) continue;
      for (const name of this.names) this.quote(name, m, fair);
      if (this.rng.chance(this.settings.takeProbability)) this.take(m);
    }
    if (end < round.length)
      this.nextTurn = this.deps.scheduler.after(0, () => this.turn(round, end));
  }

  /** Forgets markets that stopped trading, so these maps stay bounded by the open ones. */
  private forgetClosed(open: readonly Market[]): void {
    const slugs = new Set(open.map((m) => m.slug));
    for (const key of this.offsets.keys()) {
      if (!slugs.has(key.slice(key.indexOf('|') + 1))) {
        this.offsets.delete(key);
        this.quoted.delete(key);
      }
    }
  }

  /**
   * A maker's view is the fair price plus its own offset, redrawn now and then, so its quotes
   * hold still while the books do and it re-quotes only when its prices change or a quote filled.
   */
  private quote(name: string, m: Market, fair: number): void {
    const { exchange } = this.deps;
    const { spread, levels, size, noise } = this.settings;
    const key = `${name}|${m.slug}`;
    let offset = this.offsets.get(key);
    if (offset === undefined || this.rng.chance(REDRAW)) {
      offset = noise * this.rng.normal();
      this.offsets.set(key, offset);
    }
    const center = fair + offset;
    let bid = Math.floor((center - spread / 2) / m.tick + 1e-9);
    let ask = Math.ceil((center + spread / 2) / m.tick - 1e-9);
    const lo = Math.round(0.01 / m.tick);
    const hi = Math.round(0.99 / m.tick);
    bid = Math.min(hi - 1, Math.max(lo, bid));
    ask = Math.min(hi, Math.max(bid + 1, ask));
    const last = this.quoted.get(key);
    if (last && last.bid === bid && last.ask === ask) {
      const open = exchange.openOrders(name, [m.slug]);
      if (open.length === last.orders && open.every((o) => o.cumQuantity === 0)) return;
    }
    exchange.cancelAll(name, [m.slug]);
    let orders = 0;
    for (let k = 0; k < levels; k++) {
      for (const [intent, t] of [
        ['ORDER_INTENT_BUY_LONG', bid - k],
        ['ORDER_INTENT_SELL_LONG', ask + k],
      ] as const) {
        if (t < lo || t > hi) continue;
        const placed = exchange.createOrder(name, {
          marketSlug: m.slug,
          intent,
          price: Number((t * m.tick).toFixed(6)),
          quantity: size,
        });
        if (placed.order.leavesQuantity > 0) orders++;
      }
    }
    this.quoted.set(key, { bid, ask, orders });
  }

  /** A maker whose own quotes are not the best on that side lifts the best offer or hits the best bid. */
  private take(m: Market): void {
    const { exchange } = this.deps;
    const bbo = exchange.bbo(m.slug);
    if (!bbo) return;
    const buy = this.rng.chance(0.5);
    const px = buy ? bbo.bestAsk : bbo.bestBid;
    if (px === null) return;
    const side = buy ? 'ORDER_SIDE_SELL' : 'ORDER_SIDE_BUY';
    const takers = this.names.filter(
      (name) =>
        !exchange
          .openOrders(name, [m.slug])
          .some(
            (o) => o.side === side && o.price !== null && (buy ? o.price <= px : o.price >= px),
          ),
    );
    if (takers.length === 0) return;
    exchange.createOrder(this.rng.pick(takers), {
      marketSlug: m.slug,
      intent: buy ? 'ORDER_INTENT_BUY_LONG' : 'ORDER_INTENT_SELL_LONG',
      price: px,
      quantity: Math.max(m.minQty, Math.ceil(this.settings.size / 5)),
      tif: 'TIME_IN_FORCE_IMMEDIATE_OR_CANCEL',
    });
  }
}
