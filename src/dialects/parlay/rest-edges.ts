// Parlay's edge endpoints (spec §5.3): `GET /v1/sports/{sport}/ev`, `/arbitrage`, `/middles` and
// `/best-bets`, served from the analytics' open alerts (docs/analytics.md). The spec names the
// endpoints but not their bodies (INFERRED): each item speaks the stream row's vocabulary
// (`event_id`, `bookmaker`, `market_key`, `outcome`, `price_american`, `price_decimal`, `line`),
// so a client joins it to the odds it already holds. `bookmakers`, `eventIds` and `markets` narrow
// as on `/odds`; an item is kept when it rests on one of the bookmakers.
import type { Alert, ArbAlert, EvAlert, MiddleAlert, QuoteRef } from '../../analytics/types.js';
import { decimalToAmerican } from '../../model/odds.js';
import type { SportEvent } from '../../model/types.js';
import type { DialectDeps } from '../../seam/core.js';
import { type HttpRequest, type HttpResponse, json } from '../../seam/http.js';
import { envelope } from './admission.js';
import type { Events } from './events.js';
import { rowOf } from './rows.js';
import type { Vocab } from './vocab.js';

const csv = (q: URLSearchParams, name: string) =>
  q
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');

const round = (x: number, digits: number) => Number(x.toFixed(digits));

/** What every item starts with: the event and market as the stream's rows name them. */
interface Head {
  sport_key: string;
  event_id: string;
  home_team: string;
  away_team: string;
  commence_time: string;
  market_key: string;
  market: string | null;
}

interface Leg {
  bookmaker: string;
  outcome: string;
  player: string | null;
  line: number | null;
  price_american: number;
  price_decimal: number;
}

export type EdgeKind = 'ev' | 'arbitrage' | 'middles' | 'best-bets';

