// The odds payload: the REST response of `GET /sports/{sport}/markets` and the `data` of every
// `odds_update`, built by one pure function so the two are equal by construction.
import type { CatalogIndex } from '../../catalog/index.js';
import { roundDecimal } from '../../model/odds.js';
import type { EventStatus, Quote, SportEvent } from '../../model/types.js';
import type { MarketRef, Selection } from './vocab.js';

export interface Outcome {
  name: string;
  price: number;
  point?: number;
  player_name?: string;
  team_name?: string;
}

export interface MarketOdds {
  key: string;
  outcomes: Outcome[];
}

export interface BookmakerOdds {
  name: string;
  last_update: string;
  markets: MarketOdds[];
}

export interface GameOdds {
  game: { commence_time: string; home_team: string; away_team: string; game_url: null };
  bookmakers: BookmakerOdds[];
}

export interface OddsPayload {
  sport: string;
  games: GameOdds[];
}

/** Games a client can still bet on; ended, cancelled and postponed games leave the list. */
const LISTED: ReadonlySet<EventStatus> = new Set(['scheduled', 'live', 'break', 'suspended']);

export function isListed(status: EventStatus): boolean {
  return LISTED.has(status);
}

/** Naive UTC, seconds precision: `2026-07-04T17:05:00`. */
export function naiveSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** Naive UTC, six fraction digits: `2026-07-04T16:40:12.518000`. */
export function naiveMicros(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}000`;
}

const SIDE_RANK: Record<string, number> = { home: 0, over: 1, yes: 2, draw: 3, away: 4, under: 5 };

interface Shaped {
  outcome: Outcome;
  group: string;
  side: number;
  line: number;
}

function participant(event: SportEvent, side: string): string | undefined {
  if (side === 'home') return event.home.name;
  if (side === 'away') return event.away.name;
  return undefined;
}

/** The outcome of one quote, shaped by its market kind (spec §4.4); null if it has no shape. */
function shape(
  q: Quote,
  m: MarketRef,
  event: SportEvent,
  catalog: CatalogIndex,
  decimals: number,
): Shaped | null {
  const decimal = q.value.price?.decimal;
  if (decimal === undefined) return null;
  const price = roundDecimal(decimal, decimals);
  const sel = q.key.selection;
  const line = q.key.line;
  /** Fields in the vendor's order: name, price, point, then player_name or team_name. */
  const at = (name: string, extra: Partial<Outcome>, group: string, side: string): Shaped => ({
    outcome: { name, price, ...(line === null ? {} : { point: line }), ...extra },
    group,
    side: SIDE_RANK[side] ?? 9,
    line: line ?? 0,
  });
  switch (m.kind) {
    case 'moneyline':
    case 'three_way':
    case 'spread': {
      const name = sel === 'draw' ? 'Draw' : participant(event, sel);
      return name === undefined ? null : at(name, {}, '', sel);
    }
    case 'total':
      if (sel !== 'over' && sel !== 'under') return null;
      return at(sel === 'over' ? 'Over' : 'Under', {}, '', sel);
    case 'team_total': {
      const [team, side] = sel.split('.');
      const teamName = team === undefined ? undefined : participant(event, team);
      if (teamName === undefined || (side !== 'over' && side !== 'under')) return null;
      return at(side === 'over' ? 'Over' : 'Under', { team_name: teamName }, team!, side);
    }
    case 'player_prop': {
      const dot = sel.lastIndexOf('.');
      const side = dot < 0 ? 'yes' : sel.slice(dot + 1);
      const player = dot < 0 ? sel : sel.slice(0, dot);
      if (side !== 'over' && side !== 'under' && side !== 'yes') return null;
      const playerName =
        catalog.player(player)?.name ?? event.players?.find((p) => p.id === player)?.name ?? player;
      const name = side === 'over' ? 'Over' : side === 'under' ? 'Under' : 'Yes';
      return at(name, { player_name: playerName }, playerName, side);
    }
  }
}

function byOrder(a: Shaped, b: Shaped): number {
  if (a.group !== b.group) return a.group < b.group ? -1 : 1;
  return a.side - b.side || a.line - b.line;
}

/**
 * The payload for a selection from a snapshot: games in start order, books in the requested
 * order, markets in the requested order, open priced quotes only; games, books and markets
 * without any such quote are left out.
 */
export function buildOdds(
  sel: Selection,
  events: readonly SportEvent[],
  quotes: readonly Quote[],
  catalog: CatalogIndex,
  decimals: number,
): OddsPayload {
  const wanted = new Map(sel.markets.map((m) => [`${m.market}|${m.period}`, m]));
  const books = new Set(sel.books.values());
  const byEvent = new Map<string, Quote[]>();
  for (const q of quotes) {
    if (q.value.status !== 'open' || q.value.price === null) continue;
    if (!books.has(q.key.book) || !wanted.has(`${q.key.market}|${q.key.period}`)) continue;
    const list = byEvent.get(q.key.event);
    if (list) list.push(q);
    else byEvent.set(q.key.event, [q]);
  }
  const games: { startsAt: number; id: string; odds: GameOdds }[] = [];
  for (const event of events) {
    const eventQuotes = byEvent.get(event.id);
    if (!eventQuotes || !LISTED.has(event.status)) continue;
    const bookmakers: BookmakerOdds[] = [];
    for (const [feed, book] of sel.books) {
      const own = eventQuotes.filter((q) => q.key.book === book);
      const markets: MarketOdds[] = [];
      let lastUpdate = 0;
      for (const m of sel.markets) {
        const shaped: Shaped[] = [];
        for (const q of own) {
          if (q.key.market !== m.market || q.key.period !== m.period) continue;
          const s = shape(q, m, event, catalog, decimals);
          if (!s) continue;
          shaped.push(s);
          lastUpdate = Math.max(lastUpdate, q.value.sourceAt);
        }
        if (shaped.length > 0) {
          markets.push({ key: m.key, outcomes: shaped.sort(byOrder).map((s) => s.outcome) });
        }
      }
      if (markets.length > 0) {
        bookmakers.push({ name: feed, last_update: naiveSeconds(lastUpdate), markets });
      }
    }
    if (bookmakers.length === 0) continue;
    const game = {
      commence_time: naiveSeconds(event.startsAt),
      home_team: event.home.name,
      away_team: event.away.name,
      game_url: null,
    };
    games.push({ startsAt: event.startsAt, id: event.id, odds: { game, bookmakers } });
  }
  games.sort((a, b) => a.startsAt - b.startsAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { sport: sel.sport.id, games: games.map((g) => g.odds) };
}
