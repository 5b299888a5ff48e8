// What a group's current prices amount to: its consensus fair price, the +EV of every quote,
// its arbitrage, and the middles it forms with the other lines of its family. Called by the
// engine for the one group a Change touched (or whose prices aged out), so its cost is
// O(books in the market) plus O(lines in the family) for middles.
import type { AlertBody, Alerts, Moment } from './alerts.js';
import { arbitragePlan } from './arbitrage.js';
import type { AnalyticsConfig } from './config.js';
import { consensusFair } from './consensus.js';
import { edge, kelly } from './edge.js';
import type { BookQuotes, EventInfo, Group, PriceAt, Top2 } from './market.js';
import { middlePlan } from './middle.js';
import type { CloseReason, QuoteRef } from './types.js';

export class Evaluator {
  /** Scratch per outcome: the changed book held one of its two best prices. */
  private readonly held: boolean[] = [false, false, false];
  /** Scratch: the pass under way (one evaluation runs at a time). */
  private readonly pass: Pass = {
    group: null as unknown as Group,
    info: null as unknown as EventInfo,
    m: null as unknown as Moment,
    fair: null,
    quoteAge: 0,
    fairAge: 0,
    base: null,
  };

  constructor(
    private readonly config: AnalyticsConfig,
    private readonly alerts: Alerts,
  ) {}

  /**
   * Recomputes a group's consensus, +EV and arbitrage, then the middles between it and the other
   * lines of its family. Returns when the group next needs a look without a Change: the earliest
   * time one of the prices it uses ages out (Infinity when none).
   *
   * `changed` is the one book a Change moved, or null when every book needs a look (a deadline
   * passed). When the consensus and the in-play state are what they were at the last look, the
   * +EV of the other books cannot have changed (their prices did not move, and none aged out, or
   * its deadline would have run first), so only `changed` is priced: the pass over the other
   * books is then numbers only (best prices, staleness, deadlines).
   */
  evaluate(group: Group, info: EventInfo, m: Moment, changed: BookQuotes | null): number {
    const cfg = this.config;
    const quoteAge = info.inPlay ? cfg.quoteMaxAgeMs.inPlay : cfg.quoteMaxAgeMs.preMatch;
    const fairAge = info.inPlay ? cfg.consensusMaxAgeMs.inPlay : cfg.consensusMaxAgeMs.preMatch;
    const now = m.at;
    const fair = consensusFair(group.books, cfg.consensus, cfg.method, now - fairAge);
    const full = changed === null || info.inPlay !== group.inPlay || !same(fair, group.consensus);
    group.consensus = fair;
    group.inPlay = info.inPlay;
    const stale = group.stale;
    let next = Number.POSITIVE_INFINITY;
    const ctx = this.pass;
    ctx.group = group;
    ctx.info = info;
    ctx.m = m;
    ctx.fair = fair;
    ctx.quoteAge = quoteAge;
    ctx.fairAge = fairAge;
    ctx.base = null;
    if (full || changed === null || !group.scanned) {
      for (const best of group.best) best.reset();
      // Per outcome: whether a priced quote was left out for its age (an arb then closes as stale).
      stale.fill(false);
      for (const b of group.bookList)
        next = Math.min(next, this.book(ctx, b, full || b === changed));
      group.scanned = true;
    } else {
      // Only `changed` moved, and nothing aged out (its deadline would have run first): the best
      // prices change only where it offers more, or where it held one of the two best and may
      // have fallen back (that outcome alone is looked at again). The other books' next ageing
      // is already in the group's deadline.
      const b = changed;
      const held = this.held;
      let versions = 0;
      for (let side = 0; side < group.best.length; side++) {
        const top = group.best[side];
        if (!top) continue;
        versions += top.version;
        held[side] =
          (top.firstDecimal > 0 && top.firstBook === b.id) ||
          (top.secondDecimal > 0 && top.secondBook === b.id);
      }
      next = this.book(ctx, b, true);
      let moved = false;
      for (let side = 0; side < group.best.length; side++) {
        const top = group.best[side];
        if (!top) continue;
        versions -= top.version;
        if (held[side] || top.firstDecimal === 0) {
          this.rescan(group, side, now, quoteAge);
          moved = true;
        }
      }
      // Most Changes leave the two best prices of every outcome as they were: then no
      // arbitrage or middle of this group can have changed either.
      if (!moved && versions === 0) return next;
    }

    this.arbitrage(group, info, stale, m);
    if (group.threshold() !== null) this.middles(group, info, m);
    return next;
  }

