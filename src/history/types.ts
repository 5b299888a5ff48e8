// The history seam: every Change is appended; queries serve REST history and resume.
import type {
  Change,
  Position,
  PriceHistoryQuery,
  Quote,
  QuoteChange,
  QuoteQuery,
  SportEvent,
} from '../model/types.js';

export type { PriceHistoryQuery, QuoteQuery };

export interface HistoryState {
  /** The epoch stored history belongs to (created on first open). */
  epoch: string;
  /** Highest seq stored in that epoch; 0 when empty. */
  lastSeq: number;
}

export interface HistoryStore {
  /** Creates or migrates the schema; returns the stored epoch and last seq. */
  open(): Promise<HistoryState>;
  /**
   * Queues Changes for a batched write. Never blocks; the queue is bounded by
   * `maxQueued` and `append` returns false when it is full (the caller sheds or waits).
   */
  append(changes: readonly Change[]): boolean;
  /** Highest seq known to be committed durably. */
  durableSeq(): number;
  /** Resolves once every Change up to `seq` is durable; rejects if the store fails. */
  waitDurable(seq: number): Promise<void>;
  /** Changes with seq > from.seq in from.epoch, ascending, at most `limit`. */
  changesSince(from: Position, limit: number): Promise<Change[]>;
  /** Oldest seq still stored for the epoch (retention may have pruned older ones); 0 if none. */
  firstSeq(): Promise<number>;
  priceHistory(q: PriceHistoryQuery): Promise<QuoteChange[]>;
  /** First value each matching quote key ever had. */
  openers(q: QuoteQuery): Promise<Quote[]>;
  /** Last value of each matching quote key before its event first left `scheduled`. */
  closing(q: QuoteQuery): Promise<Quote[]>;
  /** Latest value of every quote key and every event, to rebuild state after a restart. */
  current(): Promise<{ events: SportEvent[]; quotes: Quote[] }>;
  /** Changes queued but not yet durable, and the age in ms of the oldest of them. */
  lag(): { queued: number; oldestMs: number };
  close(): Promise<void>;
}
