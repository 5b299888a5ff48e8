// Simulated market makers: a few accounts that, on the injected scheduler, quote every open
// market around the sportsbooks' no-vig probability (each with its own noise, so their quotes
// overlap and they trade with each other), and now and then take liquidity so the tape moves.
// They use only the public Exchange interface, like any user, and are separate from matching.
import { Rng } from '../sources/simulator/prng.js';
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
  scheduler: { every(ms: number, fn: () => void): () => void };
}

export const makerAccount = (i: number) => `mm-${i}`;

export class MarketMakers {
  private readonly rng: Rng;
  private readonly names: string[];
  private stopTimer: (() => void) | null = null;

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
  }

  /** One round: every maker re-quotes every open market, then maybe one takes. */
  tick(): void {
    for (const m of this.deps.exchange.markets({ states: ['MARKET_STATE_OPEN'] })) {
      const fair = this.deps.fair(m);
      if (fair === null) continue;
      for (const name of this.names) this.quote(name, m, fair);
      if (this.rng.chance(this.settings.takeProbability)) this.take(m);
    }
  }

  private quote(name: string, m: Market, fair: number): void {
    const { exchange } = this.deps;
    const { spread, levels, size, noise } = this.settings;
    exchange.cancelAll(name, [m.slug]);
    const center = fair + noise * this.rng.normal();
    const ticks = (x: number) => Math.round(x / m.tick);
    const bid = Math.floor((center - spread / 2) / m.tick + 1e-9);
    let ask = Math.ceil((center + spread / 2) / m.tick - 1e-9);
    if (ask <= bid) ask = bid + 1;
    const lo = ticks(0.01);
    const hi = ticks(0.99);
    for (let k = 0; k < levels; k++) {
      if (bid - k >= lo && bid - k <= hi) {
        exchange.createOrder(name, {
          marketSlug: m.slug,
          intent: 'ORDER_INTENT_BUY_LONG',
          price: Number(((bid - k) * m.tick).toFixed(6)),
          quantity: size,
        });
      }
      if (ask + k >= lo && ask + k <= hi) {
        exchange.createOrder(name, {
          marketSlug: m.slug,
          intent: 'ORDER_INTENT_SELL_LONG',
          price: Number(((ask + k) * m.tick).toFixed(6)),
          quantity: size,
        });
      }
    }
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
