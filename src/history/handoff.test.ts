import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Change, QuoteValue, SportEvent } from '../model/types.js';
import { type HandoffChunk, HEADER_BYTES, Tag } from './handoff.js';
import { HandoffDecoder } from './handoff-decoder.js';
import { HandoffEncoder } from './handoff-encoder.js';
import { type Cell, encodeChanges } from './rows.js';
import { syntheticChanges } from './synthetic.js';

/** mulberry32: the same seed gives the same stream of Changes on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD = [
  '',
  '"',
  '\\',
  '\n\t\u0000',
  'é',
  '日本',
  '🏀',
  '\ud800',
  'a"b\\c',
  '</script>',
  '\u2028',
];

function fuzz(seed: number) {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  // Mostly repeating strings (as real keys are), now and then a new one, so tables fill up.
  const str = (): string =>
    r() < 0.15 ? `${pick(ODD)}${Math.floor(r() * 1e9)}${pick(ODD)}` : pick(ODD);
  const num = (): number =>
    pick([0, -0, 1.91, -3.5, 221.5, 1e21, 5e-324, Number.NaN, Infinity, r() * 1e6]);
  const cellNum = (): number => pick([0, 1.91, -3.5, 221.5, 1e21, 5e-324, r() * 1e6]);
  const value = (): QuoteValue => {
    const v: [string, unknown][] = [];
    // Key order differs between sources; JSON keeps it, so the hand-off must too.
    const order = r() < 0.5 ? ['price', 'status', 'main'] : ['status', 'main', 'price'];
    for (const k of order) {
      if (k === 'price') {
        const price = {
          decimal: cellNum(),
          ...(r() < 0.5 ? { american: num() } : {}),
          ...(r() < 0.2 ? { fractional: str() } : {}),
        };
        v.push(['price', r() < 0.2 ? null : price]);
      }
      if (k === 'status') v.push(['status', pick(['open', 'suspended', str()])]);
      if (k === 'main') v.push(['main', r() < 0.5]);
    }
    if (r() < 0.2) v.push(['reason', str()]);
    if (r() < 0.2) v.push(['limit', num()]);
    v.push(['sourceAt', cellNum()], ['receivedAt', num()]);
    // Fields the encoder does not know: carried all the same.
    if (r() < 0.1) v.push([str(), { deep: [1, null, str(), { x: undefined, y: true }], s: str() }]);
    if (r() < 0.05) v.push(['when', new Date(0)]); // toJSON: goes as JSON text
    if (r() < 0.05) v.push(['skip', undefined]);
    return Object.fromEntries(v) as unknown as QuoteValue;
  };
  const event = (): SportEvent => ({
    id: str(),
    sport: str(),
    league: str(),
    home: { id: str(), name: str() },
    away: { id: str(), name: str(), abbr: str() },
    ...(r() < 0.5 ? { players: [{ id: str(), name: str() }] } : {}),
    startsAt: cellNum(),
    status: pick(['live', 'ended', 'scheduled']),
    ...(r() < 0.5 ? { live: { home: 1, away: 0, clock: num(), period: 2, suspended: true } } : {}),
  });
  // As state makes them: a Change's before is mostly the very object its id last had as after.
  const last = new Map<string, unknown>();
  const before = <T>(id: string, fresh: () => T): T | null => {
    const x = r();
    return x < 0.2 ? null : x < 0.4 ? fresh() : ((last.get(id) as T | undefined) ?? fresh());
  };
  const change = (seq: number): Change => {
    const meta = {
      epoch: str(),
      seq,
      at: cellNum(),
      sport: str(),
      league: str(),
      inPlay: r() < 0.5,
    };
    const id = `${r() < 0.15 ? 'event' : 'quote'}:${Math.floor(r() * 30)}`;
    if (id.startsWith('event')) {
      const after = event();
      const c: Change = { kind: 'event', ...meta, id, before: before(id, event), after };
      last.set(id, after);
      return c;
    }
    const key = {
      event: str(),
      market: str(),
      period: str(),
      book: str(),
      selection: str(),
      line: r() < 0.3 ? null : cellNum(),
    };
    const c: Change = {
      kind: 'quote',
      ...meta,
      id,
      key,
      before: before(id, value),
      after: value(),
    };
    last.set(id, c.after);
    return c;
  };
  return { change, r };
}

const cellsOf = (changes: Change[]): Cell[] => {
  const out: Cell[] = [];
  encodeChanges(changes, out);
  return out;
};

/**
 * The cells the JSON hand-off delivered: encodeChanges' own, except a number JSON cannot
 * write (NaN, ±Infinity: null; -0: 0). For every other cell this is encodeChanges exactly.
 */
const stored = (cells: Cell[]): Cell[] => JSON.parse(JSON.stringify(cells));

