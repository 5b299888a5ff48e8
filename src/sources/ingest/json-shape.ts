// Shape limits of ingest input: nesting checked on the text before it is parsed, so nothing later
// (zod, JSON.stringify of an echoed id) can recurse off the stack, and batch ids that are scalars.
import { LinecastError } from '../../errors/catalogue.js';
import { jsonDepth } from '../../model/json-depth.js';

/** Throws LC_ERR_REQUEST_TOO_DEEP when `text` nests deeper than `limit`. */
export function checkJsonDepth(text: string, limit: number): void {
  if (jsonDepth(text, limit) > limit) {
    throw new LinecastError('LC_ERR_REQUEST_TOO_DEEP', `more than ${limit} levels`);
  }
}

/** Longest batch id a feeder may send; the ack echoes it. */
export const MAX_BATCH_ID_CHARS = 128;

export type BatchId = string | number | null;

/** A batch id is a short string, a finite number, or absent (null); anything else is refused. */
export function batchId(raw: unknown): BatchId {
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'string' && raw.length <= MAX_BATCH_ID_CHARS) return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
  throw new LinecastError(
    'LC_ERR_REQUEST_BAD_BODY',
    `id must be a string of at most ${MAX_BATCH_ID_CHARS} characters or a finite number`,
  );
}
