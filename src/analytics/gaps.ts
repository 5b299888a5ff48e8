// Cross-venue gaps: a prediction market linked to a sportsbook event (YES = the home team wins)
// against the sportsbooks' consensus fair probability of the same outcome. The venue side comes
// in through a port (VenueQuote), fed by the composition root, so the analytics know nothing of
// the exchange behind it. A gap is looked at when the market's quote moves and when a consensus
// book of the linked result market does (or its prices age out), so its cost is O(consensus
// books) and only for linked events.
import type { AlertBody, Alerts, Moment } from './alerts.js';
import type { AnalyticsConfig } from './config.js';
import { consensusFair, consensusSources } from './consensus.js';
import { type FairMethod, fairProbabilities } from './devig.js';
import { type BookQuotes, type EventInfo, type Group, gameGroupKey } from './market.js';
import type { CloseReason } from './types.js';

/** A prediction market's top of book, as the port hands it over. */
export interface VenueQuote {
  /** The venue's name (`exchange` for Linecast's own). */
  venue: string;
  /** The venue's market id (its slug). */
  market: string;
  /** The linked sportsbook event (canonical event id). */
  event: string;
  /** `closed`: settled or closed for good; its link is forgotten. */
  state: 'open' | 'suspended' | 'closed';
  /** YES prices in probability; null when that side of the book is empty. */
  bid: number | null;
  ask: number | null;
  /** Epoch ms of the change on the venue. */
  at: number;
}

/** The port the composition root feeds: every change of a linked market's state or top of book. */
export interface VenueFeed {
  subscribe(listener: (q: VenueQuote) => void): () => void;
}

interface Link {
  quote: VenueQuote;
  slot: string;
  open: boolean;
  /** The result groups to compare with, in order of preference. */
  readonly groupKeys: readonly string[];
}

export class VenueGaps {
  private readonly byEvent = new Map<string, Map<string, Link>>();
  private readonly fairOf: ((b: BookQuotes) => number[] | null) | undefined;

  constructor(
    private readonly config: AnalyticsConfig,
    private readonly alerts: Alerts,
    private readonly groups: ReadonlyMap<string, Group>,
    private readonly events: ReadonlyMap<string, EventInfo>,
  ) {
    const method: FairMethod = config.venueGaps.method;
    // The engine keeps each consensus book's fair prices in the analytics' method; another
    // method is computed here, for linked events only.
    this.fairOf =
      method === config.method
        ? undefined
        : (b) => (b.complete() ? fairProbabilities(method, b.decimal) : null);
  }

  /** Whether a group can be a result market of a linked event. */
  isResult(market: string, period: string, family: string, line: number | null): boolean {
    return (
      period === 'game' &&
      family === '' &&
      line === null &&
      this.config.venueGaps.markets.includes(market)
    );
  }

  /** A linked market's quote moved (or its state changed). */
  quote(q: VenueQuote, m: Moment): void {
    const slot = `${q.venue}|${q.market}`;
    let links = this.byEvent.get(q.event);
    let link = links?.get(slot);
    if (q.state === 'closed') {
      if (link) this.close(link, 'unavailable', m);
      links?.delete(slot);
      if (links?.size === 0) this.byEvent.delete(q.event);
      return;
    }
    if (!links) {
      links = new Map();
      this.byEvent.set(q.event, links);
    }
    if (!link) {
      const groupKeys = this.config.venueGaps.markets.map((mk) => gameGroupKey(q.event, mk));
      link = { quote: q, slot, open: false, groupKeys };
      links.set(slot, link);
    }
    link.quote = q;
    this.evaluate(link, m);
  }

  /** A result group's consensus may have moved: look at the gaps of its event. */
  group(group: Group, m: Moment): void {
    const links = this.byEvent.get(group.family.event);
    if (links) for (const link of links.values()) this.evaluate(link, m);
  }

  /** The event ended: its alerts were closed with it. */
  dropEvent(event: string): void {
    this.byEvent.delete(event);
  }

  private evaluate(link: Link, m: Moment): void {
    const q = link.quote;
    if (q.state !== 'open' || q.bid === null || q.ask === null) {
      this.close(link, 'unavailable', m);
      return;
    }
    let group: Group | undefined;
    for (const key of link.groupKeys) {
      group = this.groups.get(key);
      if (group) break;
    }
    const info = this.events.get(q.event);
    if (!group || !info) {
      this.close(link, 'no_consensus', m);
      return;
    }
    const cfg = this.config;
    const fairAge = info.inPlay ? cfg.consensusMaxAgeMs.inPlay : cfg.consensusMaxAgeMs.preMatch;
    const freshAfter = m.at - fairAge;
    const fair = consensusFair(
      group.books,
      cfg.consensus,
      cfg.venueGaps.method,
      freshAfter,
      this.fairOf,
    );
    const p = fair?.[0];
    if (p === undefined) {
      this.close(link, 'no_consensus', m);
      return;
    }
    const mid = (q.bid + q.ask) / 2;
    const gap = mid - p;
    if (!(Math.abs(gap) >= cfg.venueGaps.minGap)) {
      this.close(link, 'below_threshold', m);
      return;
    }
    const sig = Math.round(mid * 1e4) * 1e6 + Math.round(p / cfg.venueGaps.updateStep);
    if (link.open && this.alerts.unchanged(link.slot, sig)) return;
    const f = group.family;
    const body: AlertBody = {
      event: f.event,
      market: f.market,
      period: f.period,
      sport: info.sport,
      league: info.league,
      kind: 'venue_gap',
      venue: q.venue,
      venueMarket: q.market,
      bid: q.bid,
      ask: q.ask,
      mid,
      fairProbability: p,
      gap,
      books: consensusSources(group.books, cfg.consensus, freshAfter, this.fairOf),
    };
    this.alerts.set(link.slot, body, sig, m);
    link.open = true;
  }

  private close(link: Link, reason: CloseReason, m: Moment): void {
    if (!link.open) return;
    link.open = false;
    this.alerts.clear(link.slot, reason, m);
  }
}
