// Main-thread half of the SQLite hand-off: lays out the same cells as encodeChanges (rows.ts),
// but before/after go as their fields, not as JSON, and repeated strings as table indexes.
// One encoder per writer: chunks must reach the decoder in the order they were encoded.
import type { Change } from '../model/types.js';
import { type HandoffChunk, HEADER_BYTES, TABLE_LIMITS, type TableLimits, Tag } from './handoff.js';

/** Deeper than this a value goes as JSON text (JSON.stringify then reports a cycle as it did before). */
const MAX_DEPTH = 32;
/** Shapes compared key by key before the map keyed by their joined keys is asked. */
const SCAN_SHAPES = 16;
/** JSON chars a tag stands for at most, bar its strings (a number, a key and punctuation). */
const CHARS_PER_TAG = 32;

export class HandoffEncoder {
  readonly #limits: TableLimits;
  #gen = 0;
  readonly #index = new Map<string, number>();
  #chars = 0;
  #strings: string[] = [];
  readonly #shapeList: string[][] = [];
  readonly #shapeIndex = new Map<string, number>();
  #shapes: string[][] = [];
  /** By depth: the shape of the last object there, tried first. */
  readonly #guess: (number | undefined)[] = [];
  #raw: string[] = [];
  /** Slot of each Change id (quote key or event) in this generation. */
  readonly #slots = new Map<unknown, number>();
  /**
   * By slot: the last after sent and the estimated length of its JSON, which the writer keeps.
   * A before is nearly always that very object (state replaces values and never edits one,
   * as the hub's encode-once cache also relies on), so it goes as a reference to it.
   */
  readonly #lastAfter: unknown[] = [];
  readonly #lastChars: number[] = [];
  /** Length of the strings written so far, for the estimate. */
  #textChars = 0;
  #nums = new Float64Array(4096);
  #numLen = 0;
  #ints = new Uint32Array(4096);
  #intLen = 0;
  #tags = new Uint8Array(8192);
  #tagLen = 0;

  constructor(limits: TableLimits = TABLE_LIMITS) {
    this.#limits = limits;
  }

  encode(changes: readonly Change[]): HandoffChunk {
    const entries = this.#index.size + this.#shapeList.length + this.#lastAfter.length;
    if (entries > this.#limits.maxEntries || this.#chars > this.#limits.maxChars) this.#reset();
    const base = this.#index.size;
    const shapeBase = this.#shapeList.length;
    this.#numLen = 0;
    this.#intLen = 0;
    this.#tagLen = 0;
    try {
      for (const c of changes) this.#change(c);
    } catch (err) {
      // JSON.stringify refused a value (a cycle, a bigint), as it did before the hand-off; the
      // entries this chunk added will never reach the writer, so the next chunk starts afresh.
      this.#strings = [];
      this.#shapes = [];
      this.#raw = [];
      this.#reset();
      throw err;
    }
    const chunk: HandoffChunk = {
      gen: this.#gen,
      base,
      strings: this.#strings,
      shapeBase,
      shapes: this.#shapes,
      raw: this.#raw,
      bytes: this.#bytes(),
      count: changes.length,
    };
    this.#strings = [];
    this.#shapes = [];
    this.#raw = [];
    return chunk;
  }

  #reset(): void {
    this.#gen++;
    this.#index.clear();
    this.#chars = 0;
    this.#shapeList.length = 0;
    this.#shapeIndex.clear();
    this.#guess.length = 0;
    this.#slots.clear();
    this.#lastAfter.length = 0;
    this.#lastChars.length = 0;
  }

