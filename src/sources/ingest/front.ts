// Where ingest bytes become a submitted batch: parsed and validated on this thread
// (ingest.workers = 0) or on ingest worker threads. Either way a feeder's batches are submitted,
// and so applied and acknowledged, in the order they arrived.
import type { Logger } from 'pino';
import { parseBatch, parseMessage } from './batch.js';
import type { BatchId } from './json-shape.js';
import { type Prepared, preparedError } from './prepare.js';
import { type IngestReport, type IngestService, sourceName } from './service.js';
import type { IngestWorkers } from './workers.js';

/** A feeder's batch once it is settled: its report, or the error that refused it whole. */
export type Settled = { id: BatchId } & (
  | { ok: true; report: IngestReport }
  | { ok: false; error: unknown }
);

export type SourceHeader = string | string[] | undefined;

/** One feeder's stream of batches (a WebSocket feeder), submitted in arrival order. */
export type Lane = (bytes: Buffer) => Promise<Settled>;

export interface IngestFront {
  /**
   * One HTTP body, from the feeder its X-Linecast-Source header names (checked after the body
   * parses); rejects (coded) when the whole batch is refused.
   */
  body(bytes: Buffer, ndjson: boolean, source: SourceHeader): Promise<IngestReport>;
  lane(source: string): Lane;
  close(): Promise<void>;
}

export function ingestFront(
  service: IngestService,
  workers: IngestWorkers | null,
  log: Logger,
): IngestFront {
  return workers ? new ThreadedFront(service, workers, log) : new InlineFront(service);
}

const settle = (id: BatchId, report: Promise<IngestReport>): Promise<Settled> =>
  report.then(
    (r): Settled => ({ id, ok: true, report: r }),
    (error: unknown): Settled => ({ id, ok: false, error }),
  );

class InlineFront implements IngestFront {
  constructor(private readonly service: IngestService) {}

  async body(bytes: Buffer, ndjson: boolean, source: SourceHeader): Promise<IngestReport> {
    const items = parseBatch(bytes.toString('utf8'), ndjson, this.service.limits.maxJsonDepth);
    return this.service.submit(items, sourceName(source));
  }

  // Parsing and submitting happen in the message's own turn, so arrival order is kept as is.
  lane(source: string): Lane {
    return (bytes) => {
      let id: BatchId = null;
      try {
        const batch = parseMessage(bytes.toString('utf8'), this.service.limits.maxJsonDepth);
        id = batch.id;
        return settle(id, this.service.submit(batch.items, source));
      } catch (error) {
        return Promise.resolve({ id, ok: false, error });
      }
    };
  }

  async close(): Promise<void> {}
}

class ThreadedFront implements IngestFront {
  constructor(
    private readonly service: IngestService,
    private readonly workers: IngestWorkers,
    private readonly log: Logger,
  ) {}

  async body(bytes: Buffer, ndjson: boolean, source: SourceHeader): Promise<IngestReport> {
    const now = this.service.now();
    const prepared = await this.workers.prepare(bytes, { kind: 'body', ndjson }, now);
    if (!prepared.ok) throw this.refusal(prepared);
    return this.accept(prepared, sourceName(source));
  }

  // Batches may come back from the threads in any order; each is submitted only once the one
  // before it was (submitted, not applied), so applying still follows arrival.
  lane(source: string): Lane {
    let previous: Promise<unknown> = Promise.resolve();
    return (bytes) => {
      const prepared = this.workers.prepare(bytes, { kind: 'message' }, this.service.now());
      const turn = previous.then(() => prepared);
      const settled = turn.then(
        (p) => settle(p.id, p.ok ? this.accept(p, source) : Promise.reject(this.refusal(p))),
        (error: unknown): Settled => ({ id: null, ok: false, error }),
      );
      previous = turn.then(
        () => undefined,
        () => undefined,
      );
      return settled;
    };
  }

  close(): Promise<void> {
    return this.workers.close();
  }

  private accept(p: Prepared & { ok: true }, source: string): Promise<IngestReport> {
    return this.service.submit(p.items ?? [], source, p.count);
  }

  private refusal(p: Prepared & { ok: false }): Error {
    if (p.bug) this.log.error({ err: p.bug }, 'ingest batch failed');
    return preparedError(p.error);
  }
}
