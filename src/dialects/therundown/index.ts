// TheRundown wire-compatible dialect. See docs/dialects/therundown.md.
import type { Change, SportEvent } from '../../model/types.js';
import type { DialectDeps, Plan } from '../../seam/core.js';
import type { Dialect } from '../../seam/dialect.js';
import { defineDialect } from '../../seam/module.js';
import { Access } from './access.js';
import { type TheRundownConfig, therundownConfigSchema } from './config.js';
import { DataPoints } from './datapoints.js';
import { TrIds } from './ids.js';
import { muxEndpoint } from './mux.js';
import { catalogRoutes } from './rest-catalog.js';
import type { RestDeps } from './rest-common.js';
import { deltaRoutes } from './rest-delta.js';
import { eventRoutes } from './rest-events.js';
import { participantRoutes } from './rest-participants.js';
import type { RowContext } from './rows.js';
import { DIALECT, socketEndpoint } from './socket.js';

/**
 * Events by canonical id for the stream's rows: read from state on first use, then kept current
 * by the event Changes the dialect observes before fan-out.
 */
function eventCache(deps: DialectDeps) {
  const cache = new Map<string, SportEvent>();
  const remember = (e: SportEvent) => {
    if (cache.size >= 50_000) cache.clear();
    cache.set(e.id, e);
  };
  return {
    lookup(id: string): SportEvent | undefined {
      const e = cache.get(id) ?? deps.reader.events({ events: [id] })[0];
      if (e !== undefined && !cache.has(id)) remember(e);
      return e;
    },
    observe(changes: readonly Change[]): void {
      for (const c of changes) if (c.kind === 'event' && cache.has(c.after.id)) remember(c.after);
    },
  };
}

export function therundownDialect(deps: DialectDeps, config: TheRundownConfig): Dialect {
  const ids = new TrIds(deps.catalog);
  const access = new Access(deps.access, DIALECT);
  const events = eventCache(deps);
  const rows: RowContext = { ids, event: (id) => events.lookup(id) };
  // REST answers must show the current event (status, score), not the cached one.
  const fresh: RowContext = { ids, event: (id) => deps.reader.events({ events: [id] })[0] };
  const tierOf = (plan: Plan) => access.tier(plan);
  const points = new DataPoints(deps.usage, config.dataPoints, tierOf, deps.clock);
  const socketDeps = {
    rows,
    clock: deps.clock,
    events: () => deps.reader.events({}),
    config,
    points,
  };
  const rest: RestDeps = {
    access,
    reader: deps.reader,
    rows: fresh,
    ids,
    clock: deps.clock,
    deltaWindowMs: config.deltaWindowMs,
    points,
    history: { lookbackMs: config.historyLookbackMs, maxEvents: config.historyMaxEvents },
  };
  return {
    name: DIALECT,
    endpoints: [
      socketEndpoint(socketDeps, '/api/v2/ws/markets', false),
      socketEndpoint(socketDeps, '/api/v1/ws', true),
      muxEndpoint({ ...socketDeps, tierOf, position: () => deps.reader.position().seq }),
    ],
    routes: [
      ...catalogRoutes(rest),
      ...eventRoutes(rest),
      ...deltaRoutes(rest),
      ...participantRoutes(rest),
    ],
    observe: (changes) => events.observe(changes),
  };
}

export const therundownModule = defineDialect({
  name: DIALECT,
  config: therundownConfigSchema,
  create: therundownDialect,
});
