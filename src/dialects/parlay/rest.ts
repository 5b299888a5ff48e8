// The REST endpoints a streaming client touches (spec §5): the sports list (open, with ETag),
// a sport's events (whose `id` is the stream's `event_id`, so the two surfaces join) and usage.
// Every `/v1/...` path also answers under `/v4/...` (the-odds-api compatibility).
import { createHash } from 'node:crypto';
import { isInPlay } from '../../model/types.js';
import type { DialectDeps, Plan } from '../../seam/core.js';
import { type HttpRequest, type HttpResponse, json, type Route } from '../../seam/http.js';
import type { Principal } from '../../seam/request.js';
import { DIALECT, envelope, tierOf } from './admission.js';
import type { Events } from './events.js';
import { edgesHandler } from './rest-edges.js';
import { oddsHandler } from './rest-odds.js';
import type { Vocab } from './vocab.js';
import { eventIdOf } from './vocab.js';

const first = (v: string | string[] | undefined) =>
  (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

/** Headers win over the query (spec §5). */
function keyOf(req: HttpRequest): string | undefined {
  const auth = first(req.headers.authorization);
  return (
    first(req.headers['x-api-key']) ??
    (auth?.startsWith('Bearer ') ? auth.slice(7).trim() || undefined : undefined) ??
    (req.query.get('apiKey') || undefined) ??
    (req.query.get('api_key') || undefined)
  );
}

interface Who {
  plan: Plan;
  principal: Principal;
}

const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

export function restRoutes(deps: DialectDeps, vocab: Vocab, eventsCache: Events): Route[] {
  const guard = (req: HttpRequest, then: (tier: string, who: Who) => HttpResponse) => {
    const r = deps.access.authenticate(keyOf(req), `${DIALECT}:rest`);
    if (r.ok) return then(tierOf(r.plan), r);
    if (r.reason === 'missing')
      return json(401, envelope('missing_api_key', 'An API key is required'));
    if (r.reason === 'forbidden')
      return json(403, envelope('forbidden', 'This key may not use the Parlay API'));
    return json(401, envelope('invalid_api_key', 'Invalid API key'));
  };

  const sports = (req: HttpRequest): HttpResponse => {
    const all = ['true', '1'].includes(req.query.get('all') ?? '');
    const body = vocab
      .sports()
      .map((s) => ({
        key: s.key,
        group: s.group,
        title: s.title,
        description: `${s.group} (${s.title})`,
        active: deps.reader.events({ leagues: [s.league] }).length > 0,
        has_outrights: false,
      }))
      .filter((s) => all || s.active);
    const text = JSON.stringify(body);
    const etag = `W/"${createHash('sha1').update(text).digest('hex').slice(0, 20)}"`;
    const headers = { etag, 'cache-control': 'public, max-age=3600', 'x-credits-cost': '0' };
    if (first(req.headers['if-none-match']) === etag) return { status: 304, headers };
    return { status: 200, headers: { ...headers, 'content-type': 'application/json' }, body: text };
  };

  const events = (req: HttpRequest) =>
    guard(req, () => {
      const sportKey = req.params['sport'] ?? '';
      const league = vocab.league(sportKey);
      if (league === undefined)
        return json(404, envelope('unknown_sport', `Unknown sport ${sportKey}`));
      const ids = req.query
        .get('eventIds')
        ?.split(',')
        .filter((x) => x !== '');
      const list = deps.reader
        .events({ leagues: [league] })
        .filter((e) => e.status === 'scheduled' || isInPlay(e.status))
        .map((e) => ({
          id: eventIdOf(e),
          sport_key: sportKey,
          sport_title: vocab.catalog.league(league)?.name ?? sportKey,
          commence_time: iso(e.startsAt),
          home_team: e.home.name,
          away_team: e.away.name,
        }))
        .filter((e) => !ids || ids.includes(e.id))
        .sort((a, b) => a.commence_time.localeCompare(b.commence_time) || a.id.localeCompare(b.id));
      return json(200, list, { 'x-credits-cost': '0' });
    });

  const usage = (req: HttpRequest) =>
    guard(req, (tier, r) => {
      const u = deps.credits.usage(r.principal);
      return json(200, {
        tier,
        credits_used: u ? u.used : 0,
        credits_remaining: u ? u.remaining : null,
        credits_total: u ? u.limit : null,
      });
    });

  const odds = oddsHandler(deps, vocab);
  const both = (path: string, handler: Route['handler']): Route[] => [
    { method: 'GET', path: `/v1${path}`, handler },
    { method: 'GET', path: `/v4${path}`, handler },
  ];
  return [
    ...both('/sports', sports),
    ...both('/sports/:sport/events', events),
    ...both('/usage', usage),
    ...both('/sports/:sport/odds', (req) => guard(req, () => odds(req))),
    ...(['ev', 'arbitrage', 'middles', 'best-bets'] as const).flatMap((kind) => {
      const edges = edgesHandler(deps, vocab, eventsCache, kind);
      return both(`/sports/:sport/${kind}`, (req) => guard(req, () => edges(req)));
    }),
  ];
}
