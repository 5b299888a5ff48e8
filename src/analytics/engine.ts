// The analytics engine: consumes Change batches after state and keeps, per market, the derived
// state that fair prices, +EV, arbitrage, middles and steam need. A quote Change touches only its
// own group (one market at one line, every book) and that group's family (the other lines), so a
// Change costs O(books in the market), never a rescan. Time is the Changes' own `at`, or the
// `now` passed to advance(); nothing reads a wall clock.
import type { Change, EventChange, QuoteChange } from '../model/types.js';
import { type AlertBody, Alerts, type Moment } from './alerts.js';
import { arbitragePlan } from './arbitrage.js';
import type { AnalyticsConfig } from './config.js';
import { consensusFair } from './consensus.js';
import { Deadlines } from './deadlines.js';
import { fairProbabilities } from './devig.js';
import { edge, kelly } from './edge.js';
import {
  type BookQuotes,
  Family,
  Group,
  type Outcomes,
  type PriceAt,
  place,
  type Top2,
} from './market.js';
import { middlePlan } from './middle.js';
import { Steam, type Watch } from './steam.js';
import type { Alert, CloseReason, QuoteRef } from './types.js';

export interface AnalyticsEngineOptions {
  config: AnalyticsConfig;
  /** Outcomes per market id (outcomesFromCatalog); quotes of other markets are ignored. */
  outcomes: ReadonlyMap<string, Outcomes>;
}

interface EventInfo {
  sport: string;
  league: string;
  inPlay: boolean;
  families: Set<Family>;
}

type Due = { kind: 'group'; group: Group } | Watch;

export class AnalyticsEngine {
  private readonly config: AnalyticsConfig;
  private readonly outcomes: ReadonlyMap<string, Outcomes>;
  private readonly families = new Map<string, Family>();
  private readonly groups = new Map<string, Group>();
  /** Where each quote key (Change id) was placed, so a Change builds no key strings. */
  private readonly placed = new Map<string, { group: Group; side: number }>();
  private readonly events = new Map<string, EventInfo>();
  private readonly deadlines = new Deadlines<Due>();
  private readonly alerts: Alerts;
  private readonly steam: Steam;
  private out: Alert[] = [];

  constructor(opts: AnalyticsEngineOptions) {
    this.config = opts.config;
    this.outcomes = opts.outcomes;
    this.alerts = new Alerts((a) => this.out.push(a));
    this.steam = new Steam(opts.config.steam, this.alerts, this.deadlines as Deadlines<Watch>);
  }

  /** Applies a batch of Changes in order; returns the alert phases they caused, in order. */
  apply(changes: readonly Change[]): Alert[] {
    const out: Alert[] = [];
    this.out = out;
    for (const c of changes) {
      this.runDue(c.at);
      const m: Moment = { at: c.at, cause: { epoch: c.epoch, seq: c.seq } };
      if (c.kind === 'quote') this.quote(c, m);
      else this.event(c, m);
    }
    this.out = [];
    return out;
  }

  /** Lets time pass without a Change: quotes go stale, steam windows end. */
  advance(now: number): Alert[] {
    const out: Alert[] = [];
    this.out = out;
    this.runDue(now);
    this.out = [];
    return out;
  }

  /** Every alert open now, as last emitted. */
  open(): Alert[] {
    return this.alerts.open();
  }

  /** Markets (groups) held; for tests and metrics. */
  get groupCount(): number {
    return this.groups.size;
  }

  private runDue(now: number): void {
    for (let d = this.deadlines.popDue(now); d; d = this.deadlines.popDue(now)) {
      const m: Moment = { at: d.at, cause: null };
      const due = d.item;
      if (due.kind === 'group') {
        // Skip a deadline the group has since replaced, or a group of a finished event.
        if (due.group.deadline !== d.at || this.groups.get(due.group.key) !== due.group) continue;
        due.group.deadline = Number.POSITIVE_INFINITY;
        this.evaluate(due.group, m);
      } else {
        this.steam.end(due, m);
      }
    }
  }

  private event(c: EventChange, m: Moment): void {
    const info = this.events.get(c.after.id);
    if (info) info.inPlay = c.inPlay;
    const status = c.after.status;
    if (status !== 'ended' && status !== 'cancelled') return;
    // A finished event's markets will not come back: close its alerts and forget its state.
    this.alerts.clearEvent(c.after.id, 'event_finished', m);
    this.steam.dropEvent(c.after.id);
    for (const f of info?.families ?? []) {
      for (const g of f.groups.values()) {
        this.groups.delete(g.key);
        for (const id of g.quoteIds) this.placed.delete(id);
      }
      this.families.delete(f.key);
    }
    this.events.delete(c.after.id);
  }

