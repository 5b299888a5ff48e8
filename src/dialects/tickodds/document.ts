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

/** One quote of the feed's book, as the document shows it, with its JSON in each view. */
export interface Row {
  market: MarketRef;
  selection: SelectionView;
  groupingKey: string;
  groupName: string;
  line: number | null;
  /** `marketGroups[].selections[]` entry, `odds[]` entry, `"name":odds` in `legacyOdds`. */
  selectionJson: string;
  oddsJson: string;
  legacyJson: string;
}

/** One market group's place in the document: rows in display order, the JSON around them. */
interface Group {
  head: string;
  legacyName: string;
  ids: string[];
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
  /** Groups in order; rebuilt only when a row comes or goes, not when a price moves. */
  private layout: Group[] | null = null;
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
    if (row ? !had : had) this.layout = null;
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
    const selection: SelectionView = {
      id,
      name,
      odds,
      side,
      team,
      isMain: main,
      handicap: line === null ? null : String(line),
      suspended,
    };
    const oddsRow: OddsRowView = {
      id,
      marketKey: market.key,
      industryKey: market.industryKey,
      period: market.period,
      side,
      price: odds,
      groupingKey,
      ...(line === null ? {} : { line }),
      suspended,
    };
    return {
      market,
      selection,
      groupingKey,
      groupName: alternate ? `${market.name} (${groupLine})` : market.name,
      line,
      selectionJson: JSON.stringify(selection),
      oddsJson: JSON.stringify(oddsRow),
      legacyJson: `${JSON.stringify(name)}:${odds}`,
    };
  }

  private groups(): Group[] {
    if (this.layout) return this.layout;
    const byGroup = new Map<string, [string, Row][]>();
    for (const entry of this.rows) {
      const list = byGroup.get(entry[1].groupingKey);
      if (list) list.push(entry);
      else byGroup.set(entry[1].groupingKey, [entry]);
    }
    this.layout = [...byGroup.values()].map((rows) => {
      rows.sort((a, b) => bySide(a[1].selection, b[1].selection));
      const { market: m, groupName: name } = rows[0]![1];
      const head = JSON.stringify({
        name,
        key: m.key,
        industryKey: m.industryKey,
        period: m.period,
        type: m.type,
      });
      return {
        head: head.slice(0, -1),
        legacyName: JSON.stringify(name),
        ids: rows.map((r) => r[0]),
      };
    });
    return this.layout;
  }

  /** The event's own fields, in wire order, without the odds views and `updatedAt`. */
  private head(): Record<string, unknown> {
    const e = this.event;
    const live = isLive(e) || e.status === 'ended';
    const competitionId = this.league.ids.tickodds;
    return {
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
    };
  }

  /**
   * The document's JSON, once per change, shared by every frame and reader. Assembled from each
   * row's cached fragments, so a price move re-serialises one row, not the event.
   */
  toJson(): string {
    if (this.text !== null) return this.text;
    const rowOf = (id: string) => this.rows.get(id) as Row;
    const groups = this.groups();
    const marketGroups = groups
      .map(
        (g) => `${g.head},"selections":[${g.ids.map((id) => rowOf(id).selectionJson).join(',')}]}`,
      )
      .join(',');
    const odds = groups
      .map((g) => g.ids.map((id) => rowOf(id).oddsJson).join(','))
      .filter((x) => x !== '')
      .join(',');
    const legacy = groups
      .map((g) => `${g.legacyName}:{${g.ids.map((id) => rowOf(id).legacyJson).join(',')}}`)
      .join(',');
    const head = JSON.stringify(this.head()).slice(0, -1);
    this.text = `${head},"marketGroups":[${marketGroups}],"odds":[${odds}],"legacyOdds":{${legacy}},"updatedAt":"${iso(this.updatedAt)}"}`;
    return this.text;
  }

  /** The document as an object (REST); the same JSON the socket sends. */
  toView(): Record<string, unknown> {
    this.view ??= JSON.parse(this.toJson()) as Record<string, unknown>;
    return this.view;
  }

  /** The list item of `/api/v1/matches`: the document without its odds (spec §5.1). */
  summary(): Record<string, unknown> {
    return { ...this.head(), updatedAt: iso(this.updatedAt) };
  }
}
