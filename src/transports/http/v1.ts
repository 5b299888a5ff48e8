// Linecast's own REST: snapshot, history, openers, closing, catalog, position.
import type { Catalog } from '../../catalog/types.js';
import { LinecastError } from '../../errors/catalogue.js';
import type { HistoryStore } from '../../history/types.js';
import { compileFilter } from '../../model/filter.js';
import { type HttpRequest, json, type Route } from '../../seam/http.js';
import { filterFromQuery, int, time } from '../../seam/query.js';
import type { State } from '../../state/state.js';

function requireEvent(req: HttpRequest): string {
  const event = req.query.get('event');
  if (!event) throw new LinecastError('LC_ERR_REQUEST_BAD_QUERY', 'event is required');
  return event;
}

function quoteQuery(req: HttpRequest) {
  const q = { event: requireEvent(req) } as {
    event: string;
    market?: string;
    period?: string;
    book?: string;
  };
  for (const k of ['market', 'period', 'book'] as const) {
    const v = req.query.get(k);
    if (v) q[k] = v;
  }
  return q;
}

export function v1Routes(deps: { state: State; history: HistoryStore; catalog: Catalog }): Route[] {
  const { state, history, catalog } = deps;
  return [
    {
      method: 'GET',
      path: '/v1/snapshot',
      handler: (req) => json(200, state.snapshot(compileFilter(filterFromQuery(req.query)))),
    },
    {
      method: 'GET',
      path: '/v1/events',
      handler: (req) => {
        const events = state.events(compileFilter(filterFromQuery(req.query)));
        return json(200, { position: state.position(), events });
      },
    },
    { method: 'GET', path: '/v1/position', handler: () => json(200, state.position()) },
    {
      method: 'GET',
      path: '/v1/history',
      handler: async (req) => {
        const q = quoteQuery(req);
        const from = time(req.query, 'from');
        const to = time(req.query, 'to');
        const limit = int(req.query, 'limit', 1, 10_000) ?? 1_000;
        const rows = await history.priceHistory({
          ...q,
          ...(from === undefined ? {} : { from }),
          ...(to === undefined ? {} : { to }),
          limit,
        });
        return json(200, { count: rows.length, changes: rows });
      },
    },
    {
      method: 'GET',
      path: '/v1/openers',
      handler: async (req) => json(200, { quotes: await history.openers(quoteQuery(req)) }),
    },
    {
      method: 'GET',
      path: '/v1/closing',
      handler: async (req) => json(200, { quotes: await history.closing(quoteQuery(req)) }),
    },
    ...(['sports', 'leagues', 'books', 'markets', 'periods', 'teams', 'players'] as const).map(
      (kind): Route => ({
        method: 'GET',
        path: `/v1/catalog/${kind}`,
        handler: () => json(200, { [kind]: catalog[kind] }),
      }),
    ),
  ];
}
