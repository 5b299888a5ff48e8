// The public gateway routes (spec 5, SDK 0.1.1; no auth): markets, books, BBO, settlement, and
// the events, series, sports and search views built from the exchange's market catalogue. An
// event groups the markets of one `eventSlug` (one game); a series is a league.
import type { Exchange, Market } from '../../exchange/api.js';
import { type HttpRequest, json, type Route } from '../../seam/http.js';
import { listQuery } from './body.js';
import type { MarketFrames } from './market-frames.js';
import { marketDetail, px, time } from './wire.js';

const notFound = (message: string) => json(404, { code: 5, message });
const bad = (message: string) => json(400, { code: 3, message });

/** `?limit=&offset=` over a list; null when they are not non-negative integers. */
function paged<T>(req: HttpRequest, all: T[]): T[] | null {
  const limit = Number(req.query.get('limit') ?? all.length);
  const offset = Number(req.query.get('offset') ?? 0);
  if (!Number.isInteger(limit) || !Number.isInteger(offset) || limit < 0 || offset < 0) return null;
  return all.slice(offset, offset + limit);
}

/** `?active=true|false`-style filters; absent matches all. */
function flag(req: HttpRequest, name: string): boolean | undefined {
  const v = req.query.get(name);
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

/** A JSON body that is the payload both bare and under `marketData` (0.1 C7). */
const both = (payload: string) => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: `{"marketData":${payload},${payload.slice(1)}`,
});

