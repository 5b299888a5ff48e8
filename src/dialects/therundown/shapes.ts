// REST shapes: the V2 event with its markets (§5.1) and the V1 event with `lines` (§5.9). Pure.
import type { Quote, SportEvent } from '../../model/types.js';
import { isInPlay } from '../../model/types.js';
import type { ParticipantType, TrIds } from './ids.js';
import { americanOf, priceNumber, restLine, rfc3339 } from './rows.js';

const STATUS: Record<SportEvent['status'], string> = {
  scheduled: 'STATUS_SCHEDULED',
  live: 'STATUS_IN_PROGRESS',
  break: 'STATUS_END_PERIOD',
  ended: 'STATUS_FINAL',
  suspended: 'STATUS_SUSPENDED',
  postponed: 'STATUS_POSTPONED',
  cancelled: 'STATUS_CANCELED',
};

const DETAIL: Record<SportEvent['status'], string> = {
  scheduled: 'Scheduled',
  live: 'In Progress',
  break: 'End of Period',
  ended: 'Final',
  suspended: 'Suspended',
  postponed: 'Postponed',
  cancelled: 'Canceled',
};

/** `event_status` of an event (`STATUS_SCHEDULED`, …). */
export function statusName(e: SportEvent): string {
  return STATUS[e.status];
}

export function scoreOf(e: SportEvent) {
  const clock = e.live?.clock ?? 0;
  return {
    event_status: STATUS[e.status],
    score_away: e.live?.away ?? 0,
    score_home: e.live?.home ?? 0,
    game_clock: clock,
    display_clock: `${Math.floor(clock / 60)}:${String(clock % 60).padStart(2, '0')}`,
    game_period: e.live?.period ?? 0,
    event_status_detail: DETAIL[e.status],
  };
}

function teamsOf(e: SportEvent, ids: TrIds) {
  return (['away', 'home'] as const).map((side) => {
    const p = e[side];
    return {
      team_id: ids.participant(side, e).id,
      name: p.name,
      abbreviation: p.abbr ?? ids.catalog.team(p.id)?.abbr ?? '',
      is_away: side === 'away',
      is_home: side === 'home',
    };
  });
}

function header(e: SportEvent, ids: TrIds, sportId: number) {
  return {
    event_id: ids.eventId(e.id),
    event_uuid: ids.eventUuid(e.id),
    sport_id: sportId,
    event_date: rfc3339(e.startsAt),
  };
}

/** Which quotes an event response carries (REST query filters, already parsed). */
export interface QuoteSelection {
  marketIds: Set<number>;
  affiliateIds?: Set<number>;
  participantIds?: Set<number>;
  participantType?: ParticipantType;
  mainLine: boolean;
}

interface PriceOut {
  price: number;
  is_main_line: boolean;
  updated_at: string;
  closed_at: string | null;
}

/** The V2 event with `markets` (§5.1), or null when TheRundown has no sport id for its league. */
export function v2Event(e: SportEvent, quotes: readonly Quote[], ids: TrIds, sel: QuoteSelection) {
  const sportId = ids.sportId(e.league);
  if (sportId === undefined) return null;
  const live = isInPlay(e.status);
  type Line = { value: string; sort: number; prices: Record<string, PriceOut> };
  type Part = { id: number; type: ParticipantType; name: string; lines: Map<string, Line> };
  type Market = { marketId: number; period: string; name: string; parts: Map<number, Part> };
  const markets = new Map<number, Market>();
  for (const q of quotes) {
    const k = q.key;
    if (k.event !== e.id) continue;
    const marketId = ids.marketId(k.market, k.period, e.league, live);
    const affiliateId = ids.affiliateId(k.book);
    if (marketId === undefined || affiliateId === undefined) continue;
    if (!sel.marketIds.has(marketId)) continue;
    if (sel.affiliateIds && !sel.affiliateIds.has(affiliateId)) continue;
    if (sel.mainLine && !q.value.main) continue;
    const p = ids.participant(k.selection, e);
    if (sel.participantIds && !sel.participantIds.has(p.id)) continue;
    if (sel.participantType && sel.participantType !== p.type) continue;
    let m = markets.get(marketId);
    if (!m) {
      m = {
        marketId,
        period: k.period,
        name: ids.marketName(k.market, k.period),
        parts: new Map(),
      };
      markets.set(marketId, m);
    }
    let part = m.parts.get(p.id);
    if (!part) {
      part = { ...p, lines: new Map() };
      m.parts.set(p.id, part);
    }
    const value = restLine(k.line);
    let line = part.lines.get(value);
    if (!line) {
      line = { value, sort: k.line ?? 0, prices: {} };
      part.lines.set(value, line);
    }
    line.prices[String(affiliateId)] = {
      price: priceNumber(americanOf(q.value)),
      is_main_line: q.value.main,
      updated_at: rfc3339(q.value.receivedAt),
      closed_at: q.value.status === 'closed' ? rfc3339(q.value.receivedAt) : null,
    };
  }
  return {
    ...header(e, ids, sportId),
    score: scoreOf(e),
    teams: teamsOf(e, ids),
    schedule: { event_name: `${e.away.name} at ${e.home.name}` },
    markets: [...markets.values()]
      .sort((a, b) => a.marketId - b.marketId)
      .map((m) => ({
        id: ids.eventMarketId(e.id, m.marketId),
        market_id: m.marketId,
        period_id: ids.periodId(m.period, live),
        name: m.name,
        participants: [...m.parts.values()].map((p) => ({
          id: p.id,
          type: p.type,
          name: p.name,
          lines: [...p.lines.values()]
            .sort((a, b) => a.sort - b.sort)
            .map((l) => ({ value: l.value, prices: l.prices })),
        })),
      })),
  };
}

