// Linecast's own REST over the core reader: snapshot, events, position, history, openers,
// closing and the catalog.
import { matchesAlert } from '../../analytics/filter.js';
import { ALERT_KINDS, type AlertKind } from '../../analytics/types.js';
import type { CatalogIndex } from '../../catalog/index.js';
import { LinecastError } from '../../errors/catalogue.js';
import { compileFilter } from '../../model/filter.js';
import type { AlertReader, CoreReader } from '../../seam/core.js';
import { type HttpRequest, json, type Route } from '../../seam/http.js';
import { csv, filterFromQuery, int, time } from '../../seam/query.js';
import { unknownFilterId } from './known-ids.js';

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

export interface RestOptions {
  /** Throws a coded error when the request may not read (keys, when /v1 REST is keyed). */
  authorize: (req: HttpRequest) => void;
  maxSnapshotQuotes: number;
  /** The analytics' alerts; absent when analytics are off. */
  alerts?: AlertReader;
}

/** `kind` as CSV of alert kinds; null: every kind. */
function alertKinds(q: URLSearchParams): Set<AlertKind> | null {
  const kinds = csv(q, 'kind');
  if (!kinds) return null;
  for (const k of kinds) {
    if (!ALERT_KINDS.includes(k as AlertKind))
      throw new LinecastError('LC_ERR_REQUEST_BAD_QUERY', `kind ${k} is not one of ${ALERT_KINDS}`);
  }
  return new Set(kinds as AlertKind[]);
}

/** The stream key of a request: `Authorization: Bearer`, else `?key=`. */
export function requestKey(req: Pick<HttpRequest, 'headers' | 'query'>): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim() || undefined;
  return req.query.get('key') ?? undefined;
}

export function restRoutes(
  reader: CoreReader,
  catalogIndex: CatalogIndex,
  opts: RestOptions,
): Route[] {
  const catalog = catalogIndex.catalog;
  const knownFilter = (req: HttpRequest) => {
    const filter = filterFromQuery(req.query);
    const unknown = unknownFilterId(filter, catalogIndex);
    if (unknown !== null) throw new LinecastError('LC_ERR_PROTOCOL_UNKNOWN_FILTER_ID', unknown);
    return filter;
  };
  const routes: Route[] = [
    {
      method: 'GET',
      path: '/v1/snapshot',
      handler: (req) => {
        const snap = reader.snapshot(knownFilter(req));
        // Encoding and sending the whole book costs the event loop; one answer stays bounded.
        if (snap.quotes.length > opts.maxSnapshotQuotes) {
          throw new LinecastError(
            'LC_ERR_REQUEST_TOO_BROAD',
            `${snap.quotes.length} quotes match; the limit is ${opts.maxSnapshotQuotes}`,
          );
        }
        return json(200, snap);
      },
    },
    {
      method: 'GET',
      path: '/v1/events',
      handler: (req) => {
        const events = reader.events(knownFilter(req));
        return json(200, { position: reader.position(), events });
      },
    },
    { method: 'GET', path: '/v1/position', handler: () => json(200, reader.position()) },
    {
      method: 'GET',
      path: '/v1/alerts',
      handler: (req) => {
        if (!opts.alerts) throw new LinecastError('LC_ERR_ANALYTICS_OFF');
        const filter = compileFilter(filterFromQuery(req.query));
        const kinds = alertKinds(req.query);
        const { position, alerts } = opts.alerts.open();
        const open = alerts.filter((c) => matchesAlert(filter, kinds, c.alert)).map((c) => c.alert);
        return json(200, { position, alerts: open });
      },
    },
    {
      method: 'GET',
      path: '/v1/history',
      handler: async (req) => {
        const q = quoteQuery(req);
        const from = time(req.query, 'from');
        const to = time(req.query, 'to');
        const limit = int(req.query, 'limit', 1, 10_000) ?? 1_000;
        const rows = await reader.priceHistory({
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
      handler: async (req) => json(200, { quotes: await reader.openers(quoteQuery(req)) }),
    },
    {
      method: 'GET',
      path: '/v1/closing',
      handler: async (req) => json(200, { quotes: await reader.closing(quoteQuery(req)) }),
    },
    ...(['sports', 'leagues', 'books', 'markets', 'periods', 'teams', 'players'] as const).map(
      (kind): Route => ({
        method: 'GET',
        path: `/v1/catalog/${kind}`,
        handler: () => json(200, { [kind]: catalog[kind] }),
      }),
    ),
  ];
  return routes.map((r) => ({ ...r, authorize: opts.authorize }));
}
