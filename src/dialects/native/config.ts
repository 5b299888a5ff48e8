// Settings of the native dialect (config section `dialects.native`). The same keys under
// `stream.*` are the old names, still read with a deprecation warning (config/deprecated.ts).
import { z } from 'zod';

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);

export const nativeConfigSchema = z
  .object({
    /** Heartbeat interval of linecast.v1 streams. */
    heartbeatMs: int(500, 60_000).default(5_000),
    /** Outbound bytes a session may hold beyond the socket before conflation starts. */
    budgetBytes: int(16 * 1024).default(1024 * 1024),
    /** Quotes per snapshot frame. */
    snapshotSegment: int(1, 100_000).default(1_000),
    /**
     * Who may call the /v1 REST: `keyed` takes the stream keys (a plan with `native` or
     * `native:rest`), `open` anyone, `auto` keyed unless the server listens on loopback only.
     */
    restAccess: z.enum(['auto', 'keyed', 'open']).default('auto'),
    /** Most quotes one /v1/snapshot answers; a broader filter gets 413 with the count. */
    maxSnapshotQuotes: int(1).default(50_000),
  })
  .strict();

export type NativeConfig = z.infer<typeof nativeConfigSchema>;