  private quote(c: QuoteChange, m: Moment): void {
    let spot = this.placed.get(c.id);
    if (spot === undefined) {
      // Nothing to compute until a market opens; this also keeps the closing quotes that follow
      // an event's end from filing the finished event again.
      if (c.after.status !== 'open') return;
      const fresh = this.place(c);
      if (fresh === null) return;
      this.placed.set(c.id, fresh);
      spot = fresh;
    }
    const { group, side } = spot;
    const family = group.family;
    const info = this.events.get(family.event);
    if (!info) return;
    info.inPlay = c.inPlay;
    const book = group.book(c.key.book);
    book.set(side, c.after);
    book.fair = book.complete() ? fairProbabilities(this.config.method, book.decimal) : null;

    this.steam.price(group, side, c.key.book, c.before, c.after, info, m);
    const line = group.line;
    if (side === 0 && line !== null && c.after.main && c.after.status === 'open') {
      const from = family.mainLine.get(c.key.book);
      family.mainLine.set(c.key.book, line);
      if (from !== undefined && from !== line)
        this.steam.line(family, group.selection(0), c.key.book, from, line, info, m);
    }
    this.evaluate(group, m);
  }

  /** Files a quote key the first time it is seen; null for quotes no analytic uses. */
  private place(c: QuoteChange): { group: Group; side: number } | null {
    const outcomes = this.outcomes.get(c.key.market);
    const at = place(c.key, outcomes);
    if (!at || !outcomes) return null;
    let info = this.events.get(c.key.event);
    if (!info) {
      info = { sport: c.sport, league: c.league, inPlay: c.inPlay, families: new Set() };
      this.events.set(c.key.event, info);
    }
    let family = this.families.get(at.familyKey);
    if (!family) {
      family = new Family(at.familyKey, c.key.event, c.key.market, c.key.period, at.family);
      this.families.set(at.familyKey, family);
      info.families.add(family);
    }
    let group = this.groups.get(at.groupKey);
    if (!group) {
      group = new Group(at.groupKey, family, outcomes, at.line);
      this.groups.set(at.groupKey, group);
      family.groups.set(at.groupKey, group);
    }
    group.quoteIds.add(c.id);
    return { group, side: at.side };
  }

  /** Recomputes a group's consensus, +EV and arbitrage, then its family's middles. */
  private evaluate(group: Group, m: Moment): void {
    const family = group.family;
    const info = this.events.get(family.event);
    if (!info) return;
    const cfg = this.config;
    const quoteAge = info.inPlay ? cfg.quoteMaxAgeMs.inPlay : cfg.quoteMaxAgeMs.preMatch;
    const fairAge = info.inPlay ? cfg.consensusMaxAgeMs.inPlay : cfg.consensusMaxAgeMs.preMatch;
    const now = m.at;
    const fresh = (b: BookQuotes) => now - b.oldest() < fairAge;
    const fair = consensusFair(group.books, cfg.consensus, cfg.method, fresh);
    group.consensus = fair;
    let next = Number.POSITIVE_INFINITY;
    for (const best of group.best) best.reset();
    // Per outcome: whether a priced quote was left out for its age (an arb then closes as stale).
    const stale = group.stale;
    stale.fill(false);

    let base: Base | null = null;
    for (const b of group.bookList) {
      const id = b.id;
      if (b.fair) {
        const expiry = b.oldest() + fairAge;
        if (expiry > now) next = Math.min(next, expiry);
      }
      for (let side = 0; side < group.outcomes.length; side++) {
        const d = b.decimal[side] ?? Number.NaN;
        if (Number.isNaN(d)) {
          this.closeEv(b, side, 'unavailable', m);
          continue;
        }
        const expiry = (b.receivedAt[side] ?? 0) + quoteAge;
        if (expiry <= now) {
          stale[side] = true;
          this.closeEv(b, side, 'stale', m);
          continue;
        }
        next = Math.min(next, expiry);
        group.best[side]?.offer(id, d);
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
        // decimals) and the fair probability to 5 decimals.
        const sig = Math.round(d * 1e4) * 1e6 + Math.round(p * 1e5);
        const slot = b.evSlots[side] ?? '';
        if (b.evOpen[side] && this.alerts.unchanged(slot, sig)) continue;
        base ??= this.base(group, info);
        const body: AlertBody = {
          kind: 'ev',
          ...base,
          quote: this.ref(group, side, id, d),
          fairProbability: p,
          fairDecimal: 1 / p,
          edge: e,
          kelly: kelly(d, p),
        };
        // A number, not a string, so an unchanged alert costs no allocation: the price (4
        // decimals) and the fair probability to 5 decimals.
        this.alerts.set(
          b.evSlots[side] ?? '',
          body,
          Math.round(d * 1e4) * 1e6 + Math.round(p * 1e5),
          m,
        );
        b.evOpen[side] = true;
      }
    }

    this.arbitrage(group, info, stale, m);
    if (group.threshold() !== null) this.middles(group, info, m);
    if (next < group.deadline || group.deadline <= now) {
      group.deadline = next;
      if (next !== Number.POSITIVE_INFINITY) this.deadlines.push(next, { kind: 'group', group });
    }
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
      kind: 'arb',
      ...this.base(group, info),
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
      kind: 'middle',
      ...this.base(a, info),
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

interface Base {
  event: string;
  market: string;
  period: string;
  sport: string;
  league: string;
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
