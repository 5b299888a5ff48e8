// Reference endpoints (§4, §5.8): sports, affiliates (sportsbooks) and market definitions.

import { FULL_GAME } from '../../catalog/ids.js';
import type { Route } from '../../seam/http.js';
import { type RestDeps, routes } from './rest-common.js';

/** `updated_at` of market definitions: the catalog has no edit time, so a fixed one (INFERRED). */
const CATALOG_TIME = '2026-01-01T00:00:00Z';

export function catalogRoutes(deps: RestDeps): Route[] {
  const { ids } = deps;
  const catalog = ids.catalog.catalog;

  const sports = () => ({
    sports: catalog.leagues
      .flatMap((l) => {
        const id = ids.sportId(l.id);
        return id === undefined ? [] : [{ sport_id: id, sport_name: l.name }];
      })
      .sort((a, b) => a.sport_id - b.sport_id),
  });

  const affiliates = () => ({
    affiliates: catalog.books
      .flatMap((b) => {
        const id = ids.affiliateId(b.id);
        return id === undefined
          ? []
          : [{ affiliate_id: id, affiliate_name: b.name, affiliate_url: '' }];
      })
      .sort((a, b) => a.affiliate_id - b.affiliate_id),
  });

  const markets = () => {
    const out = new Map<number, Record<string, unknown>>();
    for (const id of ids.marketIdList()) {
      const variants = ids.marketVariants(id);
      const v = variants[0];
      if (!v) continue;
      const def = ids.catalog.market(v.market);
      // The live twin of a prematch id, as seen from the first league offering it.
      const league = catalog.leagues.find((l) => def?.sports.includes(l.sport));
      const liveId = v.live
        ? null
        : (ids.marketId(v.market, v.period, league?.id ?? '', true) ?? null);
      const sportIds = [
        ...new Set(
          catalog.leagues
            .filter((l) =>
              variants.some((x) => def?.sports.includes(l.sport) && x.market === v.market),
            )
            .flatMap((l) => ids.sportId(l.id) ?? []),
        ),
      ].sort((a, b) => a - b);
      out.set(id, {
        id,
        name: ids.marketName(v.market, v.period),
        line_value_is_participant: def?.kind === 'moneyline' || def?.kind === 'three_way',
        proposition: def?.kind === 'player_prop',
        description: `${def?.name ?? v.market}${v.period === FULL_GAME ? '' : ` (${ids.catalog.period(v.period)?.name ?? v.period})`}${v.live ? ', live' : ''}`,
        short_description: def?.name ?? v.market,
        period_id: ids.periodId(v.period, v.live),
        live_variant_id: liveId,
        live: v.live,
        sports: sportIds,
        updated_at: CATALOG_TIME,
      });
    }
    return { markets: [...out.values()] };
  };

  return [
    ...routes(deps, '/sports', sports, { open: true }),
    ...routes(deps, '/affiliates', affiliates, { open: true }),
    ...routes(deps, '/sportsbooks', affiliates, { open: true }),
    ...routes(deps, '/markets', markets),
  ];
}
