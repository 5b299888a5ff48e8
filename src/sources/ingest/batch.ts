// Ingest text -> raw items, with its shape bounded before parsing: HTTP bodies (a JSON array, one
// object, or NDJSON lines) and WebSocket messages (the same, or {"id": ..., "items": [...]}).
import { LinecastError } from '../../errors/catalogue.js';
import { jsonDepth } from '../../model/json-depth.js';
import { type BatchId, batchId, checkJsonDepth } from './json-shape.js';
import type { ParsedItem } from './service.js';

function parseJson(text: string, maxDepth: number): unknown {
  checkJsonDepth(text, maxDepth);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new LinecastError('LC_ERR_REQUEST_MALFORMED', (e as Error).message);
  }
}

/** One NDJSON line; a bad line fails alone, the rest of the batch still counts. */
function parseLine(line: string, maxDepth: number): ParsedItem {
  if (jsonDepth(line, maxDepth) > maxDepth) {
    return { parseError: `JSON nested more than ${maxDepth} levels` };
  }
  try {
    return { value: JSON.parse(line) as unknown };
  } catch (e) {
    return { parseError: (e as Error).message };
  }
}

/** Splits a request body into raw items: a JSON array, one JSON object, or NDJSON lines. */
export function parseBatch(body: string, ndjson: boolean, maxDepth: number): ParsedItem[] {
  if (ndjson) {
    return body
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => parseLine(line, maxDepth));
  }
  const parsed = parseJson(body, maxDepth);
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map((value: unknown) => ({ value }));
}

/** One WebSocket message: a batch, with the feeder's id when it wrapped the batch in one. */
export function parseMessage(text: string, maxDepth: number): { id: BatchId; items: ParsedItem[] } {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') && !trimmed.includes('\n')) {
    const obj = parseJson(trimmed, maxDepth);
    if (typeof obj === 'object' && obj !== null && 'items' in obj && Array.isArray(obj.items)) {
      const id = batchId('id' in obj ? obj.id : null);
      return { id, items: obj.items.map((value: unknown) => ({ value })) };
    }
    return { id: null, items: [{ value: obj }] };
  }
  const ndjson = !trimmed.startsWith('[');
  return { id: null, items: parseBatch(text, ndjson, maxDepth) };
}
