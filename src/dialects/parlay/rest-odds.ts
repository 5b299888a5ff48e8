// `GET /v1/sports/{sport}/odds` (spec §5.2): the-odds-api's event list, built from the same rows
// as the stream, so REST and stream prices agree. `markets` defaults to `h2h`; `oddsFormat`
// `decimal` (default) or `american`; `bookmakers` and `eventIds` narrow.
import type { DialectDeps } from '../../seam/core.js';
import type { HttpRequest, HttpResponse } from '../../seam/http.js';
import { json } from '../../seam/http.js';
import { envelope } from './admission.js';
import { type Row, rowOf } from './rows.js';
import type { Vocab } from './vocab.js';

interface Outcome {
  name: string;
  price: number;
  point?: number;
  description?: string;
}

const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
const csv = (q: URLSearchParams, name: string) =>
  q
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');

export function oddsHandler(deps: DialectDeps, vocab: Vocab) {
  return (req: HttpRequest): HttpResponse => {
    const sportKey = req.params['sport'] ?? '';
    const league = vocab.league(sportKey);
    if (league === undefined)
      return json(404, envelope('unknown_sport', `Unknown sport ${sportKey}`));
    const format = req.query.get('oddsFormat') ?? 'decimal';
    if (format !== 'decimal' && format !== 'american')
      return json(422, {
        detail: [
          { loc: ['query', 'oddsFormat'], msg: 'use decimal or american', type: 'value_error' },
        ],
      });
    const markets = new Set(csv(req.query, 'markets').length ? csv(req.query, 'markets') : ['h2h']);
    const books = csv(req.query, 'bookmakers');
    const eventIds = new Set(csv(req.query, 'eventIds'));
    const snap = deps.reader.snapshot({
      leagues: [league],
      ...(books.length ? { books: books.map((b) => vocab.book(b)) } : {}),
    });
    const events = new Map(snap.events.map((e) => [e.id, e]));
    const rows = new Map<string, Row[]>();
    for (const q of snap.quotes) {
      const event = events.get(q.key.event);
      if (!event || q.value.price === null || q.value.status !== 'open') continue;
      const row = rowOf(vocab, event, q.key, q.value, null);
      if (!row || !markets.has(row.market_key)) continue;
      if (eventIds.size > 0 && !eventIds.has(row.event_id)) continue;
      const list = rows.get(event.id) ?? [];
      list.push(row);
      rows.set(event.id, list);
    }
    const now = deps.clock();
    const body = [...rows].map(([id, list]) => {
      const e = events.get(id)!;
      const byBook = new Map<string, Row[]>();
      for (const r of list) byBook.set(r.bookmaker, [...(byBook.get(r.bookmaker) ?? []), r]);
      return {
        id: list[0]!.event_id,
        sport_key: sportKey,
        sport_title: vocab.catalog.league(league)?.name ?? sportKey,
        commence_time: iso(e.startsAt),
        home_team: e.home.name,
        away_team: e.away.name,
        canonical_event_id: e.id,
        bookmakers: [...byBook].map(([key, bookRows]) => {
          const latest = Math.max(...bookRows.map((r) => r.last_update));
          const byMarket = new Map<string, Row[]>();
          for (const r of bookRows)
            byMarket.set(r.market_key, [...(byMarket.get(r.market_key) ?? []), r]);
          return {
            key,
            title: vocab.catalog.book(vocab.book(key))?.name ?? key,
            last_update: iso(latest),
            last_update_ms: latest,
            stale_seconds: Math.max(0, (now - latest) / 1000),
            markets: [...byMarket].map(([mk, mRows]) => ({
              key: mk,
              last_update: iso(Math.max(...mRows.map((r) => r.last_update))),
              outcomes: mRows.map((r): Outcome => {
                const o: Outcome = {
                  name: r.outcome,
                  price: format === 'american' ? r.price_american : r.price_decimal,
                };
                if (r.line !== null) o.point = r.line;
                if (r.player !== null) o.description = r.player;
                return o;
              }),
            })),
          };
        }),
      };
    });
    return json(200, body, { 'x-credits-cost': String(markets.size) });
  };
}