  // Cell for cell as encodeChanges; keep the two in step (handoff.test.ts compares them).
  #change(c: Change): void {
    this.#cell(c.epoch);
    this.#cell(c.seq);
    this.#cell(c.at);
    if (c.kind === 'quote') {
      const k = c.key;
      const v = c.after;
      this.#cell('quote');
      this.#cell(k.event);
      this.#cell(k.market);
      this.#cell(k.period);
      this.#cell(k.book);
      this.#cell(k.selection);
      this.#cell(k.line);
      this.#cell(v.price?.decimal ?? null);
      this.#cell(v.price?.american ?? null);
      this.#cell(v.status);
      this.#cell(v.main ? 1 : 0);
      this.#cell(v.sourceAt);
    } else {
      this.#cell('event');
      this.#cell(c.after.id);
      for (let i = 0; i < 7; i++) this.#tag(Tag.Null);
      this.#cell(c.after.status);
      this.#tag(Tag.Null);
      this.#tag(Tag.Null);
    }
    this.#cell(c.sport);
    this.#cell(c.league);
    this.#cell(c.inPlay ? 1 : 0);
    let slot = this.#slots.get(c.id);
    if (slot === undefined) {
      slot = this.#lastAfter.length;
      this.#slots.set(c.id, slot);
      this.#lastAfter.push(undefined);
      this.#lastChars.push(0);
    }
    this.#int(slot);
    const before = c.before;
    if (typeof before === 'object' && before !== null && before === this.#lastAfter[slot]) {
      this.#tag(Tag.Ref);
    } else this.#json(before);
    const tags = this.#tagLen;
    const text = this.#textChars;
    this.#json(c.after);
    const chars = (this.#tagLen - tags) * CHARS_PER_TAG + this.#textChars - text;
    this.#chars += chars - this.#lastChars[slot]!;
    this.#lastChars[slot] = chars;
    this.#lastAfter[slot] = c.after;
  }

