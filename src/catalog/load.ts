// Reads catalog/*.json, validates each file against its schema, then cross-checks the whole.
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { checkCatalog } from './check.js';
import { CatalogError } from './error.js';
import {
  bookSchema,
  leagueSchema,
  marketSchema,
  periodSchema,
  playerSchema,
  sportSchema,
  teamSchema,
} from './schema.js';
import type { Catalog } from './types.js';

export { CatalogError } from './error.js';

/** `<repo>/catalog`: this file sits two levels below the repo root in both src/ and dist/. */
export function defaultCatalogDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'catalog');
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

function readFile<T extends z.ZodType>(dir: string, file: string, entry: T): z.output<T>[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  } catch (err) {
    const why = err instanceof SyntaxError ? 'invalid JSON' : 'cannot read';
    throw new CatalogError(file, undefined, undefined, `${why}: ${(err as Error).message}`);
  }
  if (!Array.isArray(raw)) throw new CatalogError(file, undefined, undefined, 'expected an array');
  return raw.map((item: unknown, index) => {
    const result = entry.safeParse(item);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    const id = typeof item === 'object' && item && 'id' in item ? ` (${String(item.id)})` : '';
    const field = issue && issue.path.length > 0 ? fieldPath(issue.path) : undefined;
    throw new CatalogError(file, index, field, `${issue?.message ?? 'invalid entry'}${id}`);
  });
}

/** Loads and validates the catalog in `dir`; throws CatalogError naming file, entry and field. */
export function loadCatalog(dir: string): Catalog {
  const label = basename(resolve(dir));
  try {
    const catalog: Catalog = {
      sports: readFile(dir, 'sports.json', sportSchema),
      leagues: readFile(dir, 'leagues.json', leagueSchema),
      books: readFile(dir, 'books.json', bookSchema),
      markets: readFile(dir, 'markets.json', marketSchema),
      periods: readFile(dir, 'periods.json', periodSchema),
      teams: readFile(dir, 'teams.json', teamSchema),
      players: readFile(dir, 'players.json', playerSchema),
    };
    checkCatalog(catalog);
    return catalog;
  } catch (err) {
    throw err instanceof CatalogError ? err.in(label) : err;
  }
}
