// Settings of the TickOdds dialect (config section `dialects.tickodds`).
import { z } from 'zod';

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);

/** What one TickOdds plan allows (spec §3.5). 0 means unlimited for the three limits. */
const tierSchema = z
  .object({
    /** `/ws/live` and `/api/v1/live/*`. */
    live: z.boolean(),
    /** Concurrent `/ws/live` connections per key. */
    connections: int(0),
    /** REST requests per key per minute (sliding window). */
    perMinute: int(0),
    /** REST requests per key per UTC day. */
    daily: int(0),
    /** Headline sports (Soccer, Basketball, ...) are refused with SPORT_NOT_IN_PLAN. */
    headline: z.boolean(),
  })
  .strict();

export type TierLimits = z.infer<typeof tierSchema>;

export const tickoddsConfigSchema = z
  .object({
    /** The book whose prices the feed shows (TickOdds shows bet365's). */
    book: z.string().min(1).default('bet365'),
    /** JSON `heartbeat` interval (spec: 15 s). */
    heartbeatMs: int(0, 3_600_000).default(15_000),
    /** Send `{"type":"subscribed","sports":[...]}` after subscribe/unsubscribe (off: the vendor sends nothing). */
    ackSubscriptions: z.boolean().default(false),
    /** Bytes a reader may fall behind before it is closed with 1008 `slow consumer`. */
    slowConsumerBytes: int(65_536).default(8 * 1024 * 1024),
    /** Plans by tier name (`tiers: {"tickodds": "live"}` in a Linecast plan picks one). */
    plans: z.record(z.string(), tierSchema).default({
      developer: { live: false, connections: 0, perMinute: 60, daily: 1_000, headline: false },
      starter: { live: false, connections: 0, perMinute: 200, daily: 0, headline: true },
      live: { live: true, connections: 25, perMinute: 500, daily: 0, headline: true },
      pro: { live: true, connections: 100, perMinute: 2_000, daily: 0, headline: true },
      enterprise: { live: true, connections: 0, perMinute: 0, daily: 0, headline: true },
    }),
    /** The tier of a plan whose tier name is not in `plans`. */
    defaultTier: z.string().min(1).default('live'),
    /** `pageSize` of paginated lists: default and the most a request gets (larger is clamped). */
    pageSize: int(1, 10_000).default(50),
    maxPageSize: int(1, 10_000).default(200),
  })
  .strict();

export type TickOddsConfig = z.infer<typeof tickoddsConfigSchema>;
