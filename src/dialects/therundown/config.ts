// Settings of the TheRundown dialect (config section `dialects.therundown`).
import { z } from 'zod';

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);

export const therundownConfigSchema = z
  .object({
    /** JSON heartbeat interval on every TheRundown socket route (vendor: 15 s). */
    heartbeatMs: int(500, 60_000).default(15_000),
    /** Frames one client may have queued; past it the oldest are dropped (vendor: 1024). */
    maxMessages: int(1, 1_000_000).default(1_024),
    /** Outbound bytes a client may hold beyond its socket before frames queue in the buffer. */
    budgetBytes: int(1_024).default(64 * 1024),
    /** Refuse plain `ws://` upgrades (the vendor refuses them in production). */
    requireTls: z.boolean().default(false),
    /** Count `X-Forwarded-Proto: https` as TLS, for a TLS-terminating proxy in front. */
    trustForwardedProto: z.boolean().default(false),
    /** `peer_liveness_seconds` in the 429 body: how long a dead peer may hold a slot. */
    peerLivenessSeconds: int(1, 3_600).default(60),
    /** Most ids across the filter lists of one socket upgrade (400 above). */
    maxFilterIds: int(1, 100_000).default(1_000),
    /** How far back `/api/v2/markets/delta` serves a cursor (vendor: 30 min). */
    deltaWindowMs: int(1_000).default(30 * 60_000),
    /**
     * Subscriptions one `/api/v2/ws` connection may hold, by tier (the plan's `tiers.therundown`,
     * else its name); tiers not listed get `defaultSubscriptions` (vendor: Ultra 3 … Enterprise 50).
     */
    subscriptionsPerTier: z
      .record(z.string(), int(1, 1_000))
      .default({ ultra: 3, super: 5, mega: 10, max: 25, enterprise: 50 }),
    defaultSubscriptions: int(1, 1_000).default(50),
    /**
     * Tiers whose keys may use the `plays` and `live` channels; absent: every key that may open
     * the socket (the vendor's live-game-state entitlement is Ultra and up, its socket tiers).
     */
    liveTiers: z.array(z.string()).optional(),
    /** Data-point metering (§3.5): one point per delivered `market_price`, one per REST row. */
    dataPoints: z
      .object({
        /** Off: nothing is counted, no `X-Datapoints-*` headers, no per-frame cost. */
        enabled: z.boolean().default(false),
        /** Allowance by tier; a tier not listed is not metered (vendor defaults below). */
        allowances: z
          .record(
            z.string(),
            z.object({ points: int(0), period: z.enum(['day', 'month']) }).strict(),
          )
          .default({
            free: { points: 20_000, period: 'day' },
            starter: { points: 2_000_000, period: 'month' },
            pro: { points: 10_000_000, period: 'month' },
            ultra: { points: 40_000_000, period: 'month' },
            super: { points: 100_000_000, period: 'month' },
            mega: { points: 200_000_000, period: 'month' },
            max: { points: 1_000_000_000, period: 'month' },
          }),
      })
      .strict()
      .prefault({}),
    /** How far back REST looks in history for an event id state no longer holds. */
    historyLookbackMs: int(60_000).default(7 * 86_400_000),
    /** Most stored events one REST request reads from history. */
    historyMaxEvents: int(1, 1_000_000).default(5_000),
  })
  .strict();

export type TheRundownConfig = z.infer<typeof therundownConfigSchema>;
