// One subscription: its filter, its position, its local book, and the async iterable of what
// happened to it. The client feeds it frames; it decides what is new and what is a duplicate.
import {
  type CompiledFilter,
  compileFilter,
  type EventFrame,
  type Filter,
  isInPlay,
  matchesEvent,
  matchesQuote,
  type Position,
  type Quote,
  type QuoteFrame,
  type QuoteKey,
  type QuoteValue,
  type SnapshotFrame,
  type SportEvent,
  type SubscribeCommand,
  type SubscribedFrame,
} from '../../src/protocol/index.js';
import { Book } from './book.js';
import { AsyncQueue } from './queue.js';

export type Change =
  | {
      type: 'quote';
      position: Position;
      at: number;
      sport: string;
      league: string;
      key: QuoteKey;
      before: QuoteValue | null;
      after: QuoteValue;
    }
  | {
      type: 'event';
      position: Position;
      at: number;
      before: SportEvent | null;
      after: SportEvent;
    };

/**
 * A whole new image: the book was replaced. `cause`: `subscribe` (the first image), `resync`
 * (a resume the server could not honour: `recovered` is false, Changes may have been missed and
 * this image replaces them), `overflow` (the consumer fell `maxBuffered` messages behind; the
 * queued Changes were dropped for this image of the current book).
 */
export interface Image {
  type: 'image';
  cause: 'subscribe' | 'resync' | 'overflow';
  recovered: boolean;
  position: Position;
  events: SportEvent[];
  quotes: Quote[];
}

export type SubscriptionMessage = Change | Image;

export interface SubscribeOptions {
  /** At most one update per quote key per interval (server-side conflation). */
  conflateMs?: number;
  /** Resume from a stored position instead of starting with an image. */
  from?: Position;
  /** Start with an image of the matching book (default true; ignored with `from`). */
  snapshot?: boolean;
}

/** A refusal of the subscription by the server (`code` from docs/errors.md). */
export class SubscriptionError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'SubscriptionError';
  }
}

type Phase = 'pending' | 'image' | 'live' | 'closed';

