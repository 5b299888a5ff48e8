// The current book: applies updates, drops no-ops, stamps each effective one with a position.
import { type CompiledFilter, matchesQuote, matchesSportEvent } from '../model/filter.js';
import type {
  Change,
  Position,
  Quote,
  QuoteKey,
  QuoteValue,
  Snapshot,
  SportEvent,
  Update,
} from '../model/types.js';
import { isInPlay, quoteKeyString } from '../model/types.js';
import type { Clock } from '../timers/clock.js';
import { ChangeWindow } from './change-window.js';
import { sameEvent, sameQuoteValue } from './equality.js';

export interface StateOptions {
  epoch: string;
  /** Last seq already used in this epoch (from history), so seq keeps increasing across restarts. */
  lastSeq: number;
  windowSize: number;
  clock: Clock;
}

interface QuoteEntry {
  key: QuoteKey;
  value: QuoteValue;
  /**
   * The source that last sent this quote (feed health); undefined when untracked. Kept on the
   * entry rather than in a map of its own: no second key string and hash per update, and it
   * leaves the book with the quote.
   */
  owner: string | undefined;
}

/** Why an update was refused; the caller maps it to its own error code. */
export type Refusal = 'unknown_event';

export class State {
  private readonly quotes = new Map<string, QuoteEntry>();
  private readonly eventsById = new Map<string, SportEvent>();
  private readonly quotesByEvent = new Map<string, Set<string>>();
  private readonly clock: Clock;
  private epoch: string;
  private seq: number;
  readonly window: ChangeWindow;

  constructor(opts: StateOptions) {
    this.epoch = opts.epoch;
    this.seq = opts.lastSeq;
    this.clock = opts.clock;
    this.window = new ChangeWindow(opts.windowSize);
  }

  position(): Position {
    return { epoch: this.epoch, seq: this.seq };
  }

  event(id: string): SportEvent | undefined {
    return this.eventsById.get(id);
  }

  /** The current quote by `quoteKeyString(key)`. */
  quote(id: string): QuoteEntry | undefined {
    return this.quotes.get(id);
  }

  quoteCount(): number {
    return this.quotes.size;
  }

  /** Every current quote, with the source that last sent it. */
  quoteEntries(): IterableIterator<Readonly<QuoteEntry>> {
    return this.quotes.values();
  }

  eventCount(): number {
    return this.eventsById.size;
  }

  /** Loads stored state without making Changes (used once at start from history). */
  restore(events: readonly SportEvent[], quotes: readonly Quote[]): void {
    for (const e of events) this.eventsById.set(e.id, e);
    for (const q of quotes) {
      if (!this.eventsById.has(q.key.event)) continue;
      this.putQuote(quoteKeyString(q.key), q.key, q.value, undefined);
    }
  }

  /**
   * A replica's step (a fan-out worker, src/fanout/): takes a Change this book's primary made,
   * in seq order, so the replica's book, position and window are the primary's.
   */
  follow(c: Change): void {
    if (c.kind === 'event') this.eventsById.set(c.after.id, c.after);
    else this.putQuote(c.id, c.key, c.after, undefined);
    this.remember(c);
  }

  /** A Change older than a restored image: resumable from the window, already in the book. */
  remember(c: Change): void {
    this.epoch = c.epoch;
    this.seq = Math.max(this.seq, c.seq);
    this.window.push(c);
  }

  /**
   * Applies one update; returns its Change, null for a no-op, or a refusal. With `owner`, a
   * quote update (a no-op too) records its source as the quote's owner.
   */
  apply(u: Update, owner?: string): Change | null | Refusal {
    return u.kind === 'event' ? this.applyEvent(u.event) : this.applyQuote(u.key, u.value, owner);
  }

  private applyEvent(after: SportEvent): Change | null {
    const before = this.eventsById.get(after.id) ?? null;
    if (before !== null && sameEvent(before, after)) return null;
    this.eventsById.set(after.id, after);
    const change: Change = {
      kind: 'event',
      epoch: this.epoch,
      seq: ++this.seq,
      at: this.clock(),
      id: `event:${after.id}`,
      before,
      after,
      sport: after.sport,
      league: after.league,
      inPlay: isInPlay(after.status),
    };
    this.window.push(change);
    return change;
  }

  private applyQuote(
    key: QuoteKey,
    after: QuoteValue,
    owner: string | undefined,
  ): Change | null | Refusal {
    const event = this.eventsById.get(key.event);
    if (event === undefined) return 'unknown_event';
    const id = quoteKeyString(key);
    const entry = this.quotes.get(id);
    const before = entry?.value ?? null;
    if (before !== null && sameQuoteValue(before, after)) {
      if (owner !== undefined) entry!.owner = owner;
      return null;
    }
    if (entry) {
      entry.value = after;
      if (owner !== undefined) entry.owner = owner;
    } else this.putQuote(id, key, after, owner);
    const change: Change = {
      kind: 'quote',
      epoch: this.epoch,
      seq: ++this.seq,
      at: this.clock(),
      id,
      key,
      before,
      after,
      sport: event.sport,
      league: event.league,
      inPlay: isInPlay(event.status),
    };
    this.window.push(change);
    return change;
  }

  private putQuote(id: string, key: QuoteKey, value: QuoteValue, owner: string | undefined): void {
    const entry = this.quotes.get(id);
    if (entry) {
      entry.value = value;
      if (owner !== undefined) entry.owner = owner;
      return;
    }
    this.quotes.set(id, { key, value, owner });
    let ids = this.quotesByEvent.get(key.event);
    if (!ids) {
      ids = new Set();
      this.quotesByEvent.set(key.event, ids);
    }
    ids.add(id);
  }

  /**
   * The matching current state and the position it is valid at. Synchronous, so no Change
   * can land between reading the book and reading the position.
   */
  snapshot(f: CompiledFilter): Snapshot {
    const events: SportEvent[] = [];
    const quotes: Quote[] = [];
    const candidates = f.events ?? this.eventsById.keys();
    for (const eventId of candidates) {
      const e = this.eventsById.get(eventId);
      if (!e || !matchesSportEvent(f, e)) continue;
      events.push(e);
      const inPlay = isInPlay(e.status);
      for (const id of this.quotesByEvent.get(eventId) ?? []) {
        const q = this.quotes.get(id)!;
        if (matchesQuote(f, q.key, q.value.main, e.sport, e.league, inPlay)) {
          quotes.push({ key: q.key, value: q.value });
        }
      }
    }
    return { position: this.position(), events, quotes };
  }

  events(f: CompiledFilter): SportEvent[] {
    const out: SportEvent[] = [];
    for (const e of this.eventsById.values()) if (matchesSportEvent(f, e)) out.push(e);
    return out;
  }

  /**
   * Forgets events that ended (or were cancelled) before `cutoff` and their quotes, so a
   * long-running server's book stays bounded. Clients saw those quotes close already.
   */
  evictFinished(cutoff: number): number {
    let evicted = 0;
    for (const [id, e] of this.eventsById) {
      if ((e.status === 'ended' || e.status === 'cancelled') && e.startsAt < cutoff) {
        for (const qid of this.quotesByEvent.get(id) ?? []) this.quotes.delete(qid);
        this.quotesByEvent.delete(id);
        this.eventsById.delete(id);
        evicted++;
      }
    }
    return evicted;
  }
}
