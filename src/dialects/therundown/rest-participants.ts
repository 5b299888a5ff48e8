// `GET /api/v2/markets/participants?event_id=&market_ids=` and `GET /api/v2/season_types`
// (§5.8). Participants are read from the event's quotes (history's last ones for an event
// state has let go of), with the same ids the events
// endpoint and the socket use.
import { isInPlay } from '../../model/types.js';
import type { Route } from '../../seam/http.js';
import { bad, eventOf, marketSet, quotesOfEvents, type RestDeps, routes } from './rest-common.js';

/**
 * Season types: the vendor lists them without documenting the shape; `schedule.season_type` in
 * its event example reads "Regular Season" (INFERRED ids and names).
 */
export const SEASON_TYPES = [
  { id: 1, name: 'Preseason' },
  { id: 2, name: 'Regular Season' },
  { id: 3, name: 'Postseason' },
  { id: 4, name: 'Off Season' },
] as const;

export function participantRoutes(deps: RestDeps): Route[] {
  const { ids } = deps;

  const participants = async (q: URLSearchParams) => {
    // One event at a time keeps the answer bounded (INFERRED: the vendor's is also per event).
    const hex = q.get('event_id');
    if (!hex) throw bad('event_id is required');
    const e = await eventOf(deps, hex);
    const markets = marketSet(q);
    const live = isInPlay(e.status);
    const seen = new Map<string, Record<string, unknown>>();
    const { quotesOf } = await quotesOfEvents(deps, [e]);
    for (const quote of quotesOf(e)) {
      const k = quote.key;
      const marketId = ids.marketId(k.market, k.period, e.league, live);
      if (marketId === undefined || ids.affiliateId(k.book) === undefined) continue;
      if (markets && !markets.has(marketId)) continue;
      const p = ids.participant(k.selection, e);
      const key = `${marketId}|${p.id}`;
      if (seen.has(key)) continue;
      const row: Record<string, unknown> = {
        id: p.id,
        market_id: marketId,
        type: p.type,
        name: p.name,
      };
      // A team side (not a team total's Over/Under) is the team itself.
      if (p.type === 'TYPE_TEAM' && (k.selection === 'home' || k.selection === 'away'))
        row['team_id'] = p.id;
      seen.set(key, row);
    }
    const rows = [...seen.values()].sort(
      (a, b) =>
        (a['market_id'] as number) - (b['market_id'] as number) ||
        (a['id'] as number) - (b['id'] as number),
    );
    return { participants: rows };
  };

  return [
    ...routes(deps, '/markets/participants', (req) => participants(req.query)),
    ...routes(deps, '/season_types', () => ({ season_types: SEASON_TYPES })),
  ];
}
