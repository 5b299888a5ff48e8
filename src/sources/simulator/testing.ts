// Test support: a board that applies simulator output and records every broken invariant.
import type { Catalog } from '../../catalog/types.js';
import { validatePrice } from '../../model/odds.js';
import {
  type EventStatus,
  type QuoteKey,
  type QuoteValue,
  quoteKeyString,
  type SportEvent,
  type Update,
} from '../../model/types.js';

const sides = new Set(['home', 'away', 'draw', 'over', 'under']);

const allowed: Record<EventStatus, readonly EventStatus[]> = {
  scheduled: ['scheduled', 'live'],
  live: ['live', 'break', 'ended'],
  break: ['break', 'live'],
  ended: ['ended'],
  suspended: [],
  postponed: [],
  cancelled: [],
};

export class Board {
  readonly quotes = new Map<string, { key: QuoteKey; value: QuoteValue }>();
  readonly events = new Map<string, SportEvent>();
  readonly problems: string[] = [];
  readonly seen = {
    statuses: new Set<string>(),
    reasons: new Set<string>(),
    transitions: new Set<string>(),
  };
  quoteUpdates = 0;
  eventUpdates = 0;

  constructor(private readonly catalog: Catalog) {}

  apply(updates: readonly Update[]): void {
    for (const u of updates) {
      if (u.kind === 'event') this.event(u.event);
      else this.quote(u.key, u.value);
    }
  }

  private problem(text: string): void {
    if (this.problems.length < 20) this.problems.push(text);
  }

  private event(e: SportEvent): void {
    this.eventUpdates++;
    const before = this.events.get(e.id);
    this.events.set(e.id, e);
    if (before && before.status !== e.status)
      this.seen.transitions.add(`${before.status}->${e.status}`);
    if (before && !allowed[before.status].includes(e.status)) {
      this.problem(`${e.id}: ${before.status} -> ${e.status}`);
    }
    const league = this.catalog.leagues.find((l) => l.id === e.league);
    if (!league) {
      this.problem(`${e.id}: unknown league ${e.league}`);
      return;
    }
    if (e.status === 'scheduled') {
      if (e.live) this.problem(`${e.id}: scheduled with live state`);
      return;
    }
    const live = e.live;
    if (!live) {
      this.problem(`${e.id}: ${e.status} without live state`);
      return;
    }
    const { periods, periodSeconds, countsUp } = league.clock;
    if (live.period < 1 || live.period > periods) this.problem(`${e.id}: period ${live.period}`);
    if (live.clock < 0 || live.clock > periodSeconds) this.problem(`${e.id}: clock ${live.clock}`);
    const was = before?.live;
    if (!was) return;
    if (live.home < was.home || live.away < was.away) {
      this.problem(`${e.id}: score ${was.home}-${was.away} -> ${live.home}-${live.away}`);
    }
    if (live.period < was.period) this.problem(`${e.id}: period ${was.period} -> ${live.period}`);
    if (
      live.period === was.period &&
      (countsUp ? live.clock < was.clock : live.clock > was.clock)
    ) {
      this.problem(
        `${e.id}: clock ran backwards in period ${live.period}: ${was.clock} -> ${live.clock}`,
      );
    }
  }

  private quote(key: QuoteKey, value: QuoteValue): void {
    this.quoteUpdates++;
    this.seen.statuses.add(value.status);
    if (value.reason) this.seen.reasons.add(`${value.status}:${value.reason}`);
    if (!this.events.has(key.event)) this.problem(`quote before its event: ${key.event}`);
    if (value.price) {
      const why = validatePrice(value.price);
      if (why) this.problem(`${quoteKeyString(key)}: ${why}`);
      if (value.price.american === undefined) this.problem(`${quoteKeyString(key)}: no American`);
    } else if (value.status === 'open') {
      this.problem(`${quoteKeyString(key)}: open without a price`);
    }
    this.quotes.set(quoteKeyString(key), { key, value });
  }

  /** Open quotes per (event, market, period, book, selection) with a line must have one main. */
  mainLineProblems(): string[] {
    const mains = new Map<string, number>();
    for (const { key, value } of this.quotes.values()) {
      if (value.status !== 'open' || key.line === null) continue;
      const id = `${key.event}|${key.market}|${key.period}|${key.book}|${key.selection}`;
      mains.set(id, (mains.get(id) ?? 0) + (value.main ? 1 : 0));
    }
    return [...mains].filter(([, n]) => n !== 1).map(([id, n]) => `${id}: ${n} main lines`);
  }

  /** Overround of each book's main-line (or line-less) market where every side is open. */
  overrounds(): number[] {
    const sets = new Map<string, number[]>();
    for (const { key, value } of this.quotes.values()) {
      if (!value.main || !value.price) continue;
      const dot = key.selection.indexOf('.');
      // Yes-only props (`<playerId>`) are one-sided: each is its own family and gets skipped.
      const family =
        dot >= 0 ? key.selection.slice(0, dot) : sides.has(key.selection) ? '' : key.selection;
      const id = `${key.event}|${key.market}|${key.period}|${key.book}|${family}`;
      const list = sets.get(id) ?? [];
      // A suspended or off-board side leaves the set incomplete: NaN marks it for skipping.
      list.push(value.status === 'open' ? 1 / value.price.decimal : Number.NaN);
      sets.set(id, list);
    }
    const out: number[] = [];
    for (const list of sets.values()) {
      if (list.length < 2 || list.some(Number.isNaN)) continue;
      out.push(list.reduce((a, b) => a + b, 0) - 1);
    }
    return out;
  }
}
