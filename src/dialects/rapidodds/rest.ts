// REST endpoints the stream mirrors (spec §5): the odds snapshot in the push's `data` shape,
// the sport directory, the credit balance, and the results (results-rest.ts). Errors are `{"detail": ...}`.
import { type Bucket, fullBucket, take } from '../../limits/token-bucket.js';
import type { DialectDeps, Plan } from '../../seam/core.js';
import type { Principal } from '../../seam/dialect.js';
import { type HttpRequest, type HttpResponse, json, type Route } from '../../seam/http.js';
import { authenticateKey, filterOf } from './access.js';
import type { RapidOddsConfig } from './config.js';
import { insufficientCreditsMessage, unknownSportMessage } from './frames.js';
import { buildOdds } from './odds.js';
import { resultsRoutes } from './results-rest.js';
import type { ResultsView } from './results-view.js';
import type { SportRef, Vocab } from './vocab.js';

const REST = 'rapidodds:rest';

type Admitted = { ok: true; principal: Principal; plan: Plan } | { ok: false; res: HttpResponse };

const detail = (status: number, text: unknown): HttpResponse => json(status, { detail: text });

/** FastAPI's answer for a missing required query parameter. */
const missing = (names: string[]): HttpResponse =>
  detail(
    422,
    names.map((n) => ({ loc: ['query', n], msg: 'field required', type: 'value_error.missing' })),
  );

/** A token bucket per key (keys are authenticated first, so the map holds only real keys). */
class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perSecond: number,
    private readonly clock: () => number,
  ) {}

  take(keyId: string): boolean {
    const now = this.clock();
    const b = this.buckets.get(keyId) ?? fullBucket(this.perSecond, now);
    this.buckets.set(keyId, b);
    return take(b, this.perSecond, now);
  }
}

export function restRoutes(
  deps: DialectDeps,
  config: RapidOddsConfig,
  vocab: Vocab,
  view: ResultsView,
): Route[] {
  const limiter = new RateLimiter(config.restRequestsPerSecond, deps.clock);

  /** Authenticates and rate-limits; a response means the request stops there. */
  const admit = (req: HttpRequest): Admitted => {
    const { result } = authenticateKey(deps.access, req.query.get('api_key'), REST);
    if (!result.ok) {
      if (result.reason === 'missing' || result.reason === 'unknown') {
        return { ok: false, res: detail(401, 'Invalid API key.') };
      }
      return { ok: false, res: detail(403, 'Subscription is not active.') };
    }
    if (!limiter.take(result.principal.keyId)) {
      const text = `Rate limit exceeded. Maximum ${config.restRequestsPerSecond} requests per second.`;
      return { ok: false, res: detail(429, text) };
    }
    return { ok: true, principal: result.principal, plan: result.plan };
  };

  const sportInfo = (sport: SportRef, markets: boolean) => ({
    id: sport.id,
    name: sport.id,
    ...(markets ? { markets: vocab.marketGroups(sport) } : {}),
  });

  const odds = (req: HttpRequest): HttpResponse => {
    const a = admit(req);
    if (!a.ok) return a.res;
    const principal = a.principal;
    const marketTypes = req.query.getAll('market_type').filter((s) => s !== '');
    const bookmakers = req.query.getAll('bookmaker').filter((s) => s !== '');
    const absent = [
      ...(marketTypes.length === 0 ? ['market_type'] : []),
      ...(bookmakers.length === 0 ? ['bookmaker'] : []),
    ];
    if (absent.length > 0) return missing(absent);
    const name = req.params['sport_id'] ?? '';
    const sport = vocab.sport(name);
    if (!sport) return detail(404, unknownSportMessage(name));
    const sel = vocab.select(sport, bookmakers, marketTypes);
    const filter = filterOf(sel);
    const snap = filter ? deps.reader.snapshot(filter) : { events: [], quotes: [] };
    const data = buildOdds(sel, snap.events, snap.quotes, vocab.catalog, config.priceDecimals);
    // Charged only when games come back (spec §3.2).
    if (data.games.length > 0 && !deps.credits.charge(principal, sel.cost)) {
      const balance = deps.credits.balance(principal);
      return detail(429, insufficientCreditsMessage(sel.cost, balance, 'request'));
    }
    return json(200, data);
  };

  const sports = (req: HttpRequest): HttpResponse => {
    const a = admit(req);
    if (!a.ok) return a.res;
    const markets = req.query.get('markets') === 'true';
    const one = req.query.get('sport');
    if (one !== null) {
      const sport = vocab.sport(one);
      return sport ? json(200, sportInfo(sport, markets)) : detail(404, unknownSportMessage(one));
    }
    const all = vocab.sportIds().map((id) => vocab.sport(id)!);
    return json(
      200,
      all.map((s) => sportInfo(s, markets)),
    );
  };

  const usage = (req: HttpRequest): HttpResponse => {
    const a = admit(req);
    if (!a.ok) return a.res;
    const plan = a.plan;
    const tier = (plan.tiers['rapidodds'] ?? plan.name).toLowerCase();
    const u = deps.credits.usage(a.principal);
    return json(200, {
      tier,
      status: 'active',
      // Unmetered plans have no limit; JSON has no Infinity, so the counts are null.
      credits_used: u ? u.used : 0,
      credits_limit: u ? u.limit : null,
      credits_remaining: u ? Math.floor(u.remaining) : null,
      resets: false,
    });
  };

  return [
    { method: 'GET', path: '/sports/:sport_id/markets', handler: odds },
    { method: 'GET', path: '/sports', handler: sports },
    { method: 'GET', path: '/usage', handler: usage },
    ...resultsRoutes(deps, admit, vocab, view),
  ];
}
