// Parlay API wire-compatible dialect. See docs/dialects/parlay.md.
import type { DialectDeps } from '../../seam/core.js';
import type { Dialect } from '../../seam/dialect.js';
import { defineDialect } from '../../seam/module.js';
import { DIALECT } from './admission.js';
import { type ParlayConfig, parlayConfigSchema } from './config.js';
import { streamEndpoints } from './endpoints.js';
import { Events } from './events.js';
import { restRoutes } from './rest.js';
import { Vocab } from './vocab.js';

export function parlayDialect(deps: DialectDeps, config: ParlayConfig): Dialect {
  const vocab = new Vocab(deps.catalog);
  const events = new Events(deps.reader);
  return {
    name: DIALECT,
    endpoints: streamEndpoints({ deps, config, vocab, events }),
    routes: restRoutes(deps, vocab, events),
    observe: (changes) => events.observe(changes),
  };
}

export const parlayModule = defineDialect({
  name: DIALECT,
  config: parlayConfigSchema,
  create: parlayDialect,
});