export class Subscription implements AsyncIterable<SubscriptionMessage> {
  readonly book = new Book();
  private phase: Phase = 'pending';
  private last: Position | null;
  private readonly matcher: CompiledFilter;
  private readonly queue: AsyncQueue<SubscriptionMessage>;
  private mode: { cause: Image['cause']; recovered: boolean } = {
    cause: 'subscribe',
    recovered: true,
  };
  private parts: { events: SportEvent[]; quotes: Quote[] } = { events: [], quotes: [] };
  private readyWaiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];

  constructor(
    readonly id: string,
    readonly filter: Filter,
    private readonly opts: SubscribeOptions,
    private readonly maxBuffered: number,
    private readonly release: (sub: Subscription) => void,
  ) {
    this.matcher = compileFilter(filter);
    this.last = opts.from ?? null;
    if (opts.from) this.book.start(opts.from);
    this.queue = new AsyncQueue(() => this.unsubscribe());
  }

  /** The last position this subscription has seen; it resumes from here. */
  get position(): Position | null {
    return this.last;
  }

  get closed(): boolean {
    return this.phase === 'closed';
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    return this.queue;
  }

  /** Resolves once the subscription is live (its image, if any, is in the book). */
  ready(): Promise<void> {
    if (this.phase === 'live') return Promise.resolve();
    if (this.phase === 'closed') return Promise.reject(new Error('subscription closed'));
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  unsubscribe(): void {
    if (this.phase === 'closed') return;
    this.finish();
    this.release(this);
  }

  /** What to send to (re)start: a resume from the last position once there is one. */
  command(): SubscribeCommand {
    const base: SubscribeCommand = { type: 'subscribe', id: this.id, filter: this.filter };
    if (this.opts.conflateMs !== undefined) base.conflateMs = this.opts.conflateMs;
    if (this.last) return { ...base, from: this.last, snapshot: false };
    return { ...base, snapshot: this.opts.snapshot ?? true };
  }

  /** The transport dropped: wait for the next `subscribed`, drop any half image. */
  detach(): void {
    if (this.phase !== 'closed') this.phase = 'pending';
    this.parts = { events: [], quotes: [] };
  }

  onSubscribed(f: SubscribedFrame): void {
    if (this.phase === 'closed') return;
    if (f.mode === 'snapshot') {
      this.phase = 'image';
      this.parts = { events: [], quotes: [] };
      this.mode = this.last
        ? { cause: 'resync', recovered: f.recovered }
        : { cause: 'subscribe', recovered: f.recovered };
      return;
    }
    if (f.mode === 'live') {
      this.book.start(f.position);
      this.last ??= f.position;
    }
    this.goLive();
  }

  onSnapshot(f: SnapshotFrame): void {
    if (this.phase !== 'image') return;
    this.parts.events.push(...f.events);
    this.parts.quotes.push(...f.quotes);
    if (f.part < f.parts) return;
    const { events, quotes } = this.parts;
    this.parts = { events: [], quotes: [] };
    this.book.reset(f.position, events, quotes);
    this.last = f.position;
    this.queue.push({ type: 'image', ...this.mode, position: f.position, events, quotes });
    this.goLive();
  }

  onQuote(f: QuoteFrame): void {
    if (this.phase !== 'live') return;
    const event = this.book.event(f.key.event);
    const inPlay = event ? isInPlay(event.status) : false;
    const main = f.value.main || (this.book.get(f.key)?.value.main ?? false);
    if (!matchesQuote(this.matcher, f.key, main, f.sport, f.league, inPlay)) return;
    const position = { epoch: f.epoch, seq: f.seq };
    const applied = this.book.applyQuote(f.key, f.value, position);
    if (!applied) return;
    this.advance(position);
    this.emit({
      type: 'quote',
      position,
      at: f.at,
      sport: f.sport,
      league: f.league,
      key: f.key,
      before: applied.before,
      after: f.value,
    });
  }

  onEvent(f: EventFrame): void {
    if (this.phase !== 'live') return;
    const e = f.event;
    if (!matchesEvent(this.matcher, e.sport, e.league, e.id, isInPlay(e.status))) return;
    const position = { epoch: f.epoch, seq: f.seq };
    const applied = this.book.applyEvent(e, position);
    if (!applied) return;
    this.advance(position);
    this.emit({ type: 'event', position, at: f.at, before: applied.before, after: e });
  }

  /** The server refused the subscription: the iterator throws, the subscription is over. */
  onError(code: string, message: string): void {
    if (this.phase === 'closed') return;
    const error = new SubscriptionError(code, message);
    this.phase = 'closed';
    for (const w of this.readyWaiters.splice(0)) w.reject(error);
    this.queue.fail(error);
    this.release(this);
  }

  /** The client closed: the iterator ends. */
  finish(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    for (const w of this.readyWaiters.splice(0)) w.reject(new Error('subscription closed'));
    this.queue.end();
  }

  private goLive(): void {
    this.phase = 'live';
    for (const w of this.readyWaiters.splice(0)) w.resolve();
  }

  private advance(p: Position): void {
    if (!this.last || this.last.epoch !== p.epoch || p.seq > this.last.seq) this.last = p;
  }

  private emit(change: Change): void {
    if (this.queue.size < this.maxBuffered) {
      this.queue.push(change);
      return;
    }
    // Bounded: a consumer this far behind gets the current book instead of the backlog.
    this.queue.clear();
    this.queue.push({
      type: 'image',
      cause: 'overflow',
      recovered: true,
      position: this.last ?? change.position,
      events: this.book.events(),
      quotes: this.book.quotes().map((q) => ({ key: q.key, value: q.value })),
    });
  }
}
