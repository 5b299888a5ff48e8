// The JSON files the server keeps in its data directory, read through a schema: a bad file is
// one coded error that names the file and the path of the first bad value in it.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { LinecastError } from '../errors/catalogue.js';

function keyPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') || '(root)';
}

/** Reads and validates `file`; throws LC_ERR_DATA_FILE_INVALID naming the file and the key. */
export function readDataFile<S extends z.ZodType>(file: string, schema: S): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new LinecastError('LC_ERR_DATA_FILE_INVALID', `${file}: ${(e as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LinecastError(
      'LC_ERR_DATA_FILE_INVALID',
      `${file}: ${keyPath(issue.path)}: ${issue.message}`,
    );
  }
  return parsed.data;
}
