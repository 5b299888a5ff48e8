// The REST API (spec §5): live fallback (the same documents the socket sends), prematch matches
// in the same shape, and sport icons. Every keyed response carries X-RateLimit-* headers; errors
// use the `{ok:false,error:{code,message}}` envelope.
import type { DialectDeps } from '../../seam/core.js';
import type { HttpRequest, HttpResponse, Route } from '../../seam/http.js';
import type { TickOddsConfig } from './config.js';
import { EventDoc } from './document.js';
import { errorBody } from './frames.js';
import { isLive } from './labels.js';
import type { LiveBook } from './live-book.js';
import { RestMeter } from './rate.js';
import { LIVE_REQUIRED } from './stream.js';
import { DIALECT, type Tier, tierOf } from './tiers.js';
import { fixtureIdOf, type SportRef, type Vocab } from './vocab.js';

/** Sports only paid plans get (spec §3.5). */
const HEADLINE = new Set(['soccer', 'basketball', 'american_football', 'baseball', 'tennis']);

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };
const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

type Headers = Record<string, string>;
type Keyed = { ok: true; tier: Tier; headers: Headers } | { ok: false; res: HttpResponse };

const fail = (
  status: number,
  code: string,
  message: string,
  headers: Headers = {},
): HttpResponse => ({
  status,
  headers,
  body: errorBody(code, message),
});