export function edgesHandler(deps: DialectDeps, vocab: Vocab, events: Events, kind: EdgeKind) {
  /** A leg of an alert as a row names it; null when the catalog has no Parlay key for it. */
  const legOf = (a: Alert, e: SportEvent, q: QuoteRef): (Head & Leg) | null => {
    const key = {
      event: a.event,
      market: a.market,
      period: a.period,
      book: q.book,
      selection: q.selection,
      line: q.line,
    };
    const price = {
      decimal: q.decimal,
      ...(q.american === undefined ? {} : { american: q.american }),
    };
    const value = { price, status: 'open' as const, main: true, sourceAt: a.at, receivedAt: a.at };
    const r = rowOf(vocab, e, key, value, null);
    if (!r) return null;
    return {
      sport_key: r.sport_key,
      event_id: r.event_id,
      home_team: r.home_team,
      away_team: r.away_team,
      commence_time: r.commence_time,
      market_key: r.market_key,
      market: r.market,
      bookmaker: r.bookmaker,
      outcome: r.outcome,
      player: r.player,
      line: r.line,
      price_american: r.price_american,
      price_decimal: r.price_decimal,
    };
  };

  const split = (x: Head & Leg): { head: Head; leg: Leg } => {
    const { sport_key, event_id, home_team, away_team, commence_time, market_key, market } = x;
    const head = { sport_key, event_id, home_team, away_team, commence_time, market_key, market };
    const { bookmaker, outcome, player, line, price_american, price_decimal } = x;
    return { head, leg: { bookmaker, outcome, player, line, price_american, price_decimal } };
  };

  const ev = (a: EvAlert, e: SportEvent) => {
    const x = legOf(a, e, a.quote);
    if (!x) return null;
    return {
      ...x,
      fair_probability: round(a.fairProbability, 4),
      fair_price_american: Math.round(decimalToAmerican(a.fairDecimal)),
      edge_pct: round(a.edge * 100, 2),
      kelly_fraction: round(a.kelly, 4),
      detected_at: a.at,
    };
  };

  /** Legs with their stakes (and thresholds, for middles), under one head. */
  const staked = (a: ArbAlert | MiddleAlert, e: SportEvent) => {
    let head: Head | null = null;
    const legs: (Leg & { stake: number; threshold?: number })[] = [];
    for (const l of a.legs) {
      const x = legOf(a, e, l);
      if (!x) return null;
      const s = split(x);
      head ??= s.head;
      legs.push({
        ...s.leg,
        stake: round(l.stake, 2),
        ...('threshold' in l ? { threshold: l.threshold } : {}),
      });
    }
    return head ? { head, legs } : null;
  };

  const arb = (a: ArbAlert, e: SportEvent) => {
    const s = staked(a, e);
    if (!s) return null;
    return {
      ...s.head,
      profit_pct: round(a.profitShare * 100, 2),
      implied_sum: round(a.impliedSum, 4),
      bankroll: a.bankroll,
      payout: round(a.payout, 2),
      legs: s.legs,
      detected_at: a.at,
    };
  };

  const middle = (a: MiddleAlert, e: SportEvent) => {
    const s = staked(a, e);
    if (!s) return null;
    return {
      ...s.head,
      width: a.width,
      cost_pct: round(a.cost * 100, 2),
      bankroll: a.bankroll,
      miss_payout: round(a.missPayout, 2),
      hit_payout: round(a.hitPayout, 2),
      legs: s.legs,
      detected_at: a.at,
    };
  };

  return (req: HttpRequest): HttpResponse => {
    const sportKey = req.params['sport'] ?? '';
    const league = vocab.league(sportKey);
    if (league === undefined)
      return json(404, envelope('unknown_sport', `Unknown sport ${sportKey}`));
    if (!deps.alerts)
      return json(404, envelope('not_available', 'Analytics are off on this server'));
    const books = new Set(csv(req.query, 'bookmakers'));
    const eventIds = new Set(csv(req.query, 'eventIds'));
    const markets = new Set(csv(req.query, 'markets'));
    const wanted = kind === 'arbitrage' ? 'arb' : kind === 'middles' ? 'middle' : 'ev';
    const items: Record<string, unknown>[] = [];
    for (const { alert: a } of deps.alerts.open().alerts) {
      if (a.kind !== wanted || a.league !== league) continue;
      const e = events.lookup(a.event);
      if (!e) continue;
      const item =
        a.kind === 'ev'
          ? ev(a, e)
          : a.kind === 'arb'
            ? arb(a, e)
            : a.kind === 'middle'
              ? middle(a, e)
              : null;
      if (!item) continue;
      if (eventIds.size > 0 && !eventIds.has(item.event_id)) continue;
      if (markets.size > 0 && !markets.has(item.market_key)) continue;
      const legs: { bookmaker: string }[] = 'legs' in item ? item.legs : [item as Leg];
      if (books.size > 0 && !legs.some((l) => books.has(l.bookmaker))) continue;
      items.push(item);
    }
    const by =
      (k: string, dir: 1 | -1) => (x: Record<string, unknown>, y: Record<string, unknown>) =>
        dir * ((x[k] as number) - (y[k] as number)) ||
        String(x['event_id']).localeCompare(String(y['event_id'])) ||
        String(x['market_key']).localeCompare(String(y['market_key']));
    if (kind === 'middles') items.sort(by('cost_pct', 1));
    else items.sort(by(kind === 'arbitrage' ? 'profit_pct' : 'edge_pct', -1));
    if (kind !== 'best-bets') return json(200, items, { 'x-credits-cost': '1' });
    // The best book for each +EV side: one bet per (event, market, line, outcome), best edge first.
    const seen = new Set<string>();
    const best = items.filter((i) => {
      const k = `${i['event_id']}|${i['market_key']}|${i['line']}|${i['outcome']}|${i['player']}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    const limit = Number(req.query.get('limit') ?? 20);
    const n = Number.isInteger(limit) && limit > 0 ? Math.min(limit, 100) : 20;
    return json(200, best.slice(0, n), { 'x-credits-cost': '1' });
  };
}