/**
 * The V1 event (§5.9): `lines` keyed by affiliate id with the full-game main moneyline, spread
 * and total. Without quotes (socket updates) it carries no `lines`.
 */
export function v1Event(e: SportEvent, quotes: readonly Quote[] | null, ids: TrIds) {
  const sportId = ids.sportId(e.league);
  if (sportId === undefined) return null;
  const base = {
    ...header(e, ids, sportId),
    score: scoreOf(e),
    teams_normalized: teamsOf(e, ids),
    schedule: { event_name: `${e.away.name} at ${e.home.name}` },
  };
  if (quotes === null) return base;
  const lines: Record<string, ReturnType<typeof emptyLines>> = {};
  for (const q of quotes) {
    const k = q.key;
    if (k.event !== e.id || k.period !== 'game' || !q.value.main) continue;
    const affiliateId = ids.affiliateId(k.book);
    if (affiliateId === undefined) continue;
    const book = ids.catalog.book(k.book);
    lines[String(affiliateId)] ??= emptyLines(affiliateId, book?.name ?? k.book);
    const l = lines[String(affiliateId)]!;
    const price = priceNumber(americanOf(q.value));
    const updated = rfc3339(q.value.receivedAt);
    const line = k.line ?? 0;
    if (k.market === 'moneyline' || k.market === 'three-way') {
      if (k.selection === 'home') l.moneyline.moneyline_home = price;
      else if (k.selection === 'away') l.moneyline.moneyline_away = price;
      else if (k.selection === 'draw') l.moneyline.moneyline_draw = price;
      l.moneyline.date_updated = updated;
    } else if (k.market === 'spread') {
      if (k.selection === 'home') {
        l.spread.point_spread_home = line;
        l.spread.point_spread_home_money = price;
      } else if (k.selection === 'away') {
        l.spread.point_spread_away = line;
        l.spread.point_spread_away_money = price;
      }
      l.spread.date_updated = updated;
    } else if (k.market === 'total') {
      if (k.selection === 'over') {
        l.total.total_over = line;
        l.total.total_over_money = price;
      } else if (k.selection === 'under') {
        l.total.total_under = line;
        l.total.total_under_money = price;
      }
      l.total.date_updated = updated;
    }
  }
  return { ...base, lines };
}

const OFF = 0.0001;

function emptyLines(affiliateId: number, name: string) {
  return {
    line_id: affiliateId,
    moneyline: {
      moneyline_away: OFF,
      moneyline_home: OFF,
      moneyline_draw: OFF,
      date_updated: '',
      format: 'American',
    },
    spread: {
      point_spread_away: OFF,
      point_spread_home: OFF,
      point_spread_away_money: OFF,
      point_spread_home_money: OFF,
      date_updated: '',
      format: 'American',
    },
    total: {
      total_over: OFF,
      total_under: OFF,
      total_over_money: OFF,
      total_under_money: OFF,
      date_updated: '',
      format: 'American',
    },
    affiliate: { affiliate_id: affiliateId, affiliate_name: name, affiliate_url: '' },
  };
}
