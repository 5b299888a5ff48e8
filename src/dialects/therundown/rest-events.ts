// Event snapshots (§5.1, §5.2), openers (§5.6) and V1 closing lines (§5.7).
import type { Quote, SportEvent } from '../../model/types.js';
import type { Route } from '../../seam/http.js';
import {
  affiliateSet,
  boolParam,
  dayWindow,
  entry,
  eventOf,
  eventsOn,
  leagueOf,
  marketSet,
  quoteSelection,
  quotesOfEvents,
  type RestDeps,
  routes,
} from './rest-common.js';
import { americanOf, priceText, restLine, rfc3339 } from './rows.js';
import { v1Event, v2Event } from './shapes.js';

export function eventRoutes(deps: RestDeps): Route[] {
  const { ids, reader } = deps;

  const build = (
    events: SportEvent[],
    quotesOf: (e: SportEvent) => readonly Quote[],
    q: URLSearchParams,
  ) => {
    const sel = quoteSelection(q);
    const hideEmpty = boolParam(q, 'hide_no_markets');
    return events.flatMap((e) => {
      const v = v2Event(e, quotesOf(e), ids, sel);
      return v === null || (hideEmpty && v.markets.length === 0) ? [] : [v];
    });
  };

  const openers = async (events: SportEvent[]) => {
    const all = await Promise.all(events.map((e) => reader.openers({ event: e.id })));
    const byEvent = new Map(events.map((e, i) => [e.id, all[i] ?? []]));
    return (e: SportEvent) => byEvent.get(e.id) ?? [];
  };

  const hideClosed = (q: URLSearchParams, quotes: readonly Quote[]) =>
    boolParam(q, 'hide_closed') ? quotes.filter((x) => x.value.status !== 'closed') : quotes;

  return [
    ...routes(deps, '/sports/:sportId/events/:date', async (req) => {
      const league = leagueOf(deps, req.params['sportId']);
      const window = dayWindow(req.params['date'], req.query);
      const events = league === null ? [] : await eventsOn(deps, league, window, req.query);
      const snap = await quotesOfEvents(deps, events);
      return {
        meta: { delta_last_id: String(snap.position.seq) },
        events: build(events, snap.quotesOf, req.query),
      };
    }),
    ...routes(deps, '/events/:eventId', async (req) => {
      const e = await eventOf(deps, req.params['eventId']);
      return {
        meta: null,
        events: build([e], (await quotesOfEvents(deps, [e])).quotesOf, req.query),
      };
    }),
    ...routes(deps, '/sports/:sportId/openers/:date', async (req) => {
      const league = leagueOf(deps, req.params['sportId']);
      const window = dayWindow(req.params['date'], req.query);
      const events = league === null ? [] : await eventsOn(deps, league, window, req.query);
      const quotesOf = await openers(events);
      return {
        meta: null,
        events: build(events, (e) => hideClosed(req.query, quotesOf(e)), req.query),
      };
    }),
    ...routes(deps, '/events/:eventId/openers', async (req) => {
      const e = await eventOf(deps, req.params['eventId']);
      const quotesOf = await openers([e]);
      return {
        meta: null,
        events: build([e], (x) => hideClosed(req.query, quotesOf(x)), req.query),
      };
    }),
    ...routes(deps, '/events/:eventId/markets/opening', async (req) => {
      const e = await eventOf(deps, req.params['eventId']);
      const marketIds = marketSet(req.query);
      const affiliates = affiliateSet(req.query);
      const markets: Record<
        string,
        {
          market_id: number;
          market_name: string;
          lines: Record<
            string,
            {
              participant_id: number;
              participant_type: string;
              participant_name: string;
              prices: Record<string, unknown>;
            }
          >;
        }
      > = {};
      let count = 0;
      for (const quote of await reader.openers({ event: e.id })) {
        const k = quote.key;
        // Openers are prematch prices: they use the prematch market ids.
        const marketId = ids.marketId(k.market, k.period, e.league, false);
        const affiliateId = ids.affiliateId(k.book);
        if (marketId === undefined || affiliateId === undefined) continue;
        if (marketIds && !marketIds.has(marketId)) continue;
        if (affiliates && !affiliates.has(affiliateId)) continue;
        const p = ids.participant(k.selection, e);
        const m = entry(markets, String(marketId), () => ({
          market_id: marketId,
          market_name: ids.marketName(k.market, k.period),
          lines: {},
        }));
        const line = entry(m.lines, `${p.id}:${restLine(k.line)}`, () => ({
          participant_id: p.id,
          participant_type: p.type,
          participant_name: p.name,
          prices: {} as Record<string, unknown>,
        }));
        line.prices[String(affiliateId)] = {
          price: priceText(americanOf(quote.value)),
          timestamp: rfc3339(quote.value.receivedAt),
        };
        count++;
      }
      return { meta: { event_id: ids.eventId(e.id), count }, markets };
    }),
    ...routes(
      deps,
      '/sports/:sportId/closing/:date',
      async (req) => {
        const league = leagueOf(deps, req.params['sportId']);
        const window = dayWindow(req.params['date'], req.query);
        const events = league === null ? [] : await eventsOn(deps, league, window, req.query);
        const affiliates = affiliateSet(req.query);
        const closing = await Promise.all(events.map((e) => reader.closing({ event: e.id })));
        return {
          events: events.flatMap((e, i) => {
            const quotes = (closing[i] ?? []).filter(
              (x) => !affiliates || affiliates.has(ids.affiliateId(x.key.book) ?? -1),
            );
            const v = v1Event(e, quotes, ids);
            return v === null ? [] : [v];
          }),
        };
      },
      { prefixes: ['/api/v1'] },
    ),
  ];
}
