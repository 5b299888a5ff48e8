// Settings of the Polymarket US dialect (config section `dialects.polymarket`). The vendor
// documents only the 100-slug cap and the ±30 s signing window; every other value is INFERRED
// (spec sections 3 and 8) and configurable.
import { z } from 'zod';

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);

export const polymarketConfigSchema = z
  .object({
    /** `{"heartbeat":{}}` interval on both sockets (INFERRED 10 s); 0 sends none. */
    heartbeatMs: int(0, 300_000).default(10_000),
    /** Flush interval of `responsesDebounced` subscriptions (INFERRED 250 ms). */
    debounceMs: int(10, 60_000).default(250),
    /** Slugs per subscribe request (DOC: 100). */
    maxSlugsPerSubscription: int(1, 10_000).default(100),
    /** Live subscriptions per connection (INFERRED 200). */
    maxSubscriptionsPerConnection: int(1, 10_000).default(200),
    /** Concurrent connections per key, both sockets together; one more is HTTP 429 (INFERRED 10). */
    maxConnectionsPerKey: int(1, 100_000).default(10),
    /** Price levels per side in `marketData` and `GET …/book` (INFERRED 50). */
    bookDepth: int(1, 1_000).default(50),
    /** Orders per `orderSubscriptionSnapshot` frame (INFERRED 100). */
    snapshotPageSize: int(1, 10_000).default(100),
    /** Signed REST requests per second per key, in bursts as large (DOC: 20); 0: no limit. */
    restRequestsPerSecond: int(0, 1_000_000).default(20),
    /** Signed-request clock window in ms, past and future (DOC: 30 s). */
    signatureWindowMs: int(1_000, 600_000).default(30_000),
    /** Dollars a key's account starts with when it first connects or calls (INFERRED). */
    startingBalance: z.number().finite().min(0).max(1e12).default(1_000),
    /**
     * Bytes a reader may hold unread before its book images are held back (the latest per
     * market, sent once it catches up). Every peer is closed past `stream.maxPeerBytes`.
     */
    imageBudgetBytes: int(1_024).default(1024 * 1024),
  })
  .strict()
  .prefault({});

export type PolymarketConfig = z.output<typeof polymarketConfigSchema>;
