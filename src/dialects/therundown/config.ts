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
    /** How far back REST looks in history for an event id state no longer holds. */
    historyLookbackMs: int(60_000).default(7 * 86_400_000),
    /** Most stored events one REST request reads from history. */
    historyMaxEvents: int(1, 1_000_000).default(5_000),
  })
  .strict();

export type TheRundownConfig = z.infer<typeof therundownConfigSchema>;
