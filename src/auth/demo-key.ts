// Quick start without ceremony: the first start with no keys makes one and says where it is.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { KeyStore } from './keys.js';

export function ensureDemoKey(
  keys: KeyStore,
  dataDir: string,
  plan: string,
  log: Logger,
): string | null {
  const path = join(dataDir, 'demo-key');
  if (!keys.isEmpty()) return existsSync(path) ? readFileSync(path, 'utf8').trim() : null;
  const { key } = keys.create(plan, 'demo');
  writeFileSync(path, `${key}\n`, { mode: 0o600 });
  // The key itself stays in the file: logs are collected and kept where secrets must not be.
  log.info({ path, plan }, 'created a demo API key (set auth.demoKey=false in production)');
  return key;
}
