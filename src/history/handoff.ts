// The SQLite writer's hand-off format: one append() chunk as bytes plus the strings the
// worker has not seen yet. The main thread writes each cell and each quote/event value field
// by field (handoff-encoder.ts); the writer thread rebuilds the cells, JSON included
// (handoff-decoder.ts), so the fan-out thread never stringifies a Change.

/**
 * One chunk. `bytes` holds three sections after a 16-byte header (counts of each):
 * float64 numbers, uint32 indexes (strings, shapes, lengths, raw texts), uint8 tags. Strings
 * and object key lists are interned in a per-writer table; `strings` and `shapes` are the
 * entries this chunk adds, at `base` and `shapeBase`. Each Change id gets a slot, written
 * before the Change's before/after: the writer keeps each slot's last after_json, which a later
 * before may refer to (Tag.Ref). A new `gen` starts an empty table.
 */
export interface HandoffChunk {
  gen: number;
  base: number;
  strings: string[];
  shapeBase: number;
  shapes: string[][];
  /** JSON text of what the binary form does not carry (see Tag.Raw). */
  raw: string[];
  bytes: ArrayBuffer;
  /** Changes in the chunk. */
  count: number;
}

export const Tag = {
  Null: 0,
  Undefined: 1,
  False: 2,
  True: 3,
  Number: 4,
  String: 5,
  /** An own-keys object: a shape index, then one value per key. */
  Object: 6,
  /** An array: its length, then its elements. */
  Array: 7,
  /** JSON text in `raw`: a value that is not plain data (toJSON, a class, a cycle, a bigint). */
  Raw: 8,
  /** A before that is the object last sent as after for the same Change id (its slot). */
  Ref: 9,
} as const;

export const HEADER_BYTES = 16;

/**
 * Past either limit the encoder starts a new table generation at its next chunk. Entries:
 * strings, key lists and slots; chars: theirs, each slot's after_json at a generous estimate.
 */
export interface TableLimits {
  maxEntries: number;
  maxChars: number;
}

export const TABLE_LIMITS: TableLimits = { maxEntries: 262_144, maxChars: 64 * 1024 * 1024 };

/** Bytes a chunk holds while queued: its buffer, its new strings (UTF-16) and raw texts. */
export function chunkBytes(c: HandoffChunk): number {
  let n = c.bytes.byteLength;
  for (const s of c.strings) n += 2 * s.length;
  for (const s of c.raw) n += 2 * s.length;
  for (const keys of c.shapes) for (const k of keys) n += 2 * k.length;
  return n;
}
