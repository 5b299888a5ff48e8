// Settings of the Parlay dialect (config section `dialects.parlay`). Tier windows and caps are
// per tier name (a plan's `tiers.parlay`, else its name).
import { z } from 'zod';

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);

/** Tiers from lowest to highest; streams need `business` or above (spec §1.3). */
export const TIERS = ['free', 'starter', 'pro', 'business', 'enterprise', 'scale'] as const;
export type Tier = (typeof TIERS)[number];
export const STREAM_TIERS = ['business', 'enterprise', 'scale'] as const;
export type StreamTier = (typeof STREAM_TIERS)[number];

const perTier = (business: number, enterprise: number, scale: number, min: number) =>
  z
    .object({
      business: int(min).default(business),
      enterprise: int(min).default(enterprise),
      scale: int(min).default(scale),
    })
    .strict()
    .prefault({});

export const parlayConfigSchema = z
  .object({
    /** WebSocket JSON heartbeat interval (vendor: 30 s of idleness). */
    heartbeatMs: int(100, 300_000).default(30_000),
    /** Coalesce window per tier in ms; 0 is raw mode (one frame per change). */
    windowMs: perTier(1_000, 500, 0, 0),
    /** Concurrent streams per key per tier, WebSocket and SSE counted together (INFERRED). */
    maxConnections: perTier(5, 20, 100, 1),
    /** `limit` when the URL has none: most rows in `initial_state`. */
    snapshotLimit: int(1, 1_000).default(500),
    /** How far back `since` is honoured; older cursors get a full snapshot with `truncated`. */
    sinceLookbackMs: int(0).default(60 * 60_000),
    /** `max_age_s` when the URL has none: older rows are left out of `initial_state`. */
    maxAgeS: int(1, 3_600).default(600),
    /** Odds-drop `threshold` when the URL has none (OpenAPI: 10; AsyncAPI says 5). */
    dropThreshold: int(1, 200).default(10),
    /** SSE `heartbeat_s` when the URL has none. */
    sseHeartbeatS: int(1, 30).default(5),
    /** Outbound bytes a client may hold beyond its socket before its queue conflates. */
    budgetBytes: int(1_024).default(1 << 20),
  })
  .strict();

export type ParlayConfig = z.infer<typeof parlayConfigSchema>;

export function tierRank(tier: string): number {
  return (TIERS as readonly string[]).indexOf(tier);
}

export function isStreamTier(tier: string): tier is StreamTier {
  return (STREAM_TIERS as readonly string[]).includes(tier);
}
