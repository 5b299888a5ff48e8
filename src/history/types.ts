// The history seam: every Change is appended; queries serve REST history and resume.
import type {
  Change,
  Position,
  PriceHistoryQuery,
  Quote,
  QuoteChange,
  QuoteQuery,
  SportEvent,
  StoredEventQuery,
} from '../model/types.js';

export type { PriceHistoryQuery, QuoteQuery };

export interface HistoryUsage {
  bytes: number;
  /** Rows in the retained window (`changes`). */
  rows: number;
  /** Rows kept beyond the window (`kept_changes`). */
  keptRows: number;
  /** `at` of the oldest retained Change; null when none. */
  oldestAt: number | null;
}

export interface PruneReport {
  pruned: number;
  batches: number;
  usage: HistoryUsage;
}

export interface HistoryState {
  /** The epoch new Changes belong to. */
  epoch: string;
  /** The seq the next Change follows: the highest stored in the epoch, else the epoch's base. */
  lastSeq: number;
  /** The seq this epoch started after; a position below it belongs to an earlier epoch. */
  base: number;
  /**
   * Set when the last run did not close cleanly: it may have streamed Changes that were never
   * stored, so a new epoch began (and its seqs start past any the old run could have handed
   * out) and no position of the old epoch is resumed.
   */
  unclean?: { epoch: string; lastSeq: number };
}

export interface HistoryHealth {
  /** False while a write keeps failing (and is retried), or after close() gave up. */
  writable: boolean;
  /** True once close() began: nothing more is taken. */
  closed: boolean;
  /** Failed write attempts since start. */
  failuresTotal: number;
  /** While failing: the last error, when failing began (epoch ms), attempts so far. */
  error?: string;
  failingSinceMs?: number;
  attempts?: number;
}

export interface HistoryStore {
  /** Creates or migrates the schema; returns the epoch and seq new Changes continue from. */
  open(): Promise<HistoryState>;
  /**
   * Queues Changes for a batched write. Never blocks; the queue is bounded by
   * `maxQueued` and `append` returns false past room() (and the run is no longer clean).
   */
  append(changes: readonly Change[]): boolean;
  /** Changes append() takes now; 0 while writes fail. Check before applying updates. */
  room(): number;
  health(): HistoryHealth;
  /** Highest seq known to be committed durably. */
  durableSeq(): number;
  /** Resolves once every Change up to `seq` is durable (waiting out failing writes); rejects if close() gave up. */
  waitDurable(seq: number): Promise<void>;
  /** Changes with seq > from.seq in from.epoch, ascending, at most `limit`. */
  changesSince(from: Position, limit: number): Promise<Change[]>;
  /** Oldest seq still stored for the epoch (retention may have pruned older ones); 0 if none. */
  firstSeq(): Promise<number>;
  priceHistory(q: PriceHistoryQuery): Promise<QuoteChange[]>;
  /** First value each matching quote key ever had (kept when retention prunes it). */
  openers(q: QuoteQuery): Promise<Quote[]>;
  /** Last value of each matching quote key before its event first left `scheduled` (kept too). */
  closing(q: QuoteQuery): Promise<Quote[]>;
  /** Last stored value of each matching quote key. */
  lastQuotes(q: QuoteQuery): Promise<Quote[]>;
  /** Latest stored state of matching events (current epoch), by id, at most `limit`. */
  storedEvents(q: StoredEventQuery): Promise<SportEvent[]>;
  /** Latest value of every quote key and every event, to rebuild state after a restart. */
  current(): Promise<{ events: SportEvent[]; quotes: Quote[] }>;
  /** Applies the retention policy once, in small batches off the event loop (retention.ts). */
  prune(): Promise<PruneReport>;
  /** Measures the stored size and rows now. */
  usage(): Promise<HistoryUsage>;
  /** Changes queued but not yet durable, and the age in ms of the oldest of them. */
  lag(): { queued: number; oldestMs: number };
  /** Writes what is queued; records a clean shutdown only if all of it is durable. */
  close(): Promise<void>;
}