  /**
   * One book's part of a pass: offers its fresh prices to the best prices, and when `priced`
   * opens, updates or closes the +EV of each of its outcomes. Returns when one of its prices
   * next ages out.
   */
  private book(ctx: Pass, b: BookQuotes, priced: boolean): number {
    const cfg = this.config;
    const { group, m, fair, quoteAge, fairAge } = ctx;
    const now = m.at;
    const stale = group.stale;
    const id = b.id;
    let next = Number.POSITIVE_INFINITY;
    if (b.fair) {
      const expiry = b.oldest() + fairAge;
      if (expiry > now) next = expiry;
    }
    for (let side = 0; side < group.outcomes.length; side++) {
      const d = b.decimal[side] ?? Number.NaN;
      if (Number.isNaN(d)) {
        if (priced) this.closeEv(b, side, 'unavailable', m);
        continue;
      }
      const expiry = (b.receivedAt[side] ?? 0) + quoteAge;
      if (expiry <= now) {
        stale[side] = true;
        if (priced) this.closeEv(b, side, 'stale', m);
        continue;
      }
      next = Math.min(next, expiry);
      group.best[side]?.offer(id, d);
      if (!priced) continue;
      const p = fair?.[side];
      if (p === undefined) {
        this.closeEv(b, side, 'no_consensus', m);
        continue;
      }
      const e = edge(d, p);
      if (e < cfg.ev.minEdge) {
        this.closeEv(b, side, 'below_threshold', m);
        continue;
      }
      // A number, not a string, so an unchanged alert costs no allocation: the price (4
      // decimals) and the fair probability in steps of ev.updateStep (at least 1e-5).
      const sig = Math.round(d * 1e4) * 1e6 + Math.round(p / cfg.ev.updateStep);
      const slot = b.evSlots[side] ?? '';
      if (b.evOpen[side] && this.alerts.unchanged(slot, sig)) continue;
      ctx.base ??= this.base(group, ctx.info);
      // Spreads first: V8 clones a leading spread on a fast path, any other is far slower.
      const body: AlertBody = {
        ...ctx.base,
        kind: 'ev',
        quote: this.ref(group, side, id, d),
        fairProbability: p,
        fairDecimal: 1 / p,
        edge: e,
        kelly: kelly(d, p),
      };
      this.alerts.set(slot, body, sig, m);
      b.evOpen[side] = true;
    }
    return next;
  }

  /** One outcome's best prices (and whether a price was left out for its age) from every book. */
  private rescan(group: Group, side: number, now: number, quoteAge: number): void {
    const top = group.best[side];
    if (!top) return;
    top.reset();
    let stale = false;
    for (const b of group.bookList) {
      const d = b.decimal[side] ?? Number.NaN;
      if (Number.isNaN(d)) continue;
      if ((b.receivedAt[side] ?? 0) + quoteAge <= now) stale = true;
      else top.offer(b.id, d);
    }
    group.stale[side] = stale;
  }

  private closeEv(b: BookQuotes, side: number, reason: CloseReason, m: Moment): void {
    if (!b.evOpen[side]) return;
    b.evOpen[side] = false;
    this.alerts.clear(b.evSlots[side] ?? '', reason, m);
  }

  private arbitrage(group: Group, info: EventInfo, stale: readonly boolean[], m: Moment): void {
    const slot = group.key;
    let impliedSum = 0;
    for (let side = 0; side < group.best.length; side++) {
      const d = group.best[side]?.firstDecimal ?? 0;
      if (d === 0) {
        this.alerts.clear(slot, stale[side] ? 'stale' : 'unavailable', m);
        return;
      }
      impliedSum += 1 / d;
    }
    // Checked before anything is allocated: most groups, most of the time, are no arb.
    const share = 1 / impliedSum - 1;
    if (!(share > 0 && share >= this.config.arbitrage.minProfit)) {
      this.alerts.clear(slot, 'below_threshold', m);
      return;
    }
    const legs = group.best.map((t) => ({ book: t.firstBook, decimal: t.firstDecimal }));
    const sig = legs.map((l) => `${l.book}:${l.decimal}`).join('|');
    if (this.alerts.unchanged(slot, sig)) return;
    const bankroll = this.config.bankroll;
    const plan = arbitragePlan(
      legs.map((l) => l.decimal),
      bankroll,
    );
    const body: AlertBody = {
      ...this.base(group, info),
      kind: 'arb',
      legs: legs.map((l, side) => ({
        ...this.ref(group, side, l.book, l.decimal),
        stake: plan.stakes[side] ?? 0,
      })),
      bankroll,
      impliedSum: plan.impliedSum,
      payout: plan.payout,
      profit: plan.profit,
      profitShare: plan.profitShare,
    };
    this.alerts.set(slot, body, sig, m);
  }

