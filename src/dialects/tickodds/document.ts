// One TickOdds event document (spec §2.3): the event's fields and its odds in three views that
// always agree — `marketGroups[]`, the flat `odds[]` and the deprecated `legacyOdds` map — all
// built from one row per quote of the feed's book. Rows change one at a time; the views and the
// JSON are rebuilt only when read, at most once per change.
import type { LeagueDef } from '../../catalog/types.js';
import { type Quote, type QuoteKey, quoteKeyString, type SportEvent } from '../../model/types.js';
import { clockOf, isLive, periodOf, scoreOf, statusOf } from './labels.js';
import { fixtureIdOf, type MarketRef, type SportRef, type Vocab } from './vocab.js';

export interface SelectionView {
  id: string;
  name: string;
  odds: number;
  side: string;
  team: 'home' | 'away' | null;
  isMain: boolean;
  handicap: string | null;
  suspended: boolean;
}

export interface MarketGroupView {
  name: string;
  key: string;
  industryKey: string | null;
  period: string;
  type: string;
  selections: SelectionView[];
}

export interface OddsRowView {
  id: string;
  marketKey: string;
  industryKey: string | null;
  period: string;
  side: string;
  price: number;
  groupingKey: string;
  line?: number;
  suspended: boolean;
}

/** One quote of the feed's book, as the document shows it. */
export interface Row {
  market: MarketRef;
  selection: SelectionView;
  groupingKey: string;
  groupName: string;
  line: number | null;
}

const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

/** Side, team and the player or team an id needs to stay unique, from a canonical selection. */
function parts(sel: string): { side: string; team: 'home' | 'away' | null; extra: string | null } {
  if (sel === 'home' || sel === 'away') return { side: sel, team: sel, extra: null };
  if (sel === 'draw' || sel === 'over' || sel === 'under')
    return { side: sel, team: null, extra: null };
  const dot = sel.lastIndexOf('.');
  const owner = dot < 0 ? sel : sel.slice(0, dot);
  const side = dot < 0 ? 'yes' : sel.slice(dot + 1);
  const team = owner === 'home' || owner === 'away' ? owner : null;
  return { side, team, extra: owner };
}

const SIDE_RANK: Record<string, number> = {
  home: 0,
  draw: 1,
  away: 2,
  over: 3,
  under: 4,
  yes: 5,
  no: 6,
};

