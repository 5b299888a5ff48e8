// What both drivers share: the bounded append queue, batching, durability waiters and every
// query. A driver supplies four I/O methods (socket.io-adapter style); the semantics live here.
import type {
  Change,
  Position,
  Quote,
  QuoteChange,
  SportEvent,
  StoredEventQuery,
} from '../model/types.js';
import type { QuoteRow } from './rows.js';
import { type Cell, type ChangeRow, decodeChange, decodeEvent, decodeQuote } from './rows.js';
import * as q from './sql.js';
import type {
  HistoryHealth,
  HistoryState,
  HistoryStore,
  PriceHistoryQuery,
  QuoteQuery,
} from './types.js';
import { WriteQueue, type WriteQueueOptions } from './write-queue.js';

export type { WriteQueueOptions };

export abstract class BatchedHistoryStore<P> implements HistoryStore {
  #epoch = '';
  readonly #queue: WriteQueue<P>;

  constructor(opts: WriteQueueOptions = {}) {
    this.#queue = new WriteQueue<P>(opts, {
      encode: (changes) => this.encode(changes),
      write: (batch) => this.write(batch),
    });
  }

  /**
   * Creates or migrates the schema and connects; settles the epoch (see openSchema), given
   * how many Changes this run may hold not yet durable.
   */
  protected abstract connect(maxQueued: number): Promise<HistoryState>;
  /** Turns one append() chunk into what write() takes; runs inside append(). */
  protected abstract encode(changes: readonly Change[]): P;
  /** Commits the batch in one transaction; resolves once it is durable. */
  protected abstract write(batch: P[]): Promise<void>;
  /** Runs a read query written with `?` placeholders. */
  protected abstract all<T>(sql: string, params: Cell[]): Promise<T[]>;
  /** Releases connections; `clean`: record that everything this run handed out is durable. */
  protected abstract disconnect(clean: boolean): Promise<void>;

  async open(): Promise<HistoryState> {
    const state = await this.connect(this.#queue.maxQueued);
    this.#epoch = state.epoch;
    this.#queue.start(state.lastSeq);
    return state;
  }

  append(changes: readonly Change[]): boolean {
    return this.#queue.append(changes);
  }

  room(): number {
    return this.#queue.room();
  }

  health(): HistoryHealth {
    return this.#queue.health();
  }

  durableSeq(): number {
    return this.#queue.durableSeq();
  }

  waitDurable(seq: number): Promise<void> {
    return this.#queue.waitDurable(seq);
  }

  lag(): { queued: number; oldestMs: number } {
    return this.#queue.lag();
  }

  async close(): Promise<void> {
    try {
      await this.#queue.drain();
    } finally {
      await this.disconnect(this.#queue.clean());
    }
  }

  async changesSince(from: Position, limit: number): Promise<Change[]> {
    const rows = await this.#rows<ChangeRow>(q.changesSince(from, limit));
    return rows.map(decodeChange);
  }

  async firstSeq(): Promise<number> {
    const [row] = await this.#rows<{ seq: number }>(q.firstSeq(this.#epoch));
    return row?.seq ?? 0;
  }

  async priceHistory(query: PriceHistoryQuery): Promise<QuoteChange[]> {
    const rows = await this.#rows<ChangeRow>(q.priceHistory(query));
    return rows.map(decodeChange) as QuoteChange[];
  }

  async openers(query: QuoteQuery): Promise<Quote[]> {
    return (await this.#rows<QuoteRow>(q.openers(query))).map(decodeQuote);
  }

  async closing(query: QuoteQuery): Promise<Quote[]> {
    return (await this.#rows<QuoteRow>(q.closing(query))).map(decodeQuote);
  }

  async lastQuotes(query: QuoteQuery): Promise<Quote[]> {
    return (await this.#rows<QuoteRow>(q.lastQuotes(query))).map(decodeQuote);
  }

  async storedEvents(query: StoredEventQuery): Promise<SportEvent[]> {
    return (await this.#rows<{ data: string }>(q.storedEvents(this.#epoch, query))).map(
      decodeEvent,
    );
  }

  async current(): Promise<{ events: SportEvent[]; quotes: Quote[] }> {
    const events = await this.#rows<{ data: string }>(q.currentEvents(this.#epoch));
    const quotes = await this.#rows<QuoteRow>(q.currentQuotes());
    return { events: events.map(decodeEvent), quotes: quotes.map(decodeQuote) };
  }

  #rows<T>(query: q.Query): Promise<T[]> {
    return this.all<T>(query.sql, query.params);
  }
}
