// Secrets kept in the data directory (ingest token, demo key), created once on first start.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { LinecastError } from './errors/catalogue.js';

/** Generated secrets are 32 characters; a hand-written one must not be guessable either. */
const MIN_SECRET_CHARS = 16;

export function readOrCreateSecret(dataDir: string, name: string, log: Logger): string {
  const path = join(dataDir, name);
  if (existsSync(path)) {
    const secret = readFileSync(path, 'utf8').trim();
    if (secret.length < MIN_SECRET_CHARS || /\s/.test(secret)) {
      throw new LinecastError(
        'LC_ERR_DATA_FILE_INVALID',
        `${path}: a secret of at least ${MIN_SECRET_CHARS} characters without spaces (delete the file to generate one)`,
      );
    }
    return secret;
  }
  const secret = randomBytes(24).toString('base64url');
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  log.info({ path }, `created ${name}`);
  return secret;
}
