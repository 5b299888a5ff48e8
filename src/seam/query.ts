// Query-string helpers shared by REST handlers and dialects (filters in URLs).
import { LinecastError } from '../errors/catalogue.js';
import type { Filter } from '../model/types.js';

export function csv(q: URLSearchParams, name: string): string[] | undefined {
  const raw = q.get(name);
  if (raw === null) return undefined;
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return list.length > 0 ? list : undefined;
}

export function bool(q: URLSearchParams, name: string): boolean | undefined {
  const raw = q.get(name);
  if (raw === null) return undefined;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new LinecastError('LC_ERR_REQUEST_BAD_QUERY', `${name} must be true or false`);
}

export function int(
  q: URLSearchParams,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new LinecastError(
      'LC_ERR_REQUEST_BAD_QUERY',
      `${name} must be an integer in [${min}, ${max}]`,
    );
  }
  return n;
}

/** Epoch ms from an ISO 8601 string or a number of ms. */
export function time(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  const n = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(n))
    throw new LinecastError('LC_ERR_REQUEST_BAD_QUERY', `${name} is not a time`);
  return n;
}

/** The native filter vocabulary: `sport`, `league`, `event`, `market`, `period`, `book` (CSV). */
export function filterFromQuery(q: URLSearchParams): Filter {
  const f: Filter = {};
  const set = (key: keyof Filter, name: string) => {
    const v = csv(q, name);
    if (v) (f as Record<string, unknown>)[key] = v;
  };
  set('sports', 'sport');
  set('leagues', 'league');
  set('events', 'event');
  set('markets', 'market');
  set('periods', 'period');
  set('books', 'book');
  const main = bool(q, 'main');
  if (main !== undefined) f.mainOnly = main;
  const inPlay = bool(q, 'inPlay');
  if (inPlay !== undefined) f.inPlay = inPlay;
  return f;
}