  /**
   * The pairs of lines that include `group`, as either leg: a middle's value changes only when
   * one of its two groups does, so this is O(lines in the family), not every pair.
   */
  private middles(group: Group, info: EventInfo, m: Moment): void {
    for (const other of group.family.groups.values()) {
      if (other === group) continue;
      this.middle(group, other, info, m);
      this.middle(other, group, info, m);
    }
  }

  /** The middle of `a`'s first outcome and `b`'s second, if their lines leave a band. */
  private middle(a: Group, b: Group, info: EventInfo, m: Moment): void {
    const cfg = this.config.middles;
    const ta = a.threshold();
    const tb = b.threshold();
    if (ta === null || tb === null || tb - ta < cfg.minWidth) return;
    const open = a.middles.get(b);
    const above = a.best[0];
    const below = b.best[1];
    if (!above || !below) return;
    if (open === undefined) {
      // The two best prices make the cheapest middle; if even they cost too much, stop here.
      if (above.firstDecimal === 0 || below.firstDecimal === 0) return;
      if (1 - 1 / (1 / above.firstDecimal + 1 / below.firstDecimal) > cfg.maxCost) return;
    }
    const pair = distinctBest(above, below);
    const bankroll = this.config.bankroll;
    const plan = pair
      ? middlePlan(
          { threshold: ta, decimal: pair[0].decimal },
          { threshold: tb, decimal: pair[1].decimal },
          bankroll,
        )
      : null;
    if (!pair || !plan || plan.cost > cfg.maxCost) {
      if (open === undefined) return;
      a.middles.delete(b);
      this.alerts.clear(open, pair && plan ? 'below_threshold' : 'unavailable', m);
      return;
    }
    const slot = open ?? `${a.family.key}|${ta}|${tb}`;
    a.middles.set(b, slot);
    const sig = `${pair[0].book}:${pair[0].decimal}|${pair[1].book}:${pair[1].decimal}`;
    if (open !== undefined && this.alerts.unchanged(slot, sig)) return;
    const body: AlertBody = {
      ...this.base(a, info),
      kind: 'middle',
      legs: [
        { ...this.ref(a, 0, pair[0].book, pair[0].decimal), stake: plan.stakes[0], threshold: ta },
        { ...this.ref(b, 1, pair[1].book, pair[1].decimal), stake: plan.stakes[1], threshold: tb },
      ],
      bankroll,
      width: plan.width,
      cost: plan.cost,
      missPayout: plan.missPayout,
      hitPayout: plan.hitPayout,
    };
    this.alerts.set(slot, body, sig, m);
  }

  private base(group: Group, info: EventInfo): Base {
    const f = group.family;
    return {
      event: f.event,
      market: f.market,
      period: f.period,
      sport: info.sport,
      league: info.league,
    };
  }

  private ref(group: Group, side: number, book: string, decimal: number): QuoteRef {
    const american = group.books.get(book)?.american[side];
    const ref: QuoteRef = {
      book,
      selection: group.selection(side),
      line: group.lineOf(side),
      decimal,
    };
    if (american !== undefined) ref.american = american;
    return ref;
  }
}

/** What one evaluation of a group passes to each book's part. */
interface Pass {
  group: Group;
  info: EventInfo;
  m: Moment;
  fair: number[] | null;
  quoteAge: number;
  fairAge: number;
  /** The alert labels, built once per pass and only when an alert needs them. */
  base: Base | null;
}

interface Base {
  event: string;
  market: string;
  period: string;
  sport: string;
  league: string;
}

/** Two fair prices (or their absence) are the same, value by value. */
function same(a: readonly number[] | null, b: readonly number[] | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The best pair of prices from two different books: a's first outcome and b's second. */
function distinctBest(a: Top2, b: Top2): [PriceAt, PriceAt] | null {
  if (a.firstDecimal === 0 || b.firstDecimal === 0) return null;
  const a1 = { book: a.firstBook, decimal: a.firstDecimal };
  const b1 = { book: b.firstBook, decimal: b.firstDecimal };
  if (a1.book !== b1.book) return [a1, b1];
  // The same book is best on both sides: pair each best with the other side's runner-up.
  const x: [PriceAt, PriceAt] | null =
    a.secondDecimal > 0 ? [{ book: a.secondBook, decimal: a.secondDecimal }, b1] : null;
  const y: [PriceAt, PriceAt] | null =
    b.secondDecimal > 0 ? [a1, { book: b.secondBook, decimal: b.secondDecimal }] : null;
  if (!x) return y;
  if (!y) return x;
  const cost = (p: [PriceAt, PriceAt]) => 1 / p[0].decimal + 1 / p[1].decimal;
  return cost(x) <= cost(y) ? x : y;
}
