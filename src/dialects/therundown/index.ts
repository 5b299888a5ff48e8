// TheRundown wire-compatible dialect. See docs/dialects/therundown.md.
import type { DialectDeps } from '../../seam/core.js';
import type { Dialect } from '../../seam/dialect.js';
import type { TheRundownConfig } from './config.js';

export function therundownDialect(_deps: DialectDeps, _config: TheRundownConfig): Dialect {
  return { name: 'therundown', endpoints: [], routes: [] };
}
