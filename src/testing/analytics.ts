// Test support: the real State turns quote updates into Changes and the engine consumes them,
// with time driven by hand.

import { type AnalyticsConfig, analyticsConfigSchema } from '../analytics/config.js';
import { AnalyticsEngine } from '../analytics/engine.js';
import type { VenueQuote } from '../analytics/gaps.js';
import { outcomesFromCatalog } from '../analytics/market.js';
import type { Alert } from '../analytics/types.js';
import { defaultCatalogDir, loadCatalog } from '../catalog/load.js';
import { priceFromAmerican, priceFromDecimal } from '../model/odds.js';
import type { Change, QuoteStatus, SportEvent } from '../model/types.js';
import { State } from '../state/state.js';
import { testEvent } from './fixtures.js';

const outcomes = outcomesFromCatalog(loadCatalog(defaultCatalogDir()).markets);

export interface QuoteInput {
  book: string;
  selection: string;
  /** American odds (integer, |x| >= 100) or decimal odds (below 100 and not an American price). */
  price?: number;
  decimal?: number;
  market?: string;
  line?: number | null;
  status?: QuoteStatus;
  main?: boolean;
  event?: string;
}

export class Harness {
  now = 1_000_000;
  readonly state: State;
  readonly engine: AnalyticsEngine;
  /** Every alert phase emitted so far, in order. */
  readonly log: Alert[] = [];

  constructor(config: unknown = {}, events: SportEvent[] = [testEvent()]) {
    this.state = new State({
      epoch: 'ep',
      lastSeq: 0,
      windowSize: 1000,
      clock: () => this.now,
    });
    const parsed: AnalyticsConfig = analyticsConfigSchema.parse(config);
    this.engine = new AnalyticsEngine({ config: parsed, outcomes });
    for (const e of events) this.event(e);
  }

  event(e: SportEvent): Alert[] {
    const c = this.state.apply({ kind: 'event', event: e, receivedAt: this.now });
    if (c === null || typeof c === 'string') return [];
    return this.record(this.engine.apply([c]));
  }

  /** Applies quotes as one batch; returns the alert phases they caused. */
  quotes(...qs: QuoteInput[]): Alert[] {
    return this.record(this.engine.apply(this.changes(...qs)));
  }

  /** State's Changes for quotes, not yet given to the engine (for a stage that wraps it). */
  changes(...qs: QuoteInput[]): Change[] {
    const changes: Change[] = [];
    for (const q of qs) {
      const status = q.status ?? 'open';
      const price =
        q.decimal !== undefined
          ? priceFromDecimal(q.decimal)
          : q.price !== undefined
            ? priceFromAmerican(q.price)
            : null;
      const c = this.state.apply({
        kind: 'quote',
        key: {
          event: q.event ?? 'nba-e1',
          market: q.market ?? 'moneyline',
          period: 'game',
          book: q.book,
          selection: q.selection,
          line: q.line ?? null,
        },
        value: {
          price: status === 'off_board' ? null : price,
          status,
          main: q.main ?? true,
          sourceAt: this.now,
          receivedAt: this.now,
        },
      });
      if (c && typeof c !== 'string') changes.push(c);
    }
    return changes;
  }

  /** A linked prediction market's top of book (cross-venue gaps), at the harness' time. */
  venue(q: Omit<VenueQuote, 'venue' | 'at'> & { venue?: string }): Alert[] {
    return this.record(this.engine.venue({ venue: 'exchange', ...q, at: this.now }));
  }

  advance(ms: number): Alert[] {
    this.now += ms;
    return this.record(this.engine.advance(this.now));
  }

  private record(alerts: Alert[]): Alert[] {
    this.log.push(...alerts);
    return alerts;
  }
}

/** The alerts of one kind, narrowed. */
export function only<K extends Alert['kind']>(alerts: readonly Alert[], kind: K) {
  return alerts.filter((a): a is Extract<Alert, { kind: K }> => a.kind === kind);
}