export function restRoutes(
  deps: DialectDeps,
  config: TickOddsConfig,
  vocab: Vocab,
  book: LiveBook,
): Route[] {
  const meter = new RestMeter(deps.clock);
  const meta = () => ({ timestamp: iso(deps.clock()) });
  const ok = (
    data: unknown,
    headers: Headers,
    extra: Record<string, unknown> = {},
  ): HttpResponse => ({
    status: 200,
    headers,
    body: { ok: true, data, meta: meta(), ...extra },
  });

  /** Key, plan and meter; WebSocket traffic never passes here, so it never counts (check 29). */
  const keyed = (req: HttpRequest, live: boolean): Keyed => {
    const header = req.headers['x-api-key'];
    const key = (Array.isArray(header) ? header[0] : header) ?? req.query.get('apiKey');
    const auth = deps.access.authenticate(key, `${DIALECT}:rest`);
    if (!auth.ok) {
      return auth.reason === 'forbidden'
        ? { ok: false, res: fail(403, 'FORBIDDEN', 'Plan does not include this endpoint') }
        : { ok: false, res: fail(401, 'UNAUTHORIZED', 'Missing or invalid API key') };
    }
    const tier = tierOf(auth.plan, config);
    const v = meter.take(auth.principal.keyId, tier.limits.perMinute, tier.limits.daily);
    if (!v.ok) {
      const headers = {
        'x-ratelimit-limit': String(v.limit),
        'x-ratelimit-remaining': '0',
        'retry-after': String(v.retryAfter),
      };
      const message = v.code === 'DAILY_CAP' ? 'Daily request cap reached' : 'Too many requests';
      return { ok: false, res: fail(429, v.code, message, headers) };
    }
    const headers = {
      'x-ratelimit-limit': String(v.limit),
      'x-ratelimit-remaining': String(v.remaining),
    };
    if (live && !tier.limits.live) {
      return { ok: false, res: fail(403, 'FORBIDDEN', LIVE_REQUIRED, headers) };
    }
    return { ok: true, tier, headers };
  };

  const sportAllowed = (tier: Tier, sport: SportRef) =>
    tier.limits.headline || !HEADLINE.has(sport.id);
  const notInPlan = (sport: SportRef, headers: Headers) =>
    fail(403, 'SPORT_NOT_IN_PLAN', `${sport.name} is not in your plan`, headers);

  /** `?sport=` by name or id; undefined: no filter; null: a sport we do not know. */
  const sportParam = (req: HttpRequest): SportRef | null | undefined => {
    const raw = req.query.get('sport');
    if (raw === null || raw === '') return undefined;
    return vocab.lookup(raw) ?? null;
  };

  const liveEvents = (req: HttpRequest): HttpResponse => {
    const k = keyed(req, true);
    if (!k.ok) return k.res;
    const sport = sportParam(req);
    const docs = book.live().filter((d) => sport === undefined || d.sport === sport);
    return ok(sport === null ? [] : docs.map((d) => d.toView()), k.headers);
  };

  const liveEvent = (req: HttpRequest): HttpResponse => {
    const k = keyed(req, true);
    if (!k.ok) return k.res;
    const doc = book.byFixtureId(req.params['fixtureId'] ?? '');
    if (!doc) return fail(404, 'NOT_FOUND', 'Fixture is not live', k.headers);
    // The socket's own bytes: the same document the last frame carried.
    const body = `{"ok":true,"data":${doc.toJson()},"meta":${JSON.stringify(meta())}}`;
    return { status: 200, headers: { ...k.headers, ...JSON_TYPE }, body };
  };

  const liveSports = (req: HttpRequest): HttpResponse => {
    const k = keyed(req, true);
    if (!k.ok) return k.res;
    const counts = new Map<SportRef, number>();
    for (const d of book.live()) counts.set(d.sport, (counts.get(d.sport) ?? 0) + 1);
    const data = [...counts].map(([s, n]) => ({ id: s.id, name: s.name, liveCount: n }));
    return ok(data, k.headers);
  };

  const liveStatus = (req: HttpRequest): HttpResponse => {
    const k = keyed(req, true);
    if (!k.ok) return k.res;
    const last = book.lastUpdateAt();
    return ok(
      { status: 'ok', eventCount: book.live().length, lastUpdate: last > 0 ? iso(last) : null },
      k.headers,
    );
  };

  /** A prematch (or live) document built from current state, in the live shape. */
  const docOf = (eventId: string): EventDoc | null => {
    const snap = deps.reader.snapshot({ events: [eventId], books: [config.book] });
    const e = snap.events[0];
    const sport = e && vocab.sport(e.sport);
    const league = e && deps.catalog.league(e.league);
    if (!e || !sport || !league) return null;
    const doc = new EventDoc(e, sport, league, vocab, deps.clock());
    let at = 0;
    for (const q of snap.quotes) {
      doc.apply(q.key, q.value, q.value.receivedAt);
      at = Math.max(at, q.value.receivedAt);
    }
    doc.updatedAt = at || deps.clock();
    return doc;
  };

  const matches = (req: HttpRequest): HttpResponse => {
    const k = keyed(req, false);
    if (!k.ok) return k.res;
    const q = req.query;
    const page = Number(q.get('page') ?? '1');
    const size = Number(q.get('pageSize') ?? String(config.pageSize));
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(size) || size < 1) {
      return fail(400, 'BAD_REQUEST', 'page and pageSize must be positive integers', k.headers);
    }
    // Larger pages are clamped, not refused (spec §6 check 27, INFERRED).
    const pageSize = Math.min(size, config.maxPageSize);
    const sport = sportParam(req);
    if (sport && !sportAllowed(k.tier, sport)) return notInPlan(sport, k.headers);
    const day = (name: string) => {
      const v = q.get(name);
      return v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(`${v}T00:00:00Z`) : undefined;
    };
    const from = day('dateFrom');
    const to = day('dateTo');
    const upcoming = q.get('upcoming') === '1' || q.get('upcoming') === 'true';
    const now = deps.clock();
    const events =
      sport === null
        ? []
        : deps.reader
            .events(sport ? { sports: [sport.canonical] } : {})
            .filter((e) => {
              const s = vocab.sport(e.sport);
              if (!s || !sportAllowed(k.tier, s)) return false;
              if (from !== undefined && e.startsAt < from) return false;
              if (to !== undefined && e.startsAt >= to + 86_400_000) return false;
              if (upcoming && (e.status !== 'scheduled' || e.startsAt < now)) return false;
              return e.status === 'scheduled' || isLive(e);
            })
            .sort((a, b) => a.startsAt - b.startsAt || (a.id < b.id ? -1 : 1));
    const slice = events.slice((page - 1) * pageSize, page * pageSize);
    const data = slice.flatMap((e) => docOf(e.id)?.summary() ?? []);
    return ok(data, k.headers, { pagination: { page, pageSize, total: events.length } });
  };

  /** Fixture ids are hashes: the reverse is a scan of current events (REST only). */
  const match = (req: HttpRequest): HttpResponse => {
    const k = keyed(req, false);
    if (!k.ok) return k.res;
    const id = req.params['fixtureId'] ?? '';
    const live = book.byFixtureId(id);
    const e = live ? live.event : deps.reader.events({}).find((x) => fixtureIdOf(x.id) === id);
    const doc = e ? (live ?? docOf(e.id)) : null;
    if (!doc) return fail(404, 'NOT_FOUND', 'Fixture not found', k.headers);
    if (!sportAllowed(k.tier, doc.sport)) return notInPlan(doc.sport, k.headers);
    return ok(doc.toView(), k.headers);
  };

  const sports = (req: HttpRequest): HttpResponse => {
    const k = keyed(req, false);
    if (!k.ok) return k.res;
    const data = vocab.allSports().map((s) => ({
      id: s.id,
      name: s.name,
      slug: s.id,
      icon: s.icon,
      competitionCount: deps.catalog.leaguesOf(s.canonical)?.length ?? 0,
    }));
    return ok(data, k.headers);
  };

  /** Static, no key (spec §5.5): a plain badge per sport. */
  const icon = (req: HttpRequest): HttpResponse => {
    const file = req.params['file'] ?? '';
    const s = vocab.allSports().find((x) => x.icon === `/icons/sports/${file}`);
    if (!s) return fail(404, 'NOT_FOUND', 'Icon not found');
    const letter = s.name.charAt(0);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32"><title>${s.name}</title><circle cx="16" cy="16" r="15" fill="#1f6f43"/><text x="16" y="21" font-size="14" text-anchor="middle" fill="#fff" font-family="sans-serif">${letter}</text></svg>`;
    return {
      status: 200,
      headers: { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' },
      body: svg,
    };
  };

  return [
    { method: 'GET', path: '/api/v1/live/events', handler: liveEvents },
    { method: 'GET', path: '/api/v1/live/events/:fixtureId', handler: liveEvent },
    { method: 'GET', path: '/api/v1/live/sports', handler: liveSports },
    { method: 'GET', path: '/api/v1/live/status', handler: liveStatus },
    { method: 'GET', path: '/api/v1/matches', handler: matches },
    { method: 'GET', path: '/api/v1/matches/:fixtureId', handler: match },
    { method: 'GET', path: '/api/v1/sports', handler: sports },
    { method: 'GET', path: '/icons/sports/:file', handler: icon },
  ];
}
