// Ingest: validate each item, apply the valid ones, acknowledge once they are durable.
import type { CatalogIndex } from '../../catalog/index.js';
import { type ErrorCode, LinecastError } from '../../errors/catalogue.js';
import type { HistoryStore } from '../../history/types.js';
import type { Update } from '../../model/types.js';
import type { Pipeline } from '../../state/pipeline.js';
import type { State } from '../../state/state.js';
import type { Clock } from '../types.js';
import { type NormaliseContext, type Normalised, normalise } from './normalise.js';

export type ItemResult =
  | { index: number; ok: true; outcome: 'changed' | 'unchanged' }
  | { index: number; ok: false; code: ErrorCode; reason: string };

export interface IngestReport {
  accepted: number;
  rejected: number;
  /** The position every accepted item is durable at. */
  position: { epoch: string; seq: number };
  results: ItemResult[];
}

export interface IngestLimits {
  maxBatchItems: number;
  maxFutureMs: number;
  /** Items accepted for applying but not applied yet, across all feeders. */
  maxQueuedItems: number;
  /** Deepest JSON nesting a body or message may have (checked before parsing). */
  maxJsonDepth: number;
  /**
   * Longest stretch of applying, in ms, before ingest yields the event loop (between slices
   * of `SLICE` items, across batches). 0: yield before every slice.
   */
  maxTurnMs: number;
}

/** A parsed item, or the reason it could not even be parsed (one bad NDJSON line). */
export type ParsedItem = { value: unknown } | { parseError: string };

/** What submit takes: parsed items, or items an ingest worker already validated. */
export type RawItem = ParsedItem | Normalised;

/**
 * Items applied between two looks at the turn's budget (`maxTurnMs`). Batches are applied in
 * slices; once a turn has spent its budget, the next slice waits for the next turn, so sockets,
 * timers and acks keep flowing. The budget is shared by every batch: queued batches run back
 * to back (the next starts in the same turn the previous one ends), so a per-batch rule would
 * let one turn carry the end of one batch and the start of the next. Batches still apply whole
 * and in arrival order, one after another.
 */
export const SLICE = 100;

const SOURCE_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;

