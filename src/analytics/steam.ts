// Steam: a leading (sharp) book moves a price by at least N cents, or its main line by at least
// N points, and at least K other books move the same way within a window. A leader's move opens
// a watch; followers join it; at K followers the watch becomes an alert (updated as more follow);
// when the window ends the alert closes and the watch is forgotten.
import type { QuoteValue } from '../model/types.js';
import type { Alerts, Moment } from './alerts.js';
import { centsMove } from './cents.js';
import type { AnalyticsConfig } from './config.js';
import type { Deadlines } from './deadlines.js';
import type { Family, Group } from './market.js';
import type { Move, SteamAlert } from './types.js';

export interface Watch {
  slot: string;
  kind: 'price' | 'line';
  event: string;
  family: Family;
  selection: string;
  line: number | null;
  leader: Move;
  followers: (Move & { lagMs: number })[];
  endsAt: number;
}

interface Where {
  sport: string;
  league: string;
}

export class Steam {
  private readonly watches = new Map<string, Watch>();
  private readonly leaders: ReadonlySet<string>;

  constructor(
    private readonly config: AnalyticsConfig['steam'],
    private readonly alerts: Alerts,
    private readonly deadlines: Deadlines<Watch>,
  ) {
    this.leaders = new Set(config.leaders);
  }

  /** A quote's price changed while open before and after. */
  price(
    group: Group,
    side: number,
    book: string,
    before: QuoteValue | null,
    after: QuoteValue,
    where: Where,
    m: Moment,
  ): void {
    if (before?.status !== 'open' || after.status !== 'open' || !before.price || !after.price)
      return;
    const slot = group.steamSlots[side] ?? '';
    // Most moves are by a book that leads nothing, where no watch is open: nothing to build.
    if (!this.leaders.has(book) && !this.watches.has(slot)) return;
    const size = centsMove(before.price, after.price);
    if (size === 0) return;
    const move = { book, at: m.at, from: before.price.decimal, to: after.price.decimal, size };
    this.moved(slot, 'price', group.family, group, side, move, where, m);
  }

  /**
   * A book's main line for a family moved from `from` to `to`, as lines of `selection` (the first
   * outcome: the home handicap or the total).
   */
  line(
    family: Family,
    selection: string,
    book: string,
    from: number,
    to: number,
    where: Where,
    m: Moment,
  ): void {
    const move = { book, at: m.at, from, to, size: to - from };
    this.moved(family.lineSlot, 'line', family, selection, -1, move, where, m);
  }

  /**
   * `of` and `side` name the selection: a group and one of its outcomes (price steam), or the
   * selection itself with side -1 (line steam); a name is built only when a watch opens.
   */
  private moved(
    slot: string,
    kind: 'price' | 'line',
    family: Family,
    of: Group | string,
    side: number,
    move: Move,
    where: Where,
    m: Moment,
  ): void {
    const w = this.watches.get(slot);
    if (w && w.endsAt >= m.at) {
      if (move.book === w.leader.book || Math.sign(move.size) !== Math.sign(w.leader.size)) return;
      for (const f of w.followers) if (f.book === move.book) return;
      // Spelled out: an object spread here cost more than the rest of the engine's work on
      // the Change (profiled).
      const { book, at, from, to, size } = move;
      w.followers.push({ book, at, from, to, size, lagMs: at - w.leader.at });
      if (w.followers.length >= this.config.minFollowers) {
        this.alerts.set(slot, this.body(w, where), `${w.followers.length}`, m);
      }
      return;
    }
    if (!this.leaders.has(move.book)) return;
    const min = kind === 'price' ? this.config.minCents : this.config.minPoints;
    if (Math.abs(move.size) < min) return;
    // A new lead move replaces a watch whose window has ended but whose timer has not run yet.
    if (w) this.end(w, m);
    const watch: Watch = {
      slot,
      kind,
      event: family.event,
      family,
      selection: typeof of === 'string' ? of : of.selection(side),
      line: typeof of === 'string' ? null : of.lineOf(side),
      leader: move,
      followers: [],
      endsAt: m.at + this.config.windowMs,
    };
    this.watches.set(slot, watch);
    this.deadlines.push(watch.endsAt, watch);
  }

  /** The window of `w` ended (its deadline fired, or a new lead move arrived after it). */
  end(w: Watch, m: Moment): void {
    if (this.watches.get(w.slot) !== w) return;
    this.watches.delete(w.slot);
    this.alerts.clear(w.slot, 'window_ended', m);
  }

  /** Forgets the watches of a finished event (its alerts are closed by the engine). */
  dropEvent(event: string): void {
    for (const [slot, w] of this.watches) if (w.event === event) this.watches.delete(slot);
  }

  private body(w: Watch, where: Where): Omit<SteamAlert, 'id' | 'phase' | 'at' | 'cause'> {
    return {
      kind: 'steam',
      event: w.family.event,
      market: w.family.market,
      period: w.family.period,
      sport: where.sport,
      league: where.league,
      move: w.kind,
      selection: w.selection,
      line: w.line,
      leader: w.leader,
      followers: [...w.followers],
    };
  }
}
