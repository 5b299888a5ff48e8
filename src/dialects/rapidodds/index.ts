// RapidOdds wire-compatible dialect. See docs/dialects/rapidodds.md.
import { LinecastError } from '../../errors/catalogue.js';
import type { DialectDeps } from '../../seam/core.js';
import type { Dialect } from '../../seam/dialect.js';
import { defineDialect } from '../../seam/module.js';
import { type RapidOddsConfig, rapidoddsConfigSchema } from './config.js';
import { restRoutes } from './rest.js';
import { ResultsBook } from './results-book.js';
import { resultsEndpoint } from './results-stream.js';
import { ResultsView } from './results-view.js';
import { DIALECT, streamEndpoint } from './stream.js';
import { Vocab } from './vocab.js';

/** Refresh cycle per sport id; throws LC_ERR_CONFIG_INVALID for a sport the catalog lacks. */
export function refreshTable(vocab: Vocab, config: RapidOddsConfig): (sport: string) => number {
  const bySport = new Map<string, number>();
  for (const [name, ms] of Object.entries(config.refreshMsBySport)) {
    const sport = vocab.sport(name);
    if (!sport) {
      throw new LinecastError(
        'LC_ERR_CONFIG_INVALID',
        `dialects.rapidodds.refreshMsBySport: unknown sport ${name}`,
      );
    }
    bySport.set(sport.id, ms);
  }
  return (sport) => bySport.get(sport) ?? config.refreshMs;
}

export function rapidoddsDialect(deps: DialectDeps, config: RapidOddsConfig): Dialect {
  const vocab = new Vocab(deps.catalog);
  const refreshMs = refreshTable(vocab, config);
  const leagues = new Set(vocab.sportIds().map((id) => vocab.sport(id)!.league.id));
  const book = new ResultsBook(leagues, {
    maxGames: config.resultsMaxGames,
    maxScoringEvents: config.resultsMaxScoringEvents,
  });
  const view = new ResultsView(deps.reader, book, deps.clock);
  return {
    name: DIALECT,
    endpoints: [
      streamEndpoint({ deps, config, vocab, refreshMs }),
      resultsEndpoint({ deps, config, vocab, view, refreshMs }),
    ],
    routes: restRoutes(deps, config, vocab, view),
    observe: book.observe,
  };
}

export const rapidoddsModule = defineDialect({
  name: DIALECT,
  config: rapidoddsConfigSchema,
  create: rapidoddsDialect,
});
