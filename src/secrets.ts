// Secrets kept in the data directory (ingest token, demo key), created once on first start.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';

export function readOrCreateSecret(dataDir: string, name: string, log: Logger): string {
  const path = join(dataDir, name);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const secret = randomBytes(24).toString('base64url');
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  log.info({ path }, `created ${name}`);
  return secret;
}
