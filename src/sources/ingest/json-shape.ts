// Shape limits checked on JSON text before it is parsed: a value nested deeper than the limit is
// refused here, so nothing later (zod, JSON.stringify of an echoed id) can recurse off the stack.
import { LinecastError } from '../../errors/catalogue.js';

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The deepest nesting of `[` and `{` outside strings, stopping early once past `limit`. One pass,
 * no recursion; text that is not JSON still gets an answer (JSON.parse reports it afterwards).
 */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if ((c === CLOSE_OBJECT || c === CLOSE_ARRAY) && depth > 0) depth--;
  }
  return deepest;
}

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
