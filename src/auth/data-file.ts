// The JSON files the server keeps in its data directory, read through a schema: a bad file is
// one coded error that names the file and the path of the first bad value in it. Written whole,
// atomically (temp file + rename), so a crash leaves the old file or the new one.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
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

/**
 * Rewrites a data file from `content()` at most every `flushMs` after a change. A timed write that
 * fails (disk full) is reported to `onError` and retried, never thrown from the timer; `flush()`
 * writes at once and throws.
 */
export class DataFileWriter {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly path: string,
    private readonly content: () => unknown,
    private readonly flushMs: number,
    private readonly onError: (err: Error) => void,
  ) {}

  changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      try {
        this.flush();
      } catch (e) {
        this.onError(e as Error);
        this.changed();
      }
    }, this.flushMs);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.content())}\n`, { mode: 0o600 });
    renameSync(tmp, this.path);
  }
}
