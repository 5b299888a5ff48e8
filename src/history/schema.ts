// The one schema both drivers share. DDL names abstract column types; each driver maps them.

/** Column types as each driver spells them. */
export interface TypeMap {
  /** 64-bit integer: seqs and epoch-ms timestamps. */
  int: string;
  /** IEEE double: prices and lines. */
  real: string;
  text: string;
  /** 0/1. */
  flag: string;
  /**
   * Stored as the exact JSON text that was appended, never re-encoded, so a Change read
   * back is deep-equal to the one written (PostgreSQL `jsonb` would drop `-0` and reorder keys).
   */
  json: string;
}

/** A migration is a list of statements run in one transaction; its number is its index + 1. */
export type Migration = (t: TypeMap) => string[];

export const migrations: readonly Migration[] = [
  (t) => [
    `CREATE TABLE changes (
      epoch ${t.text} NOT NULL,
      seq ${t.int} NOT NULL,
      at ${t.int} NOT NULL,
      kind ${t.text} NOT NULL,
      event ${t.text} NOT NULL,
      market ${t.text},
      period ${t.text},
      book ${t.text},
      selection ${t.text},
      line ${t.real},
      price_decimal ${t.real},
      price_american ${t.real},
      status ${t.text} NOT NULL,
      is_main ${t.flag},
      source_at ${t.int},
      sport ${t.text} NOT NULL,
      league ${t.text} NOT NULL,
      in_play ${t.flag} NOT NULL,
      before_json ${t.json},
      after_json ${t.json} NOT NULL,
      PRIMARY KEY (epoch, seq)
    )`,
    // The one secondary index. It serves price history (event, market, book, time range),
    // narrows openers/closing to one event (or market/book) before they rank per key, and
    // finds an event's own Changes (market IS NULL). A per-key index would let openers skip
    // a sort but measured ~40% slower appends, and every append pays for it.
    'CREATE INDEX changes_price ON changes (event, market, book, at)',
    `CREATE TABLE events (
      epoch ${t.text} NOT NULL,
      id ${t.text} NOT NULL,
      seq ${t.int} NOT NULL,
      at ${t.int} NOT NULL,
      sport ${t.text} NOT NULL,
      league ${t.text} NOT NULL,
      status ${t.text} NOT NULL,
      data ${t.json} NOT NULL,
      PRIMARY KEY (epoch, id)
    )`,
  ],
  // Retention prunes `changes` oldest first and moves the rows it must keep (retention.ts:
  // each quote key's opener, closing and latest value, each event's start) here, so `changes`
  // stays contiguous per epoch and resume can tell a pruned position from a kept row.
  (t) => [
    `CREATE TABLE kept_changes (
      epoch ${t.text} NOT NULL,
      seq ${t.int} NOT NULL,
      at ${t.int} NOT NULL,
      kind ${t.text} NOT NULL,
      event ${t.text} NOT NULL,
      market ${t.text},
      period ${t.text},
      book ${t.text},
      selection ${t.text},
      line ${t.real},
      price_decimal ${t.real},
      price_american ${t.real},
      status ${t.text} NOT NULL,
      is_main ${t.flag},
      source_at ${t.int},
      sport ${t.text} NOT NULL,
      league ${t.text} NOT NULL,
      in_play ${t.flag} NOT NULL,
      before_json ${t.json},
      after_json ${t.json} NOT NULL,
      PRIMARY KEY (epoch, seq)
    )`,
    'CREATE INDEX kept_changes_key ON kept_changes (event, market, book)',
  ],
];

export const SCHEMA_VERSION = migrations.length;