/** Home, draw, away; over before under; then by line. */
function bySide(a: SelectionView, b: SelectionView): number {
  return (
    (SIDE_RANK[a.side] ?? 9) - (SIDE_RANK[b.side] ?? 9) ||
    Number(a.handicap ?? 0) - Number(b.handicap ?? 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

const SIDE_NAMES: Record<string, string> = {
  draw: 'Draw',
  over: 'Over',
  under: 'Under',
  yes: 'Yes',
  no: 'No',
};

export class EventDoc {
  readonly fixtureId: string;
  private readonly rows = new Map<string, Row>();
  private view: Record<string, unknown> | null = null;
  private text: string | null = null;

  constructor(
    public event: SportEvent,
    readonly sport: SportRef,
    readonly league: LeagueDef,
    private readonly vocab: Vocab,
    /** Epoch ms of the last change. */
    public updatedAt: number,
  ) {
    this.fixtureId = fixtureIdOf(event.id);
  }

  setEvent(event: SportEvent, at: number): void {
    this.event = event;
    this.updatedAt = at;
    this.touch();
  }

  /**
   * Applies one quote; returns its row when the document shows it after the change, null when
   * it left (off the board, closed, no price) or the feed does not show the market.
   */
  apply(key: QuoteKey, value: Quote['value'], at: number): Row | null {
    const id = quoteKeyString(key);
    const row =
      value.price && (value.status === 'open' || value.status === 'suspended')
        ? this.rowOf(key, value.price.decimal, value.main, value.status === 'suspended')
        : null;
    // A price move keeps the row's place (Map.set on a present key), so views stay in order.
    const had = row ? this.rows.has(id) : this.rows.delete(id);
    if (row) this.rows.set(id, row);
    if (row || had) {
      this.updatedAt = at;
      this.touch();
    }
    return row;
  }

  get size(): number {
    return this.rows.size;
  }

  private touch(): void {
    this.view = null;
    this.text = null;
  }

  private rowOf(key: QuoteKey, odds: number, main: boolean, suspended: boolean): Row | null {
    const market = this.vocab.market(key.market, key.period, this.league);
    if (!market) return null;
    const { side, team, extra } = parts(key.selection);
    const e = this.event;
    const owner =
      extra === 'home'
        ? e.home.name
        : extra === 'away'
          ? e.away.name
          : extra === null
            ? null
            : (this.vocab.catalog.player(extra)?.name ??
              e.players?.find((p) => p.id === extra)?.name ??
              extra);
    const base =
      side === 'home' ? e.home.name : side === 'away' ? e.away.name : (SIDE_NAMES[side] ?? side);
    const line = key.line;
    const who = owner !== null && side !== 'home' && side !== 'away' ? `${owner} ${base}` : base;
    const name = line === null ? who : `${who} ${line}`;
    let id = `${this.fixtureId}:${market.key}:${market.period}:${side}`;
    if (extra !== null) id += `:${extra}`;
    if (line !== null) id += `:${line}`;
    // Alternate lines get a group each; a spread's group is named by the home team's line.
    const groupLine =
      line === null ? null : market.type === 'handicap' && side === 'away' ? -line : line;
    const alternate = !main && groupLine !== null;
    const groupingKey = alternate
      ? `${market.key}:${market.period}:${groupLine}`
      : `${market.key}:${market.period}`;
    return {
      market,
      selection: {
        id,
        name,
        odds,
        side,
        team,
        isMain: main,
        handicap: line === null ? null : String(line),
        suspended,
      },
      groupingKey,
      groupName: alternate ? `${market.name} (${groupLine})` : market.name,
      line,
    };
  }

  /** The document as the wire shows it (built once per change, shared by every reader). */
  toView(): Record<string, unknown> {
    if (this.view) return this.view;
    const e = this.event;
    const byGroup = new Map<string, Row[]>();
    for (const r of this.rows.values()) {
      const list = byGroup.get(r.groupingKey);
      if (list) list.push(r);
      else byGroup.set(r.groupingKey, [r]);
    }
    const groups: MarketGroupView[] = [];
    const odds: OddsRowView[] = [];
    const legacy: Record<string, Record<string, number>> = {};
    for (const [groupingKey, rows] of byGroup) {
      rows.sort((a, b) => bySide(a.selection, b.selection));
      const m = rows[0]!.market;
      const name = rows[0]!.groupName;
      const prices: Record<string, number> = {};
      for (const r of rows) {
        const s = r.selection;
        prices[s.name] = s.odds;
        odds.push({
          id: s.id,
          marketKey: m.key,
          industryKey: m.industryKey,
          period: m.period,
          side: s.side,
          price: s.odds,
          groupingKey,
          ...(r.line === null ? {} : { line: r.line }),
          suspended: s.suspended,
        });
      }
      legacy[name] = prices;
      groups.push({
        name,
        key: m.key,
        industryKey: m.industryKey,
        period: m.period,
        type: m.type,
        selections: rows.map((r) => r.selection),
      });
    }
    const live = isLive(e) || e.status === 'ended';
    const competitionId = this.league.ids.tickodds;
    this.view = {
      fixtureId: this.fixtureId,
      sportId: this.sport.id,
      sportName: this.sport.name,
      competitionId: typeof competitionId === 'string' ? competitionId : this.league.id,
      competitionName: this.league.name,
      sportIcon: this.sport.icon,
      competitionIcon: null,
      home: e.home.name,
      away: e.away.name,
      homeIcon: null,
      awayIcon: null,
      kickoff: iso(e.startsAt),
      ...(live
        ? {
            score: scoreOf(e),
            clock: clockOf(e, this.league),
            period: periodOf(e, this.league),
            status: statusOf(e, this.league),
          }
        : { status: 'scheduled' }),
      marketGroups: groups,
      odds,
      legacyOdds: legacy,
      updatedAt: iso(this.updatedAt),
    };
    return this.view;
  }

  toJson(): string {
    this.text ??= JSON.stringify(this.toView());
    return this.text;
  }

  /** The list item of `/api/v1/matches`: the document without its odds (spec §5.1). */
  summary(): Record<string, unknown> {
    const { marketGroups: _g, odds: _o, legacyOdds: _l, ...rest } = this.toView();
    return rest;
  }
}
