// TickOdds wire-compatible dialect. See docs/dialects/tickodds.md.
import type { DialectDeps } from '../../seam/core.js';
import type { Dialect } from '../../seam/dialect.js';
import { defineDialect } from '../../seam/module.js';
import { type TickOddsConfig, tickoddsConfigSchema } from './config.js';
import { LiveBook } from './live-book.js';
import { restRoutes } from './rest.js';
import { liveEndpoint } from './stream.js';
import { DIALECT } from './tiers.js';
import { Vocab } from './vocab.js';

export function tickoddsDialect(deps: DialectDeps, config: TickOddsConfig): Dialect {
  const vocab = new Vocab(deps.catalog);
  const book = new LiveBook(vocab, deps.catalog, deps.reader, config.book);
  return {
    name: DIALECT,
    endpoints: [liveEndpoint(config, book, vocab)],
    routes: restRoutes(deps, config, vocab, book),
    observe: book.observe,
  };
}

export const tickoddsModule = defineDialect({
  name: DIALECT,
  config: tickoddsConfigSchema,
  create: tickoddsDialect,
});
