// What a dialect tells the shared conformance suite about itself: how a client connects and
// subscribes, how to read its frames back into canonical terms, and what its spec promises for
// refusals, heartbeats and bad client frames. The suite (suite.ts) drives real sockets against a
// real server with these answers; a dialect passes when every check holds.

/** A subscription in canonical catalog ids; each dialect maps it to its own query or message. */
export interface ConformanceFilter {
  sports?: string[];
  events?: string[];
  books?: string[];
  markets?: string[];
}

/** One quote as a client saw it, mapped back to canonical ids. */
export interface SeenQuote {
  event: string;
  book: string;
  market: string;
  /** Decimal price, or null when the frame says the quote is off the board. */
  decimal: number | null;
  /** The Change's sequence number, for dialects that carry it: checked for gaps and order. */
  seq?: number;
}

export type Seen =
  | { kind: 'quotes'; quotes: SeenQuote[]; snapshot: boolean }
  | { kind: 'heartbeat' }
  | { kind: 'error'; code: string }
  | { kind: 'control' };

/** How a refusal looks on the wire: an HTTP status before the upgrade, or a close after it. */
export type Refusal = { status: number } | { close: number };

export interface BadFrame {
  name: string;
  data: string | Buffer;
  /**
   * `error`: an error frame arrives and the connection stays open; `close`: closed with code;
   * `ignored`: nothing arrives and the connection stays open (vendors without error frames).
   */
  expect: { error: true } | { close: number } | { ignored: true };
}

export interface ConformanceAdapter {
  /** Dialect name, as in plans' `dialects` lists. */
  dialect: string;
  /** Config overrides the test server needs for this dialect (dotted paths). */
  config?: Record<string, unknown>;
  /** The socket URL (path and query) and headers for a key and a handshake-time filter. */
  connect(
    base: string,
    key: string | null,
    filter: ConformanceFilter,
  ): { url: string; headers?: Record<string, string> };
  /** Messages to send after open to subscribe (dialects that filter at the handshake: []). */
  subscribe(filter: ConformanceFilter): string[];
  /** Frames the client receives right after open, before any subscription (e.g. welcome). */
  openingFrames: number;
  /** Reads one text frame. */
  read(text: string): Seen;
  refusals: {
    missingKey: Refusal;
    unknownKey: Refusal;
    /** A key whose plan lacks this dialect. */
    forbiddenPlan: Refusal;
    /** One connection over the account's cap. */
    overConnectionCap: Refusal;
  };
  /** Application heartbeat interval, or null when the dialect sends none. */
  heartbeatMs: number | null;
  /** Whether a subscription starts with an image of current state. */
  snapshotFirst: boolean;
  /**
   * Batch dialects push on a cadence (the suite advances the fake clock by this much to get a
   * push); 0 for dialects that send each Change as it happens.
   */
  pushEveryMs: number;
  badFrames: BadFrame[];
  /**
   * Filter dimensions the dialect can subscribe by (absent: all four); the filter checks use
   * only filters within them.
   */
  filterBy?: (keyof ConformanceFilter)[];
  /** What the dialect shows at most (e.g. one book's prices); Changes outside it send nothing. */
  scope?: ConformanceFilter;
  /** Status the test feed's events have (default `scheduled`; a live-only feed needs `live`). */
  eventStatus?: 'scheduled' | 'live';
}
