// Raw ingest bytes -> validated items, in one step that needs no state: what an ingest worker
// thread runs (src/sources/ingest/workers.ts), so parsing and validation leave the thread that
// fans Changes out. The main thread only applies what comes back.
import { CatalogIndex } from '../../catalog/index.js';
import type { Catalog } from '../../catalog/types.js';
import { type ErrorCode, LinecastError } from '../../errors/catalogue.js';
import { parseBatch, parseMessage } from './batch.js';
import type { BatchId } from './json-shape.js';
import { type Normalised, normalise } from './normalise.js';

/** How the bytes are framed: an HTTP body (JSON or NDJSON) or one WebSocket message. */
export type Framing = { kind: 'body'; ndjson: boolean } | { kind: 'message' };

export interface PrepareLimits {
  maxBatchItems: number;
  maxFutureMs: number;
  maxJsonDepth: number;
}

/**
 * A batch ready to apply, or refused whole. `items` is absent when the batch has more than
 * maxBatchItems: nothing of it is validated, and the main thread refuses it by its `count`.
 */
export type Prepared =
  | { ok: true; id: BatchId; count: number; items?: Normalised[] }
  | { ok: false; id: BatchId; error: { code: ErrorCode; message: string }; bug?: string };

export interface PrepareContext {
  catalog: CatalogIndex;
  limits: PrepareLimits;
}

export function prepareContext(catalog: Catalog, limits: PrepareLimits): PrepareContext {
  return { catalog: new CatalogIndex(catalog), limits };
}

/**
 * `bytes` decodes as UTF-8 the way Buffer#toString does on the main thread (a BOM is kept, bad
 * sequences become U+FFFD), so a batch is refused or accepted exactly as inline. `now` is the
 * time the batch was received, on the main thread's clock.
 */
export function prepare(
  bytes: Uint8Array,
  framing: Framing,
  now: number,
  ctx: PrepareContext,
): Prepared {
  const { limits } = ctx;
  let id: BatchId = null;
  try {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    let raw: ReturnType<typeof parseBatch>;
    if (framing.kind === 'body') raw = parseBatch(text, framing.ndjson, limits.maxJsonDepth);
    else ({ id, items: raw } = parseMessage(text, limits.maxJsonDepth));
    if (raw.length > limits.maxBatchItems) return { ok: true, id, count: raw.length };
    const norm = { catalog: ctx.catalog, now, maxFutureMs: limits.maxFutureMs };
    const items = raw.map(
      (item): Normalised =>
        'parseError' in item
          ? { ok: false, code: 'LC_ERR_REQUEST_MALFORMED', reason: item.parseError }
          : normalise(item.value, norm),
    );
    return { ok: true, id, count: raw.length, items };
  } catch (e) {
    // Input errors are coded; anything else is a bug that must not take the thread down.
    if (e instanceof LinecastError)
      return { ok: false, id, error: { code: e.code, message: e.message } };
    const err = new LinecastError('LC_ERR_SERVER_INTERNAL');
    const bug = e instanceof Error ? (e.stack ?? e.message) : String(e);
    return { ok: false, id, error: { code: err.code, message: err.message }, bug };
  }
}

/** The LinecastError a refused batch carries, with the message it had where it was made. */
export function preparedError(error: { code: ErrorCode; message: string }): LinecastError {
  const e = new LinecastError(error.code);
  e.message = error.message;
  return e;
}
