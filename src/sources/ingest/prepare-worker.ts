// An ingest worker thread: parses and validates batches (prepare.ts) and answers each request
// in the order it came. It holds no state beyond the catalog, so a restart loses nothing.
import { parentPort, workerData } from 'node:worker_threads';
import type { Catalog } from '../../catalog/types.js';
import { type Framing, type PrepareLimits, prepare, prepareContext } from './prepare.js';

export interface PrepareWorkerInit {
  catalog: Catalog;
  limits: PrepareLimits;
}

/** `bytes` arrives transferred: the sender's copy is detached, nothing is cloned. */
export interface PrepareRequest {
  id: number;
  bytes: Uint8Array;
  framing: Framing;
  now: number;
}

/**
 * `prepared` as JSON: one string is copied across, where a structured clone of thousands of small
 * objects cost the main thread more to rebuild than parsing and validating them had (measured,
 * docs/benchmarks.md#ingest-workers); JSON.parse is the cheapest way back to objects. Everything
 * in a Prepared is JSON already (finite numbers, strings, booleans, null; a -0 comes back as 0,
 * as every JSON reader of the Change would see it anyway).
 */
export interface PrepareReply {
  id: number;
  json: string;
}

const port = parentPort;
if (!port) throw new Error('prepare-worker must run in a worker thread');
const init = workerData as PrepareWorkerInit;
const ctx = prepareContext(init.catalog, init.limits);

port.on('message', (m: PrepareRequest) => {
  const reply: PrepareReply = {
    id: m.id,
    json: JSON.stringify(prepare(m.bytes, m.framing, m.now, ctx)),
  };
  port.postMessage(reply);
});
