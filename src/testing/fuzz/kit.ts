// A seeded fuzz kit for tests: garbage text, JSON, mutations of valid values, query strings and
// HTTP heads, all drawn from one PRNG so a failing case is reproduced by its seed and index.
// Test code only; product code never imports it.
import { ERRORS } from '../../errors/catalogue.js';
import { Rng } from '../../sources/simulator/prng.js';

export { Rng };

/** Numbers at the edges: zero signs, Date limits, float limits, fractions, huge integers. */
export const EDGE_NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  -0.5,
  100,
  -100,
  1.0001,
  2 ** 31,
  -(2 ** 31),
  2 ** 53,
  -(2 ** 53),
  8.64e15,
  8.64e15 + 1,
  -8.64e15 - 1,
  1e21,
  1e300,
  -1e300,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  5e-324,
  946_684_800_000,
  4_102_444_800_000,
  1e9,
  1e12,
] as const;

const TOKENS = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '\\',
  'null',
  'true',
  'false',
  '-',
  '1e999',
  '"\\u0000"',
  '"\\ud800"',
  '{"type":',
  '"id":',
  '"items":',
  '%',
  '%zz',
  '%00',
  '\u0000',
  '\ud800',
  '\uffff',
  '💥',
  ' ',
  '\n',
  '\r\n',
  '\t',
  '__proto__',
  'constructor',
  'toString',
  '..',
  '/',
  '?',
  '&',
  '=',
] as const;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.:';

export function garbageString(rng: Rng, maxLen = 40): string {
  const n = rng.int(maxLen + 1);
  let out = '';
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    if (r < 0.6) out += ALPHABET[rng.int(ALPHABET.length)];
    else if (r < 0.9) out += rng.pick(TOKENS);
    else out += String.fromCharCode(rng.int(0x10000));
  }
  return out;
}

/** Any JSON value, up to `depth` levels of arrays and objects. */
export function randomJson(rng: Rng, depth = 3): unknown {
  const r = rng.int(depth > 0 ? 9 : 6);
  switch (r) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick(EDGE_NUMBERS);
    case 3:
      return rng.range(-1e6, 1e6);
    case 4:
      return garbageString(rng);
    case 5:
      return rng.chance(0.5) ? '' : 'x'.repeat(rng.int(5_000));
    case 6:
    case 7:
      return Array.from({ length: rng.int(4) }, () => randomJson(rng, depth - 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = rng.int(4); i > 0; i--) o[garbageString(rng, 8)] = randomJson(rng, depth - 1);
      return o;
    }
  }
}

/**
 * A copy of `value` with a few random edits: a field set to garbage or an edge number, removed,
 * or added; applied at any depth. Valid inputs mutated this way reach past the first check.
 */
export function mutate(rng: Rng, value: unknown, edits = 1 + rng.int(3)): unknown {
  let out = structuredClone(value);
  for (let i = 0; i < edits; i++) out = mutateOnce(rng, out);
  return out;
}

function mutateOnce(rng: Rng, value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    return rng.chance(0.5) ? rng.pick(EDGE_NUMBERS) : randomJson(rng, 1);
  }
  const container = value as Record<string, unknown>;
  const keys = Object.keys(container);
  if (keys.length === 0 || rng.chance(0.1)) {
    container[rng.chance(0.5) ? garbageString(rng, 8) : 'extra'] = randomJson(rng, 2);
    return container;
  }
  const key = rng.pick(keys);
  const r = rng.next();
  if (r < 0.15) delete container[key];
  else if (r < 0.55) container[key] = mutateOnce(rng, container[key]);
  else if (r < 0.75) container[key] = rng.pick(EDGE_NUMBERS);
  else container[key] = randomJson(rng, 2);
  return container;
}

/** Text that is sometimes JSON, sometimes nearly JSON, sometimes neither. */
export function garbageText(rng: Rng, valid: readonly unknown[] = []): string {
  const r = rng.next();
  if (r < 0.35 && valid.length > 0) return JSON.stringify(mutate(rng, rng.pick(valid)));
  if (r < 0.55) return JSON.stringify(randomJson(rng, 4)) ?? 'null';
  if (r < 0.7 && valid.length > 0) {
    const text = JSON.stringify(rng.pick(valid));
    return text.slice(0, rng.int(text.length));
  }
  if (r < 0.75) return deepText(rng);
  if (r < 0.8 && valid.length > 0) return withDeepField(rng, rng.pick(valid));
  return Array.from({ length: 1 + rng.int(20) }, () => garbageString(rng, 20)).join('');
}

/** Nested arrays or objects, sometimes balanced, up to 20,000 levels, as text (never built). */
export function deepText(rng: Rng): string {
  const depth = 1 + rng.int(rng.chance(0.5) ? 40 : 20_000);
  const array = rng.chance(0.5);
  const body = (array ? '[' : '{"a":').repeat(depth) + (array || rng.chance(0.5) ? '1' : '');
  const close = array ? ']' : '}';
  return body + close.repeat(rng.chance(0.5) ? depth : rng.int(depth + 1));
}

/** A valid object with one of its fields (or a new one) replaced by a deeply nested value. */
function withDeepField(rng: Rng, value: unknown): string {
  const obj = typeof value === 'object' && value !== null ? { ...value } : {};
  const keys = Object.keys(obj);
  const key = keys.length > 0 && rng.chance(0.8) ? rng.pick(keys) : 'id';
  const sentinel = '\u0000deep\u0000';
  (obj as Record<string, unknown>)[key] = sentinel;
  const depth = 1 + rng.int(20_000);
  return JSON.stringify(obj).replace(
    JSON.stringify(sentinel),
    `${'['.repeat(depth)}${']'.repeat(depth)}`,
  );
}

function encodeLoosely(rng: Rng, s: string): string {
  if (rng.chance(0.3)) return s; // raw, invalid escapes and all
  try {
    return encodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A query string over the given parameter names (and others): repeats, empties, bad escapes. */
export function garbageQuery(rng: Rng, names: readonly string[]): string {
  const n = rng.int(6);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const name = rng.chance(0.75) && names.length > 0 ? rng.pick(names) : garbageString(rng, 10);
    const r = rng.next();
    const value =
      r < 0.3
        ? String(rng.pick(EDGE_NUMBERS))
        : r < 0.4
          ? ''
          : r < 0.5
            ? Array.from({ length: rng.int(2_000) }, (_, j) => `v${j}`).join(',')
            : garbageString(rng, 30);
    parts.push(
      rng.chance(0.1)
        ? encodeLoosely(rng, name)
        : `${encodeLoosely(rng, name)}=${encodeLoosely(rng, value)}`,
    );
  }
  return parts.join(rng.chance(0.9) ? '&' : ';');
}

/** Fills a route pattern's `:params` with garbage segments. */
export function fillPath(rng: Rng, pattern: string): string {
  return pattern.replace(/:[A-Za-z_]+/g, () =>
    rng.chance(0.3)
      ? String(rng.pick(EDGE_NUMBERS))
      : encodeLoosely(rng, garbageString(rng, 20) || 'x'),
  );
}

/** Codes in the error catalogue, to check that every refusal is a documented one. */
export const CATALOGUE_CODES: ReadonlySet<string> = new Set(Object.keys(ERRORS));
