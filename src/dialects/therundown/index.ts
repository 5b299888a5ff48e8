// TheRundown wire-compatible dialect. See docs/dialects/therundown.md.
import type { SportEvent } from '../../model/types.js';
import type { DialectDeps } from '../../seam/core.js';
import type { Dialect } from '../../seam/dialect.js';
import { Access } from './access.js';
import type { TheRundownConfig } from './config.js';
import { TrIds } from './ids.js';
import { catalogRoutes } from './rest-catalog.js';
import type { RestDeps } from './rest-common.js';
import { deltaRoutes } from './rest-delta.js';
import { eventRoutes } from './rest-events.js';
import type { RowContext } from './rows.js';
import { DIALECT, socketEndpoint } from './socket.js';

/** Events by canonical id, read from state on first use (participants rarely change). */
function eventLookup(deps: DialectDeps): (id: string) => SportEvent | undefined {
  const cache = new Map<string, SportEvent>();
  return (id) => {
    let e = cache.get(id);
    if (e === undefined) {
      e = deps.reader.events({ events: [id] })[0];
      if (e === undefined) return undefined;
      if (cache.size >= 50_000) cache.clear();
      cache.set(id, e);
    }
    return e;
  };
}

export function therundownDialect(deps: DialectDeps, config: TheRundownConfig): Dialect {
  const ids = new TrIds(deps.catalog);
  const access = new Access(deps.access, DIALECT);
  const cached = eventLookup(deps);
  const rows: RowContext = { ids, event: cached };
  // REST answers must show the current event (status, score), not the cached one.
  const fresh: RowContext = { ids, event: (id) => deps.reader.events({ events: [id] })[0] };
  const socketDeps = {
    access,
    rows,
    clock: deps.clock,
    events: () => deps.reader.events({}),
    config,
  };
  const rest: RestDeps = {
    access,
    reader: deps.reader,
    rows: fresh,
    ids,
    clock: deps.clock,
    deltaWindowMs: config.deltaWindowMs,
  };
  return {
    name: DIALECT,
    endpoints: [
      socketEndpoint(socketDeps, '/api/v2/ws/markets', false),
      socketEndpoint(socketDeps, '/api/v1/ws', true),
    ],
    routes: [...catalogRoutes(rest), ...eventRoutes(rest), ...deltaRoutes(rest)],
  };
}