/** How many times `tag` occurs in the chunk's tag section. */
function count(chunk: HandoffChunk, tag: number): number {
  const [nums = 0, ints = 0, tags = 0] = new Uint32Array(chunk.bytes, 0, 3);
  const section = new Uint8Array(chunk.bytes, HEADER_BYTES + nums * 8 + ints * 4, tags);
  return section.filter((t) => t === tag).length;
}

/** As the worker receives it: through the structured clone postMessage applies. */
const roundTrip = (d: HandoffDecoder, chunk: HandoffChunk): Cell[] =>
  d.decode(structuredClone(chunk));

test('decoded cells equal encodeChanges for random Changes, across table resets', () => {
  for (const seed of [1, 2, 3]) {
    const { change, r } = fuzz(seed);
    const encoder = new HandoffEncoder({ maxEntries: 200, maxChars: 4_000 });
    const decoder = new HandoffDecoder();
    let seq = 0;
    let gen = 0;
    let refs = 0;
    for (let n = 0; n < 300; n++) {
      const batch = Array.from({ length: 1 + Math.floor(r() * 40) }, () => change(++seq));
      const chunk = encoder.encode(batch);
      gen = chunk.gen;
      refs += count(chunk, Tag.Ref);
      assert.deepStrictEqual(roundTrip(decoder, chunk), stored(cellsOf(batch)));
      decoder.committed(chunk.gen);
    }
    assert.ok(gen >= 5, `the table reset ${gen} times`);
    assert.ok(refs > 1_000, `${refs} befores went as references`);
  }
});

test('a batch sent again after a failed write decodes the same, even across a reset', () => {
  const { change } = fuzz(7);
  const encoder = new HandoffEncoder({ maxEntries: 400, maxChars: 100_000 });
  const decoder = new HandoffDecoder();
  let seq = 0;
  const make = (n: number) => Array.from({ length: n }, () => change(++seq));
  const warm = encoder.encode(make(60));
  roundTrip(decoder, warm);
  decoder.committed(warm.gen);
  const batch = Array.from({ length: 12 }, () => make(20));
  const chunks = batch.map((b) => encoder.encode(b));
  // Its first chunk refers to afters committed before it; a later one starts a new table.
  assert.equal(chunks[0]!.gen, warm.gen);
  assert.ok(count(chunks[0]!, Tag.Ref) > 0);
  assert.notEqual(chunks[0]!.gen, chunks[chunks.length - 1]!.gen);
  const expected = batch.map((b) => stored(cellsOf(b)));
  assert.deepStrictEqual(
    chunks.map((c) => roundTrip(decoder, c)),
    expected,
  );
  // The commit failed: the same chunks again.
  decoder.failed();
  assert.deepStrictEqual(
    chunks.map((c) => roundTrip(decoder, c)),
    expected,
  );
  decoder.committed(chunks[chunks.length - 1]!.gen);
  const next = make(10);
  assert.deepStrictEqual(roundTrip(decoder, encoder.encode(next)), stored(cellsOf(next)));
});

test('numbers JSON cannot write reach the cells as the JSON hand-off stored them', () => {
  const [c] = syntheticChanges('e', 1, 1) as [Extract<Change, { kind: 'quote' }>];
  const odd: Change = { ...c, at: Number.NaN, key: { ...c.key, line: -0 }, seq: Infinity };
  const chunk = new HandoffEncoder().encode([odd]);
  const cells = roundTrip(new HandoffDecoder(), chunk);
  assert.deepStrictEqual(cells, stored(cellsOf([odd])));
  assert.equal(cells[2], null);
  assert.ok(Object.is(cells[9], 0));
});

test('synthetic Changes carry their repeated strings once', () => {
  const encoder = new HandoffEncoder();
  const first = encoder.encode(syntheticChanges('e', 1, 500));
  const second = encoder.encode(syntheticChanges('e', 501, 500));
  assert.ok(first.strings.length > 0);
  assert.deepStrictEqual(second.strings, []);
  assert.deepStrictEqual(second.raw, []);
  const decoder = new HandoffDecoder();
  roundTrip(decoder, first);
  assert.deepStrictEqual(roundTrip(decoder, second), cellsOf(syntheticChanges('e', 501, 500)));
});

test('a value JSON cannot take fails in append as it did before (a cycle)', () => {
  const [c] = syntheticChanges('e', 1, 1) as [Extract<Change, { kind: 'quote' }>];
  const after = { ...c.after } as QuoteValue & { self?: unknown };
  after.self = after;
  const encoder = new HandoffEncoder();
  const decoder = new HandoffDecoder();
  roundTrip(decoder, encoder.encode([c]));
  const odd = { ...c, key: { ...c.key, book: 'new-book' }, after };
  assert.throws(() => encoder.encode([odd]), TypeError);
  // The refused chunk's new strings never reached the writer: the next chunk still decodes.
  const next = { ...c, key: { ...c.key, book: 'new-book' } };
  assert.deepStrictEqual(roundTrip(decoder, encoder.encode([next])), cellsOf([next]));
});
