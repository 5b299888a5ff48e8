// Writer-thread half of the SQLite hand-off: turns a chunk back into the cells encodeChanges
// (rows.ts) makes, as the old JSON hand-off delivered them (a number that JSON cannot write
// becomes null, -0 becomes 0), writing before_json/after_json here as JSON.stringify would.
import { type HandoffChunk, HEADER_BYTES, Tag } from './handoff.js';
import { type Cell, ROW_WIDTH } from './rows.js';

interface Table {
  strings: string[];
  /** Each string as JSON, for the texts. */
  quoted: string[];
  /** Each key list as the JSON that precedes each value: `"key":`. */
  shapes: string[][];
  /** By slot: the last committed after_json. */
  last: (string | null)[];
  /** By slot: after_json of the write being decoded, committed with it. */
  pending: Map<number, string | null>;
}

const emptyTable = (): Table => ({
  strings: [],
  quoted: [],
  shapes: [],
  last: [],
  pending: new Map(),
});

export class HandoffDecoder {
  /**
   * Tables by generation. A failed write is sent again as it was, so a batch that crossed
   * into a new generation may be decoded again from the older one: each is kept until a
   * commit ends in a later one (settle).
   */
  readonly #tables = new Map<number, Table>();
  #table: Table = emptyTable();
  #nums = new Float64Array(0);
  #ni = 0;
  #ints = new Uint32Array(0);
  #ii = 0;
  #tags = new Uint8Array(0);
  #ti = 0;
  #raw: string[] = [];
  readonly #parts: string[] = [];

  /**
   * The chunk's cells, ROW_WIDTH per Change. Chunks come in the order they were encoded; after
   * failed() the same chunks may come again.
   */
  decode(chunk: HandoffChunk): Cell[] {
    let table = this.#tables.get(chunk.gen);
    if (!table) {
      table = emptyTable();
      this.#tables.set(chunk.gen, table);
    }
    for (let i = 0; i < chunk.strings.length; i++) {
      const s = chunk.strings[i]!;
      table.strings[chunk.base + i] = s;
      table.quoted[chunk.base + i] = JSON.stringify(s);
    }
    for (let i = 0; i < chunk.shapes.length; i++) {
      table.shapes[chunk.shapeBase + i] = chunk.shapes[i]!.map((k) => `${JSON.stringify(k)}:`);
    }
    this.#table = table;
    this.#raw = chunk.raw;
    const [numLen = 0, intLen = 0, tagLen = 0] = new Uint32Array(chunk.bytes, 0, 3);
    this.#nums = new Float64Array(chunk.bytes, HEADER_BYTES, numLen);
    this.#ints = new Uint32Array(chunk.bytes, HEADER_BYTES + numLen * 8, intLen);
    this.#tags = new Uint8Array(chunk.bytes, HEADER_BYTES + numLen * 8 + intLen * 4, tagLen);
    this.#ni = 0;
    this.#ii = 0;
    this.#ti = 0;
    const cells: Cell[] = new Array(chunk.count * ROW_WIDTH);
    let at = 0;
    for (let n = 0; n < chunk.count; n++) {
      for (let i = 0; i < ROW_WIDTH - 2; i++) cells[at++] = this.#cell();
      const slot = this.#ints[this.#ii++]!;
      const t = this.#tags[this.#ti];
      // encodeChanges keeps a null before as null, not as the text 'null'.
      if (t === Tag.Null || t === Tag.Ref) {
        this.#ti++;
        cells[at++] = t === Tag.Null ? null : this.#lastAfter(slot);
      } else cells[at++] = this.#json();
      const after = this.#json();
      table.pending.set(slot, after);
      cells[at++] = after;
    }
    if (this.#ti !== tagLen)
      throw new Error(`history hand-off: ${tagLen - this.#ti} tags left over`);
    return cells;
  }

  /** The chunks decoded since the last call are committed, the last in generation `gen`: older tables are never asked again. */
  committed(gen: number): void {
    for (const [g, table] of this.#tables) {
      if (g < gen) this.#tables.delete(g);
      else {
        for (const [slot, text] of table.pending) table.last[slot] = text;
        table.pending.clear();
      }
    }
  }

  /** The chunks decoded since the last call were not committed: they will come again. */
  failed(): void {
    for (const table of this.#tables.values()) table.pending.clear();
  }

  #lastAfter(slot: number): string | null {
    const table = this.#table;
    const text = table.pending.has(slot) ? table.pending.get(slot) : table.last[slot];
    if (text === undefined) throw new Error('history hand-off: before refers to an unknown after');
    return text;
  }

  #cell(): Cell {
    const t = this.#tags[this.#ti++];
    if (t === Tag.String) return this.#string();
    if (t === Tag.Number) {
      const n = this.#nums[this.#ni++]!;
      return Number.isFinite(n) ? n + 0 : null;
    }
    if (t === Tag.Null) return null;
    if (t === Tag.Raw) return JSON.parse(this.#raw[this.#ints[this.#ii++]!]!) as Cell;
    throw new Error(`history hand-off: tag ${t} where a cell belongs`);
  }

  /** before/after as encodeChanges stores it: JSON text, or null where JSON.stringify gives undefined. */
  #json(): string | null {
    const t = this.#tags[this.#ti];
    if (t === Tag.Raw) {
      this.#ti++;
      return this.#raw[this.#ints[this.#ii++]!]!;
    }
    // Pieces joined once: one flat string for SQLite to read, not a tree of concatenations.
    const parts = this.#parts;
    parts.length = 0;
    if (!this.#text(parts)) return null;
    return parts.join('');
  }

  /** Appends the next value's JSON to `out` as JSON.stringify writes it; false where it leaves the value out. */
  #text(out: string[]): boolean {
    switch (this.#tags[this.#ti++]) {
      case Tag.String:
        out.push(this.#quoted());
        return true;
      case Tag.Number: {
        // JSON.stringify writes a finite number as String does (-0 as 0), any other as null.
        const n = this.#nums[this.#ni++]!;
        out.push(Number.isFinite(n) ? String(n) : 'null');
        return true;
      }
      case Tag.Null:
        out.push('null');
        return true;
      case Tag.Undefined:
        return false;
      case Tag.False:
        out.push('false');
        return true;
      case Tag.True:
        out.push('true');
        return true;
      case Tag.Object: {
        const keys = this.#table.shapes[this.#ints[this.#ii++]!]!;
        out.push('{');
        let first = true;
        for (const key of keys) {
          const at = out.length;
          out.push(first ? key : `,${key}`);
          if (this.#text(out)) first = false;
          else out.length = at;
        }
        out.push('}');
        return true;
      }
      case Tag.Array: {
        const n = this.#ints[this.#ii++]!;
        out.push('[');
        for (let i = 0; i < n; i++) {
          if (i > 0) out.push(',');
          if (!this.#text(out)) out.push('null');
        }
        out.push(']');
        return true;
      }
      default:
        throw new Error('history hand-off: unknown tag');
    }
  }

  #quoted(): string {
    const s = this.#table.quoted[this.#ints[this.#ii++]!];
    if (s === undefined) throw new Error('history hand-off: string not in the table');
    return s;
  }

  #string(): string {
    const s = this.#table.strings[this.#ints[this.#ii++]!];
    if (s === undefined) throw new Error('history hand-off: string not in the table');
    return s;
  }
}
