// `GET /results/sports` (free) and `GET /results/{sport}` (1 credit when games come back),
// spec §5.4. Errors are `{"detail": ...}` like the other REST routes.
import type { DialectDeps, Plan } from '../../seam/core.js';
import type { Principal } from '../../seam/dialect.js';
import { type HttpRequest, type HttpResponse, json, type Route } from '../../seam/http.js';
import { insufficientCreditsMessage, unknownSportMessage } from './frames.js';
import { parseInclude, parseStatus, RESULTS_INCLUDES, type ResultsQuery } from './results.js';
import { RESULTS_CREDITS } from './results-stream.js';
import type { ResultsView } from './results-view.js';
import type { Vocab } from './vocab.js';

export type Admit = (
  req: HttpRequest,
) => { ok: true; principal: Principal; plan: Plan } | { ok: false; res: HttpResponse };

const detail = (status: number, text: string): HttpResponse => json(status, { detail: text });

/** The query of `GET /results/{sport}`; a response when it is malformed. */
export function resultsQuery(
  q: URLSearchParams,
): { ok: true; query: ResultsQuery } | { ok: false; res: HttpResponse } {
  const statusText = q.get('status') ?? 'all';
  const status = parseStatus(statusText);
  if (status === undefined) {
    return { ok: false, res: detail(400, `Invalid status value: ${statusText.slice(0, 40)}.`) };
  }
  const includeText = q.get('include');
  const values =
    includeText === null
      ? [...RESULTS_INCLUDES]
      : includeText
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
  const include = parseInclude(values);
  if (!include.ok) {
    const bad = include.bad.join(', ').slice(0, 100);
    return { ok: false, res: detail(400, `Invalid include value(s): ${bad}.`) };
  }
  const query: ResultsQuery = { status, include: include.include };
  const days = q.get('days');
  if (days !== null) {
    const n = Number(days);
    if (!/^\d{1,4}$/.test(days) || n < 1) {
      return { ok: false, res: detail(400, 'days must be a positive integer.') };
    }
    query.days = n;
  }
  const gameId = q.get('game_id');
  if (gameId !== null) query.gameId = gameId;
  const round = q.get('round');
  if (round !== null) query.round = round;
  return { ok: true, query };
}

export function resultsRoutes(
  deps: DialectDeps,
  admit: Admit,
  vocab: Vocab,
  view: ResultsView,
): Route[] {
  const sports = (req: HttpRequest): HttpResponse => {
    const a = admit(req);
    if (!a.ok) return a.res;
    return json(
      200,
      vocab.sportIds().map((id) => ({ id, name: id })),
    );
  };

  const results = (req: HttpRequest): HttpResponse => {
    const a = admit(req);
    if (!a.ok) return a.res;
    const name = req.params['sport'] ?? '';
    const sport = vocab.sport(name);
    if (!sport) return detail(404, unknownSportMessage(name));
    const q = resultsQuery(req.query);
    if (!q.ok) return q.res;
    const data = view.payload(sport, q.query);
    // Charged only when games come back (SDK).
    if (data.games.length > 0 && !deps.credits.charge(a.principal, RESULTS_CREDITS)) {
      const balance = deps.credits.balance(a.principal);
      return detail(429, insufficientCreditsMessage(RESULTS_CREDITS, balance, 'request'));
    }
    return json(200, data);
  };

  return [
    { method: 'GET', path: '/results/sports', handler: sports },
    { method: 'GET', path: '/results/:sport', handler: results },
  ];
}
