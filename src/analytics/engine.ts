// The analytics engine: consumes Change batches after state and keeps, per market, the derived
// state that fair prices, +EV, arbitrage, middles and steam need. A quote Change touches only its
// own group (one market at one line, every book) and that group's family (the other lines), so a
// Change costs O(books in the market), never a rescan. Time is the Changes' own `at`, or the
// `now` passed to advance(); nothing reads a wall clock.
import type { Change, EventChange, QuoteChange } from '../model/types.js';
import { Alerts, Moment } from './alerts.js';
import type { AnalyticsConfig } from './config.js';
import { consensusBooks } from './consensus.js';
import { Deadlines } from './deadlines.js';
import { fairProbabilities } from './devig.js';
import { Evaluator } from './evaluate.js';
import { VenueGaps, type VenueQuote } from './gaps.js';
import {
  type BookQuotes,
  type EventInfo,
  Family,
  Group,
  type MainLine,
  type Outcomes,
  place,
} from './market.js';
import { Steam, type Watch } from './steam.js';
import type { Alert } from './types.js';

export interface AnalyticsEngineOptions {
  config: AnalyticsConfig;
  /** Outcomes per market id (outcomesFromCatalog); quotes of other markets are ignored. */
  outcomes: ReadonlyMap<string, Outcomes>;
}

type Due = { kind: 'group'; group: Group } | Watch;

/** Where a quote key was filed, resolved once so a Change looks up nothing else. */
interface Spot {
  group: Group;
  side: number;
  book: BookQuotes;
  info: EventInfo;
  /** Whether the consensus reads this book (only those are devigged). */
  devig: boolean;
  /** This book's main line in the group's family (line steam). */
  main: MainLine;
}

export class AnalyticsEngine {
  private readonly config: AnalyticsConfig;
  private readonly outcomes: ReadonlyMap<string, Outcomes>;
  private readonly families = new Map<string, Family>();
  private readonly groups = new Map<string, Group>();
  /** Where each quote key (Change id) was placed, so a Change builds no key strings. */
  private readonly placed = new Map<string, Spot | null>();
  /**
   * Quote keys no analytic uses (null in `placed`, so they are not parsed again on every
   * Change), by event, to forget them with it.
   */
  private readonly unused = new Map<string, string[]>();
  private readonly events = new Map<string, EventInfo>();
  private readonly deadlines = new Deadlines<Due>();
  private readonly alerts: Alerts;
  private readonly steam: Steam;
  private readonly evaluator: Evaluator;
  private readonly gaps: VenueGaps;
  /** Books the consensus reads (null: all); no other book's market is devigged. */
  private readonly devigged: ReadonlySet<string> | null;
  private out: Alert[] = [];
  /** Reused for every Change and every deadline: see Moment. */
  private readonly moment = new Moment();
  private readonly tick = new Moment();

  constructor(opts: AnalyticsEngineOptions) {
    this.config = opts.config;
    this.outcomes = opts.outcomes;
    this.alerts = new Alerts((a) => this.out.push(a));
    this.steam = new Steam(opts.config.steam, this.alerts, this.deadlines as Deadlines<Watch>);
    this.evaluator = new Evaluator(opts.config, this.alerts);
    this.devigged = consensusBooks(opts.config.consensus);
    this.gaps = new VenueGaps(opts.config, this.alerts, this.groups, this.events);
  }

  /** Applies a batch of Changes in order; returns the alert phases they caused, in order. */
  apply(changes: readonly Change[]): Alert[] {
    const out: Alert[] = [];
    this.out = out;
    for (const c of changes) {
      this.runDue(c.at);
      const m = this.moment.reset(c.at, c.epoch, c.seq);
      if (c.kind === 'quote') this.quote(c, m);
      else this.event(c, m);
    }
    this.out = [];
    return out;
  }

  /**
   * A linked prediction market's quote or state changed (cross-venue gaps). Its phases have no
   * odds Change to point to: their cause is null.
   */
  venue(q: VenueQuote): Alert[] {
    const out: Alert[] = [];
    this.out = out;
    this.runDue(q.at);
    this.gaps.quote(q, Moment.of(q.at));
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
      const m = this.tick.reset(d.at, null, 0);
      const due = d.item;
      if (due.kind === 'group') {
        // Skip a deadline the group has since replaced, or a group of a finished event.
        if (due.group.deadline !== d.at || this.groups.get(due.group.key) !== due.group) continue;
        due.group.deadline = Number.POSITIVE_INFINITY;
        this.evaluate(due.group, m, null);
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
    this.gaps.dropEvent(c.after.id);
    for (const f of info?.families ?? []) {
      for (const g of f.groups.values()) {
        this.groups.delete(g.key);
        for (const id of g.quoteIds) this.placed.delete(id);
      }
      this.families.delete(f.key);
    }
    this.events.delete(c.after.id);
    for (const id of this.unused.get(c.after.id) ?? []) this.placed.delete(id);
    this.unused.delete(c.after.id);
  }

  private quote(c: QuoteChange, m: Moment): void {
    let spot = this.placed.get(c.id);
    if (spot === null) return;
    if (spot === undefined) {
      // Nothing to compute until a market opens; this also keeps the closing quotes that follow
      // an event's end from filing the finished event again.
      if (c.after.status !== 'open') return;
      const fresh = this.place(c);
      this.placed.set(c.id, fresh);
      if (fresh === null) {
        const ids = this.unused.get(c.key.event);
        if (ids) ids.push(c.id);
        else this.unused.set(c.key.event, [c.id]);
        return;
      }
      spot = fresh;
    }
    const { group, side, book, info } = spot;
    const family = group.family;
    info.inPlay = c.inPlay;
    book.set(side, c.after);
    book.fair =
      spot.devig && book.complete() ? fairProbabilities(this.config.method, book.decimal) : null;

    this.steam.price(group, side, c.key.book, c.before, c.after, info, m);
    const line = group.line;
    if (side === 0 && line !== null && c.after.main && c.after.status === 'open') {
      const from = spot.main.line;
      spot.main.line = line;
      if (!Number.isNaN(from) && from !== line)
        this.steam.line(family, group.selection(0), c.key.book, from, line, info, m);
    }
    this.evaluate(group, m, book, info);
  }

  /** Files a quote key the first time it is seen; null for quotes no analytic uses. */
  private place(c: QuoteChange): Spot | null {
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
      group.result = this.gaps.isResult(c.key.market, c.key.period, at.family, at.line);
      this.groups.set(at.groupKey, group);
      family.groups.set(at.groupKey, group);
    }
    group.quoteIds.add(c.id);
    const book = group.book(c.key.book);
    const devig = this.devigged === null || this.devigged.has(c.key.book);
    return { group, side: at.side, book, info, devig, main: family.mainLineOf(c.key.book) };
  }

  private evaluate(
    group: Group,
    m: Moment,
    changed: BookQuotes | null,
    info = this.events.get(group.family.event),
  ): void {
    if (!info) return;
    const next = this.evaluator.evaluate(group, info, m, changed);
    // A gap moves with the consensus only: another book's price cannot move it.
    if (
      group.result &&
      (changed === null || this.devigged === null || this.devigged.has(changed.id))
    )
      this.gaps.group(group, m);
    if (next < group.deadline || group.deadline <= m.at) {
      group.deadline = next;
      if (next !== Number.POSITIVE_INFINITY) this.deadlines.push(next, { kind: 'group', group });
    }
  }
}