  /** A column value as the old JSON hand-off carried it: anything but a string, number or null goes as its JSON. */
  #cell(v: unknown): void {
    if (typeof v === 'string') this.#string(v);
    else if (typeof v === 'number') this.#number(v);
    else if (v === null || v === undefined) this.#tag(Tag.Null);
    else this.#rawText(JSON.stringify(v));
  }

  /** A before/after value: as fields if it is plain data, else as its JSON text. */
  #json(v: unknown): void {
    const n = this.#numLen;
    const i = this.#intLen;
    const t = this.#tagLen;
    if (this.#value(v, 0)) return;
    this.#numLen = n;
    this.#intLen = i;
    this.#tagLen = t;
    this.#rawText(JSON.stringify(v));
  }

  #rawText(text: string | undefined): void {
    if (text === undefined) {
      this.#tag(Tag.Undefined);
      return;
    }
    this.#tag(Tag.Raw);
    this.#int(this.#raw.length);
    this.#raw.push(text);
    this.#textChars += text.length;
  }

  /** Writes `v` if JSON.stringify would see only plain data in it; false (partly written) if not. */
  #value(v: unknown, depth: number): boolean {
    switch (typeof v) {
      case 'string':
        this.#string(v);
        return true;
      case 'number':
        this.#number(v);
        return true;
      case 'boolean':
        this.#tag(v ? Tag.True : Tag.False);
        return true;
      // JSON.stringify leaves these out of objects and writes null for them in arrays;
      // undefined does the same on the writer's side.
      case 'undefined':
      case 'function':
      case 'symbol':
        this.#tag(Tag.Undefined);
        return true;
      case 'object':
        if (v === null) {
          this.#tag(Tag.Null);
          return true;
        }
        if (depth >= MAX_DEPTH) return false;
        return Array.isArray(v) ? this.#array(v, depth) : this.#object(v, depth);
      default:
        return false;
    }
  }

  #array(a: unknown[], depth: number): boolean {
    if (Object.getPrototypeOf(a) !== Array.prototype) return false;
    this.#tag(Tag.Array);
    this.#int(a.length);
    for (let i = 0; i < a.length; i++) if (!this.#value(a[i], depth + 1)) return false;
    return true;
  }

  #object(o: object, depth: number): boolean {
    const proto = Object.getPrototypeOf(o);
    if (proto !== Object.prototype && proto !== null) return false;
    if (typeof (o as { toJSON?: unknown }).toJSON === 'function') return false;
    const rec = o as Record<string, unknown>;
    this.#tag(Tag.Object);
    const slot = this.#intLen;
    this.#int(0);
    // Most objects have the keys of the last one met at the same depth: check that while
    // writing their values (for-in allocates nothing); on a miss, undo and look the shape up.
    const guess = this.#guess[depth];
    if (guess !== undefined) {
      const n = this.#numLen;
      const i = this.#intLen;
      const t = this.#tagLen;
      const keys = this.#shapeList[guess]!;
      let k = 0;
      let hit = true;
      for (const key in rec) {
        if (key !== keys[k++]) {
          hit = false;
          break;
        }
        if (!this.#value(rec[key], depth + 1)) return false;
      }
      if (hit && k === keys.length) {
        this.#ints[slot] = guess;
        return true;
      }
      this.#numLen = n;
      this.#intLen = i;
      this.#tagLen = t;
    }
    const keys = Object.keys(o);
    const shape = this.#shape(keys);
    if (shape < 0) return false;
    this.#ints[slot] = shape;
    this.#guess[depth] = shape;
    for (const k of keys) if (!this.#value(rec[k], depth + 1)) return false;
    return true;
  }

  #shape(keys: string[]): number {
    const list = this.#shapeList;
    const scan = Math.min(list.length, SCAN_SHAPES);
    for (let s = 0; s < scan; s++) if (sameKeys(list[s]!, keys)) return s;
    if (list.length <= SCAN_SHAPES) return this.#addShape(keys, undefined);
    const joined = keys.join('\u0000');
    return this.#shapeIndex.get(joined) ?? this.#addShape(keys, joined);
  }

  #addShape(keys: string[], joined: string | undefined): number {
    // An own `__proto__` key would set the prototype when the writer assigns it back.
    if (keys.includes('__proto__')) return -1;
    const s = this.#shapeList.length;
    this.#shapeList.push(keys);
    this.#shapes.push(keys);
    if (s >= SCAN_SHAPES) this.#shapeIndex.set(joined ?? keys.join('\u0000'), s);
    this.#chars += keys.length;
    return s;
  }

  #string(s: string): void {
    this.#textChars += s.length;
    let i = this.#index.get(s);
    if (i === undefined) {
      i = this.#index.size;
      this.#index.set(s, i);
      this.#strings.push(s);
      this.#chars += s.length;
    }
    this.#tag(Tag.String);
    this.#int(i);
  }

  #number(n: number): void {
    this.#tag(Tag.Number);
    if (this.#numLen === this.#nums.length)
      this.#nums = grow(this.#nums, new Float64Array(this.#nums.length * 2));
    this.#nums[this.#numLen++] = n;
  }

  #int(n: number): void {
    if (this.#intLen === this.#ints.length)
      this.#ints = grow(this.#ints, new Uint32Array(this.#ints.length * 2));
    this.#ints[this.#intLen++] = n;
  }

  #tag(t: number): void {
    if (this.#tagLen === this.#tags.length)
      this.#tags = grow(this.#tags, new Uint8Array(this.#tags.length * 2));
    this.#tags[this.#tagLen++] = t;
  }

  /** The three sections copied into one buffer of exactly their size. */
  #bytes(): ArrayBuffer {
    const numBytes = this.#numLen * 8;
    const intBytes = this.#intLen * 4;
    const buf = new ArrayBuffer(HEADER_BYTES + numBytes + intBytes + this.#tagLen);
    new Uint32Array(buf, 0, 3).set([this.#numLen, this.#intLen, this.#tagLen]);
    new Float64Array(buf, HEADER_BYTES, this.#numLen).set(this.#nums.subarray(0, this.#numLen));
    new Uint32Array(buf, HEADER_BYTES + numBytes, this.#intLen).set(
      this.#ints.subarray(0, this.#intLen),
    );
    new Uint8Array(buf, HEADER_BYTES + numBytes + intBytes).set(
      this.#tags.subarray(0, this.#tagLen),
    );
    return buf;
  }
}

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function grow<T extends Float64Array | Uint32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
