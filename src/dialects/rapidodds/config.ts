// Settings of the RapidOdds dialect (config section `dialects.rapidodds`).
import { z } from 'zod';

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);

export const rapidoddsConfigSchema = z
  .object({
    /** Refresh cycle: how often a sport's gathered changes are pushed to each subscriber. */
    refreshMs: int(100, 3_600_000).default(5_000),
    /** Per-sport refresh cycles by RapidOdds sport id (`{"NBA": 2000}`); others use refreshMs. */
    refreshMsBySport: z.record(z.string(), int(100, 3_600_000)).default({}),
    /** Push the subscription's current odds right after `subscribed` (billed like any push). */
    immediatePush: z.boolean().default(false),
    /** Concurrent WebSocket connections per key (spec INFERRED 5); over it: close 4008. */
    maxConnectionsPerKey: int(1, 100_000).default(5),
    /** Outbound bytes a connection may hold before pushes wait (one pending per sport). */
    slowConsumerBytes: int(1_024).default(16 * 1024 * 1024),
    /** A connection held over slowConsumerBytes this long is closed with 1008 `slow consumer`. */
    slowConsumerMs: int(1_000).default(60_000),
    /** Decimal places of `price` (the vendor's examples show 2). */
    priceDecimals: int(0, 4).default(2),
    /** REST requests per second per key; over it: 429 (vendor: 30). */
    restRequestsPerSecond: int(1, 100_000).default(30),
    /** Games whose score history the results routes remember (oldest forgotten first). */
    resultsMaxGames: int(1, 10_000_000).default(20_000),
    /** Scoring events kept per game in results (the latest ones). */
    resultsMaxScoringEvents: int(0, 100_000).default(200),
  })
  .strict();

export type RapidOddsConfig = z.infer<typeof rapidoddsConfigSchema>;
