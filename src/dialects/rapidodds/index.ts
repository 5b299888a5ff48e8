// RapidOdds wire-compatible dialect. See docs/dialects/rapidodds.md.
import type { DialectDeps } from '../../seam/core.js';
import type { Dialect } from '../../seam/dialect.js';
import type { RapidOddsConfig } from './config.js';

export function rapidoddsDialect(_deps: DialectDeps, _config: RapidOddsConfig): Dialect {
  return { name: 'rapidodds', endpoints: [], routes: [] };
}