/** A feeder's name for feed health (`?source=` or `X-Linecast-Source`); `ingest` by default. */
export function sourceName(raw: string | string[] | null | undefined): string {
  const name = Array.isArray(raw) ? raw[0] : raw;
  if (name === undefined || name === null || name === '') return 'ingest';
  if (!SOURCE_NAME.test(name)) {
    throw new LinecastError('LC_ERR_REQUEST_BAD_QUERY', 'source must match [A-Za-z0-9_.:-]{1,64}');
  }
  return `ingest:${name}`;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class IngestService {
  private tail: Promise<void> = Promise.resolve();
  private queuedItems = 0;
  /** When the current stretch of applying began (performance.now()); set after each yield. */
  private turnStart = Number.NEGATIVE_INFINITY;
  /** Turns given back to the event loop while applying (for tests and metrics). */
  yields = 0;

  constructor(
    private readonly deps: {
      catalog: CatalogIndex;
      pipeline: Pipeline;
      state: State;
      history: HistoryStore;
      clock: Clock;
      limits: IngestLimits;
      onItems?: (accepted: number, rejected: number) => void;
    },
  ) {}

  get limits(): IngestLimits {
    return this.deps.limits;
  }

  /**
   * `source` names the feeder for feed health: it is heard now, even for an empty batch (a
   * heartbeat), and owns the quotes it sets. `count` is the batch's size when its items were
   * not kept (an ingest worker does not validate a batch over maxBatchItems).
   */
  async submit(
    items: readonly RawItem[],
    source = 'ingest',
    count = items.length,
  ): Promise<IngestReport> {
    const { pipeline, history, limits } = this.deps;
    this.#admit(count, source);
    // Refuse the whole batch before applying anything, so a refusal never half-applies.
    if (!history.health().writable) throw historyUnavailable(history);
    if (!pipeline.accepting()) throw new LinecastError('LC_ERR_INGEST_BACKPRESSURE');
    if (this.queuedItems + items.length > limits.maxQueuedItems) {
      throw new LinecastError(
        'LC_ERR_INGEST_BACKPRESSURE',
        `${this.queuedItems} items are waiting to be applied`,
      );
    }
    this.queuedItems += items.length;
    const applied = this.tail.then(() => this.apply(items, source));
    this.tail = applied.then(
      () => undefined,
      () => undefined,
    );
    let results: ItemResult[];
    let position: { epoch: string; seq: number };
    try {
      ({ results, position } = await applied);
    } finally {
      this.queuedItems -= items.length;
    }
    // An unchanged item is durable once the value it repeats is; that is at or before this seq.
    if (results.some((r) => r.ok)) {
      try {
        await history.waitDurable(position.seq);
      } catch (e) {
        throw new LinecastError('LC_ERR_INGEST_NOT_DURABLE', (e as Error).message);
      }
    }
    const accepted = results.filter((r) => r.ok).length;
    this.deps.onItems?.(accepted, results.length - accepted);
    return { accepted, rejected: results.length - accepted, position, results };
  }

  /** The clock ingest stamps items with (an ingest worker validates against it). */
  now(): number {
    return this.deps.clock();
  }

  #admit(count: number, source: string): void {
    const { maxBatchItems } = this.deps.limits;
    this.deps.pipeline.heard(source, this.deps.clock());
    if (count > maxBatchItems) {
      throw new LinecastError(
        'LC_ERR_INGEST_BATCH_TOO_LARGE',
        `${count} items; the limit is ${maxBatchItems}`,
      );
    }
  }

  private async apply(
    items: readonly RawItem[],
    source: string,
  ): Promise<{ results: ItemResult[]; position: { epoch: string; seq: number } }> {
    const { pipeline, clock, limits, catalog, state } = this.deps;
    const results: ItemResult[] = new Array(items.length);
    for (let start = 0; start < items.length; start += SLICE) {
      if (performance.now() - this.turnStart >= limits.maxTurnMs) {
        await nextTurn();
        this.yields++;
        this.turnStart = performance.now();
      }
      // The batch was accepted, so it waits for history to make room (or to recover) rather than shed.
      const end = Math.min(items.length, start + SLICE);
      while (!pipeline.fits(end - start)) {
        if (pipeline.closed()) throw new LinecastError('LC_ERR_SERVER_SHUTDOWN');
        await new Promise((r) => setTimeout(r, 5));
      }
      const ctx = { catalog, now: clock(), maxFutureMs: limits.maxFutureMs };
      const updates: Update[] = [];
      const indexOf: number[] = [];
      for (let index = start; index < end; index++) {
        const n = checked(items[index]!, ctx);
        if (!n.ok) results[index] = { index, ok: false, code: n.code, reason: n.reason };
        else {
          updates.push(n.update);
          indexOf.push(index);
        }
      }
      const { outcomes } = pipeline.apply(updates, source, ctx.now);
      outcomes.forEach((outcome, i) => {
        const index = indexOf[i]!;
        results[index] =
          outcome === 'unknown_event'
            ? { index, ok: false, code: 'LC_ERR_INGEST_UNKNOWN_EVENT', reason: 'event not known' }
            : { index, ok: true, outcome };
      });
    }
    return { results, position: state.position() };
  }
}

function checked(item: RawItem, ctx: NormaliseContext): Normalised {
  if ('ok' in item) return item;
  if ('parseError' in item) {
    return { ok: false, code: 'LC_ERR_REQUEST_MALFORMED', reason: item.parseError };
  }
  return normalise(item.value, ctx);
}

/** 503 with a retry hint while history writes fail; the log and /readyz carry the real error. */
function historyUnavailable(history: HistoryStore): LinecastError {
  const h = history.health();
  return new LinecastError(
    'LC_ERR_INGEST_UNAVAILABLE',
    `history failing for ${h.attempts ?? 0} attempts; retry in 1 s`,
    {
      retryAfterSeconds: 1,
    },
  );
}
