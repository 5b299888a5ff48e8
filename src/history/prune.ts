// The prune loop both drivers share: by age, then by size until the store fits, then kept rows
// of long-gone events; each batch one transaction the driver runs off the event loop.

import type { RetentionPolicy } from './retention.js';
import * as r from './retention.js';
import type { Query } from './sql.js';
import type { HistoryUsage, PruneReport } from './types.js';

export interface PrunePorts {
  read<T>(query: Query): Promise<T[]>;
  transact(statements: Query[]): Promise<void>;
  usage(): Promise<HistoryUsage>;
  /** The epoch new Changes go to: its newest row stays, as open() continues the seq from it. */
  epoch: string;
  /** True once the store is closing: stop after the current batch. */
  stopped(): boolean;
  now: number;
}

/**
 * Rounds of size pruning per run. Rows moved to kept_changes free less than they weigh, and
 * writes go on meanwhile, so one estimate rarely lands under the limit; a few rounds do, and
 * the bound keeps a run finite when kept rows alone exceed the limit.
 */
const SIZE_ROUNDS = 8;

export async function prune(ports: PrunePorts, policy: RetentionPolicy): Promise<PruneReport> {
  let usage = await ports.usage();
  let pruned = 0;
  let batches = 0;
  const run = async (cutoff: number, most: number) => {
    const n = await oldest(ports, policy.batchRows, cutoff, most);
    pruned += n.rows;
    batches += n.batches;
    return n.rows;
  };
  if (policy.maxAgeMs > 0) await run(ports.now - policy.maxAgeMs, r.NO_BOUND);
  if (pruned > 0) usage = await ports.usage();
  for (let round = 0; round < SIZE_ROUNDS && policy.maxBytes > 0; round++) {
    if (usage.bytes <= policy.maxBytes || ports.stopped()) break;
    // As many of the oldest rows as the excess holds, at the average row size.
    const perRow = usage.bytes / Math.max(1, usage.rows + usage.keptRows);
    const excess = Math.ceil((usage.bytes - policy.maxBytes) / perRow);
    if ((await run(r.NO_BOUND, excess)) === 0) break;
    usage = await ports.usage();
  }
  if (policy.keptMaxAgeMs > 0) {
    let gone = 0;
    while (!ports.stopped()) {
      const [n] = await ports.read<{ n: number }>(r.staleKept(ports.now - policy.keptMaxAgeMs));
      if (Number(n?.n ?? 0) === 0) break;
      await ports.transact([r.dropStaleKept(ports.now - policy.keptMaxAgeMs)]);
      gone++;
      batches++;
    }
    if (gone > 0) usage = await ports.usage();
  }
  return { pruned, batches, usage };
}

/** Prunes up to `most` of the oldest Changes made before `cutoff`, oldest epoch first. */
async function oldest(
  ports: PrunePorts,
  batchRows: number,
  cutoff: number,
  most: number,
): Promise<{ rows: number; batches: number }> {
  let rows = 0;
  let batches = 0;
  const all = await ports.read<{ epoch: string; lo: number; hi: number }>(r.epochs());
  for (const e of all) {
    const below = e.epoch === ports.epoch ? e.hi : r.NO_BOUND;
    while (rows < most && !ports.stopped()) {
      const limit = Math.min(batchRows, most - rows);
      const [b] = await ports.read<{ lo: number | null; hi: number | null; n: number }>(
        r.nextBatch(e.epoch, below, limit, cutoff),
      );
      if (!b || b.lo === null || b.hi === null || Number(b.n) === 0) break;
      await ports.transact(r.pruneRange(e.epoch, b.lo, b.hi));
      rows += b.hi - b.lo + 1;
      batches++;
    }
  }
  return { rows, batches };
}
