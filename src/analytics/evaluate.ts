// What a group's current prices amount to: its consensus fair price, the +EV of every quote,
// its arbitrage, and the middles it forms with the other lines of its family. Called by the
// engine for the one group a Change touched (or whose prices aged out), so its cost is
// O(books in the market) plus O(lines in the family) for middles.
import type { Alerts, Moment } from './alerts.js';
import { arbitragePlan } from './arbitrage.js';
import type { AnalyticsConfig } from './config.js';
import { consensusFair } from './consensus.js';
import { edge, kelly } from './edge.js';
import type { BookQuotes, EventInfo, Group, PriceAt, Top2 } from './market.js';
import { middlePlan } from './middle.js';
import type { ArbAlert, CloseReason, EvAlert, MiddleAlert, QuoteRef } from './types.js';

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
   * passed). With a book, nothing else aged out (the group's deadline would have run first), so
   * the best prices move only where that book offers more or held one of them, and another
   * book's +EV moves only on an outcome whose fair probability moved: those outcomes alone are
   * priced again, book by book, and none at all where no +EV alert is open and even the best
   * price is short of the edge.
   */
  evaluate(group: Group, info: EventInfo, m: Moment, changed: BookQuotes | null): number {
    const cfg = this.config;
    const quoteAge = info.inPlay ? cfg.quoteMaxAgeMs.inPlay : cfg.quoteMaxAgeMs.preMatch;
    const fairAge = info.inPlay ? cfg.consensusMaxAgeMs.inPlay : cfg.consensusMaxAgeMs.preMatch;
    const now = m.at;
    const fair = consensusFair(group.books, cfg.consensus, cfg.method, now - fairAge);
    const was = group.consensus;
    const repriced = !same(fair, was);
    // The age limits differ in play: every price's freshness needs a look.
    const whole = changed === null || info.inPlay !== group.inPlay || !group.scanned;
    const full = whole || repriced;
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
    if (whole) {
      for (const best of group.best) best.reset();
      // Per outcome: whether a priced quote was left out for its age (an arb then closes as stale).
      stale.fill(false);
      for (const b of group.bookList)
        next = Math.min(next, this.book(ctx, b, full || b === changed));
      group.scanned = true;
    } else {
      // The best prices change only where `changed` offers more, or where it held one of the two
      // best and may have fallen back (that outcome alone is looked at again). The other books'
      // next ageing is already in the group's deadline.
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
      // A consensus book moved the fair price: the other books' +EV, where it moved.
      if (repriced) this.reprice(ctx, b, was);
      // Most Changes leave the two best prices of every outcome as they were: then no
      // arbitrage or middle of this group can have changed either.
      if (!moved && versions === 0) return next;
    }

    this.arbitrage(group, info, stale, m);
    if (group.threshold() !== null) this.middles(group, info, m);
    return next;
  }

  /**
   * The +EV of every book but `changed` (already priced), on the outcomes whose fair probability
   * is not what it was. The best prices are current here, and the edge grows with the price, so
   * an outcome with no +EV alert open whose best price is short of the edge has nothing to open.
   */
  private reprice(ctx: Pass, changed: BookQuotes, was: readonly number[] | null): void {
    const { group, m, fair, quoteAge } = ctx;
    const now = m.at;
    const minEdge = this.config.ev.minEdge;
    for (let side = 0; side < group.outcomes.length; side++) {
      const p = fair?.[side];
      if (p === was?.[side]) continue;
      if ((group.evCount[side] ?? 0) === 0) {
        const best = group.best[side]?.firstDecimal ?? 0;
        if (p === undefined || best === 0 || edge(best, p) < minEdge) continue;
      }
      for (const b of group.bookList) {
        if (b === changed) continue;
        const d = b.decimal[side] ?? Number.NaN;
        if (Number.isNaN(d)) this.closeEv(group, b, side, 'unavailable', m);
        else if ((b.receivedAt[side] ?? 0) + quoteAge <= now) {
          group.stale[side] = true;
          this.closeEv(group, b, side, 'stale', m);
        } else this.ev(ctx, b, side, d);
      }
    }
  }

  /**
   * One book's part of a pass: offers its fresh prices to the best prices, and when `priced`
   * opens, updates or closes the +EV of each of its outcomes. Returns when one of its prices
   * next ages out.
   */
  private book(ctx: Pass, b: BookQuotes, priced: boolean): number {
    const { group, m, quoteAge, fairAge } = ctx;
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
        if (priced) this.closeEv(group, b, side, 'unavailable', m);
        continue;
      }
      const expiry = (b.receivedAt[side] ?? 0) + quoteAge;
      if (expiry <= now) {
        stale[side] = true;
        if (priced) this.closeEv(group, b, side, 'stale', m);
        continue;
      }
      next = Math.min(next, expiry);
      group.best[side]?.offer(id, d);
      if (priced) this.ev(ctx, b, side, d);
    }
    return next;
  }

  /** Opens, updates or closes the +EV of one book's open, fresh price `d` of one outcome. */
  private ev(ctx: Pass, b: BookQuotes, side: number, d: number): void {
    const cfg = this.config;
    const { group, m } = ctx;
    const p = ctx.fair?.[side];
    if (p === undefined) {
      this.closeEv(group, b, side, 'no_consensus', m);
      return;
    }
    const e = edge(d, p);
    if (e < cfg.ev.minEdge) {
      this.closeEv(group, b, side, 'below_threshold', m);
      return;
    }
    // A number, not a string, so an unchanged alert costs no allocation: the price (4
    // decimals) and the fair probability in steps of ev.updateStep (at least 1e-5).
    const sig = Math.round(d * 1e4) * 1e6 + Math.round(p / cfg.ev.updateStep);
    const slot = b.evSlots[side] ?? '';
    const open = b.evOpen[side] === true;
    if (open && this.alerts.unchanged(slot, sig)) return;
    const f = group.family;
    const info = ctx.info;
    // Built whole, in the order `Alerts.set` would give it (id, phase, cause filled in by put).
    const alert: EvAlert = {
      event: f.event,
      market: f.market,
      period: f.period,
      sport: info.sport,
      league: info.league,
      kind: 'ev',
      quote: this.ref(group, side, b.id, d, b.american[side]),
      fairProbability: p,
      fairDecimal: 1 / p,
      edge: e,
      kelly: kelly(d, p),
      id: '',
      phase: 'opened',
      at: m.at,
      cause: null,
    };
    this.alerts.put(slot, alert, sig, m);
    if (!open) {
      b.evOpen[side] = true;
      group.evCount[side] = (group.evCount[side] ?? 0) + 1;
    }
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

  private closeEv(group: Group, b: BookQuotes, side: number, reason: CloseReason, m: Moment): void {
    if (!b.evOpen[side]) return;
    b.evOpen[side] = false;
    group.evCount[side] = (group.evCount[side] ?? 1) - 1;
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
    // Compared with the open alert's legs, not a digest string: most looks change nothing.
    const open = this.alerts.current(slot);
    if (open?.kind === 'arb' && sameLegs(open.legs, group.best)) return;
    const bankroll = this.config.bankroll;
    const plan = arbitragePlan(
      group.best.map((t) => t.firstDecimal),
      bankroll,
    );
    const f = group.family;
    const alert: ArbAlert = {
      event: f.event,
      market: f.market,
      period: f.period,
      sport: info.sport,
      league: info.league,
      kind: 'arb',
      legs: group.best.map((t, side) => ({
        ...this.ref(group, side, t.firstBook, t.firstDecimal),
        stake: plan.stakes[side] ?? 0,
      })),
      bankroll,
      impliedSum: plan.impliedSum,
      payout: plan.payout,
      profit: plan.profit,
      profitShare: plan.profitShare,
      id: '',
      phase: 'opened',
      at: m.at,
      cause: null,
    };
    this.alerts.put(slot, alert, '', m);
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
    // The same legs at the same prices: the same middle, already open (its cost passed then).
    if (pair && open !== undefined) {
      const now = this.alerts.current(open);
      const [x, y] = pair;
      if (
        now?.kind === 'middle' &&
        now.legs[0].book === x.book &&
        now.legs[0].decimal === x.decimal &&
        now.legs[1].book === y.book &&
        now.legs[1].decimal === y.decimal
      )
        return;
    }
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
    const [x, y] = pair;
    const f = a.family;
    const alert: MiddleAlert = {
      event: f.event,
      market: f.market,
      period: f.period,
      sport: info.sport,
      league: info.league,
      kind: 'middle',
      legs: [
        { ...this.ref(a, 0, x.book, x.decimal), stake: plan.stakes[0], threshold: ta },
        { ...this.ref(b, 1, y.book, y.decimal), stake: plan.stakes[1], threshold: tb },
      ],
      bankroll,
      width: plan.width,
      cost: plan.cost,
      missPayout: plan.missPayout,
      hitPayout: plan.hitPayout,
      id: '',
      phase: 'opened',
      at: m.at,
      cause: null,
    };
    this.alerts.put(slot, alert, '', m);
  }

  private ref(
    group: Group,
    side: number,
    book: string,
    decimal: number,
    american = group.books.get(book)?.american[side],
  ): QuoteRef {
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
}

/** Two fair prices (or their absence) are the same, value by value. */
function same(a: readonly number[] | null, b: readonly number[] | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether an open arbitrage's legs are the group's best prices, book and price. */
function sameLegs(legs: readonly QuoteRef[], best: readonly Top2[]): boolean {
  if (legs.length !== best.length) return false;
  for (let i = 0; i < legs.length; i++) {
    const l = legs[i];
    const t = best[i];
    if (!l || !t || l.book !== t.firstBook || l.decimal !== t.firstDecimal) return false;
  }
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
