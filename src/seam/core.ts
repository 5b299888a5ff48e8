// What the core lends a dialect besides its sockets: a read-only view of state and history,
// key checks and connection slots, and credit metering. Ports, not objects: a dialect cannot
// reach past them into state, history or the hub.
import type { AlertChange } from '../analytics/types.js';
import type { CatalogIndex } from '../catalog/index.js';
import type { Exchange } from '../exchange/api.js';
import type {
  Change,
  Filter,
  Position,
  PriceHistoryQuery,
  Quote,
  QuoteChange,
  QuoteQuery,
  Snapshot,
  SportEvent,
  StoredEventQuery,
} from '../model/types.js';
import type { Principal } from './request.js';

export interface CoreReader {
  position(): Position;
  /** The seq the current epoch started after: a seq below it was handed out by an earlier epoch. */
  epochStart(): number;
  /** Matching events and quotes, read in one step with the position they are valid at. */
  snapshot(filter: Filter): Snapshot;
  events(filter: Filter): SportEvent[];
  /** Stored Changes after `from` (same epoch), ascending, at most `limit`. */
  changesSince(from: Position, limit: number): Promise<Change[]>;
  priceHistory(q: PriceHistoryQuery): Promise<QuoteChange[]>;
  openers(q: QuoteQuery): Promise<Quote[]>;
  closing(q: QuoteQuery): Promise<Quote[]>;
  /** The last stored value of each matching quote key (an event state has let go of). */
  lastQuotes(q: QuoteQuery): Promise<Quote[]>;
  /** The latest stored state of events, including those state no longer holds. */
  storedEvents(q: StoredEventQuery): Promise<SportEvent[]>;
}

export type AlertListener = (alerts: readonly AlertChange[]) => void;

/** The analytics' alert stream (src/analytics/stream.ts): positions of its own, like the odds'. */
export interface AlertReader {
  position(): Position;
  /** The alerts open now, with the position the image is valid at. */
  open(): { position: Position; alerts: AlertChange[] };
  /** Phases after `from`, oldest first; null when the window cannot prove it has them all. */
  since(from: Position): AlertChange[] | null;
  /** Every new batch of phases, in seq order; returns the unsubscribe. */
  listen(listener: AlertListener): () => void;
}

export interface Plan {
  name: string;
  /** Dialect names this plan may use; `*` for all. */
  dialects: string[];
  maxConnections: number;
  /** Client messages per second per connection; absent: the server-wide default. */
  clientMessagesPerSecond?: number | undefined;
  /** The tier name a dialect reports for this plan (dialect name -> tier); defaults to `name`. */
  tiers: Record<string, string>;
  /** Whether metered dialects charge this plan's keys credits. */
  metered: boolean;
  /** Balance a new key of this plan starts with, when metered. */
  credits: number;
}

export type AuthResult =
  | { ok: true; principal: Principal; plan: Plan }
  | { ok: false; reason: 'missing' | 'unknown' | 'revoked' | 'forbidden' };

/** Key checks for REST routes (socket endpoints declare their admission instead). */
export interface AccessPort {
  /** Checks a key and whether its plan may use `dialect` (`<dialect>:rest` for its REST only). */
  authenticate(key: string | undefined | null, dialect: string): AuthResult;
}

/** Keys that sign their requests with Ed25519 (the key id names the stored public key). */
export interface SignaturePort {
  /**
   * Verifies `signatureBase64` over `message` with the key id's public key and whether its plan
   * may use `dialect`. The caller checks the timestamp window: it knows what was signed.
   */
  authenticateSigned(
    keyId: string,
    message: string,
    signatureBase64: string,
    dialect: string,
  ): AuthResult;
}

/** Timers on the server's scheduler (the manual one in tests); callbacks are exception-safe. */
export interface TimerPort {
  after(ms: number, fn: () => void): () => void;
  every(ms: number, fn: () => void): () => void;
}

/** The hub's per-connection limits, advertised to clients and checked before a stream starts. */
export interface StreamLimits {
  maxFrameBytes: number;
  maxSubscriptionsPerConnection: number;
  maxFilterValues: number;
  clientMessagesPerSecond: number;
  /** Throws a LinecastError when the hub would refuse this subscription. */
  check(req: { id: string; filter: Filter; conflateMs?: number }): void;
}

/** Credits per key, shared by all connections of the key and kept across restarts. */
export interface CreditPort {
  /** Current balance; Infinity for keys whose plan is not metered. */
  balance(principal: Principal): number;
  /** Deducts `n` if the balance covers it; false (and nothing deducted) otherwise. */
  charge(principal: Principal, n: number): boolean;
  /**
   * For a metered key: credits granted (plan plus top-ups), spent and left; null when unmetered.
   */
  usage(principal: Principal): { limit: number; used: number; remaining: number } | null;
}

/** One key's count under one meter for one period; shared by all connections of the key. */
export interface UsageCounter {
  /** The period it counts (`month:2026-11`); a new period is a new counter starting at 0. */
  readonly period: string;
  readonly used: number;
  /** Adds `n`; returns the new total. */
  add(n: number): number;
}

/** Usage per key and period (data points), kept across restarts like credits. */
export interface UsagePort {
  counter(meter: string, keyId: string, period: string): UsageCounter;
}

/** Everything a dialect factory receives from the composition root. */
export interface DialectDeps {
  reader: CoreReader;
  /** The analytics' alerts; absent when analytics are off. */
  alerts?: AlertReader;
  access: AccessPort;
  credits: CreditPort;
  usage: UsagePort;
  catalog: CatalogIndex;
  limits: StreamLimits;
  /** Epoch ms; tests drive it. */
  clock: () => number;
  /** `linecast/<version>`. */
  server: string;
  /** True when the server listens with TLS (or says so through its config). */
  secure: boolean;
  /** True when the main listener is reachable beyond loopback. */
  exposed: boolean;
  /** Signed-request checks (Ed25519 keys); absent where no such keys exist (unit tests). */
  signatures?: SignaturePort;
  /** Timers for dialect cadences (debounce windows); absent in unit tests that need none. */
  timers?: TimerPort;
  /** The local exchange (order books, ledger) for exchange dialects; absent when not running. */
  exchange?: Exchange;
  /** Reports an error caught outside a request (a push that could not be built): logged, counted. */
  fault?: (err: unknown, where: string) => void;
}