export function catalogRoutes(exchange: Exchange, frames: MarketFrames): Route[] {
  const all = () => [...exchange.markets()].sort((a, b) => a.id - b.id);
  const leagues = () => [...new Set(all().map((m) => m.league))].sort();
  const seriesOf = (league: string) => {
    const markets = all().filter((m) => m.league === league);
    return {
      id: leagues().indexOf(league) + 1,
      slug: league,
      title: league.toUpperCase(),
      description: '',
      active: markets.some((m) => m.state === 'MARKET_STATE_OPEN'),
      closed: markets.every((m) => marketDetail(m).closed),
      archived: false,
      recurrence: 'daily',
    };
  };
  const events = () => {
    const bySlug = new Map<string, Market[]>();
    for (const m of all()) bySlug.set(m.eventSlug, [...(bySlug.get(m.eventSlug) ?? []), m]);
    return [...bySlug.values()].map((markets) => {
      const first = markets[0]!;
      const details = markets.map(marketDetail);
      const series = seriesOf(first.league);
      return {
        // INFERRED: an event's id is its first market's id, so it is stable for the engine's life.
        id: first.id,
        slug: first.eventSlug,
        title: first.title,
        description: first.question,
        startTime: time(first.startsAt),
        active: details.some((d) => d.active),
        closed: details.every((d) => d.closed),
        archived: false,
        featured: false,
        sport: first.sport,
        league: first.league,
        linecastEventId: first.eventId,
        markets: details,
        tags: [{ id: series.id, slug: first.league, label: series.title }],
        series: { id: series.id, slug: series.slug, title: series.title },
      };
    });
  };
  const eventList = (req: HttpRequest, list: ReturnType<typeof events>) => {
    const slugs = listQuery(req.query, 'slug');
    const active = flag(req, 'active');
    const closed = flag(req, 'closed');
    const filtered = list.filter(
      (e) =>
        (slugs.length === 0 || slugs.includes(e.slug)) &&
        (active === undefined || e.active === active) &&
        (closed === undefined || e.closed === closed),
    );
    return paged(req, filtered);
  };

  return [
    {
      method: 'GET',
      path: '/v1/markets',
      handler: (req) => {
        const slugs = listQuery(req.query, 'slug');
        const eventSlugs = listQuery(req.query, 'eventSlug');
        const active = flag(req, 'active');
        const closed = flag(req, 'closed');
        const list = all()
          .map(marketDetail)
          .filter(
            (m) =>
              (slugs.length === 0 || slugs.includes(m.slug)) &&
              (eventSlugs.length === 0 || eventSlugs.includes(m.eventSlug)) &&
              (active === undefined || m.active === active) &&
              (closed === undefined || m.closed === closed),
          );
        const page = paged(req, list);
        return page ? json(200, { markets: page }) : bad('limit and offset must be integers >= 0');
      },
    },
    {
      method: 'GET',
      path: '/v1/market/slug/:slug',
      handler: (req) => {
        const m = exchange.marketBySlug(req.params['slug'] ?? '');
        return m ? json(200, { market: marketDetail(m) }) : notFound('market not found');
      },
    },
    {
      method: 'GET',
      path: '/v1/market/id/:id',
      handler: (req) => {
        const id = Number(req.params['id']);
        const m = Number.isInteger(id) ? exchange.marketById(id) : null;
        return m ? json(200, { market: marketDetail(m) }) : notFound('market not found');
      },
    },
    {
      method: 'GET',
      path: '/v1/markets/:slug/book',
      handler: (req) => {
        const payload = frames.marketData(req.params['slug'] ?? '');
        return payload ? both(payload) : notFound('market not found');
      },
    },
    {
      method: 'GET',
      path: '/v1/markets/:slug/bbo',
      handler: (req) => {
        const payload = frames.marketDataLite(req.params['slug'] ?? '');
        return payload ? both(payload) : notFound('market not found');
      },
    },
    {
      method: 'GET',
      path: '/v1/markets/:slug/settlement',
      handler: (req) => {
        const slug = req.params['slug'] ?? '';
        if (!exchange.marketBySlug(slug)) return notFound('market not found');
        const s = exchange.settlement(slug);
        if (!s) return notFound('market not settled');
        // The spec's `{slug, settlement}` and SDK 0.1.1's names, both (0.1 C8).
        return json(200, {
          slug,
          settlement: s.price,
          marketSlug: slug,
          settlementPrice: px(s.price),
          settledAt: time(s.at),
        });
      },
    },
    {
      method: 'GET',
      path: '/v1/events',
      handler: (req) => {
        const page = eventList(req, events());
        return page ? json(200, { events: page }) : bad('limit and offset must be integers >= 0');
      },
    },
    {
      method: 'GET',
      path: '/v1/events/:id',
      handler: (req) => {
        const e = events().find((x) => String(x.id) === req.params['id']);
        return e ? json(200, { event: e }) : notFound('event not found');
      },
    },
    {
      method: 'GET',
      path: '/v1/events/slug/:slug',
      handler: (req) => {
        const e = events().find((x) => x.slug === req.params['slug']);
        return e ? json(200, { event: e }) : notFound('event not found');
      },
    },
    {
      method: 'GET',
      path: '/v1/series',
      handler: (req) => {
        const page = paged(req, leagues().map(seriesOf));
        return page ? json(200, { series: page }) : bad('limit and offset must be integers >= 0');
      },
    },
    {
      method: 'GET',
      path: '/v1/series/id/:id',
      handler: (req) => {
        const league = leagues()[Number(req.params['id']) - 1];
        return league ? json(200, { series: seriesOf(league) }) : notFound('series not found');
      },
    },
    {
      method: 'GET',
      path: '/v1/sports',
      handler: () => {
        const sports = new Map<string, Set<string>>();
        for (const m of all())
          sports.set(m.sport, (sports.get(m.sport) ?? new Set()).add(m.league));
        return json(200, {
          sports: [...sports].map(([sport, ls]) => ({
            id: sport,
            name: sport,
            slug: sport,
            leagues: [...ls].sort().map((l) => ({ id: l, name: l.toUpperCase(), slug: l })),
          })),
        });
      },
    },
    {
      method: 'GET',
      path: '/v1/sports/teams/provider',
      handler: (req) => {
        const league = req.query.get('league');
        const teams: Record<string, unknown> = {};
        for (const m of all()) {
          if (league && m.league !== league) continue;
          for (const t of [m.yes, m.no])
            teams[t.id] = { id: t.id, name: t.name, abbreviation: t.abbr, league: m.league };
        }
        return json(200, { teams });
      },
    },
    {
      method: 'GET',
      path: '/v1/search',
      handler: (req) => {
        const query = (req.query.get('query') ?? '').toLowerCase();
        const status = req.query.get('status');
        const limit = Number(req.query.get('limit') ?? 50);
        if (!Number.isInteger(limit) || limit < 0) return bad('limit must be an integer >= 0');
        const found = events().filter(
          (e) =>
            (query === '' ||
              e.title.toLowerCase().includes(query) ||
              e.slug.includes(query) ||
              e.markets.some((m) => m.outcome.toLowerCase().includes(query))) &&
            (status === null ||
              (status === 'closed' ? e.closed : status === 'active' ? e.active : !e.closed)),
        );
        return json(200, { events: found.slice(0, limit) });
      },
    },
  ];
}
