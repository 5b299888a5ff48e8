// Per-market derived state. A quote key maps to one outcome of one "group": the complete set of
// outcomes a book prices against each other (home/away, home/draw/away, over/under at one line).
// Groups of one (event, market, period, family) at different lines form a Family, where middles
// and main-line moves live.
import type { MarketDef } from '../catalog/types.js';
import type { QuoteKey, QuoteValue } from '../model/types.js';

/** The outcomes of a market kind, in order; for two-way lined markets [above, below]. */
export type Outcomes = readonly string[];

const HOME_AWAY: Outcomes = ['home', 'away'];
const THREE_WAY: Outcomes = ['home', 'draw', 'away'];
const OVER_UNDER: Outcomes = ['over', 'under'];

/** Outcomes per market id from the catalog's market kinds. */
export function outcomesFromCatalog(markets: readonly MarketDef[]): Map<string, Outcomes> {
  const out = new Map<string, Outcomes>();
  for (const m of markets) {
    if (m.kind === 'moneyline' || m.kind === 'spread') out.set(m.id, HOME_AWAY);
    else if (m.kind === 'three_way') out.set(m.id, THREE_WAY);
    else out.set(m.id, OVER_UNDER);
  }
  return out;
}

export interface Placement {
  groupKey: string;
  familyKey: string;
  /** `home`, `away`, ... prefix before the side (team totals, props); '' for game markets. */
  family: string;
  side: number;
  /** The group's line: the home handicap for spreads, the total for over/under; null without a line. */
  line: number | null;
}

/**
 * Where a quote belongs, or null for selections that have no complement (yes-only props) or a
 * market the catalog does not know.
 */
export function place(key: QuoteKey, outcomes: Outcomes | undefined): Placement | null {
  if (!outcomes) return null;
  const dot = key.selection.lastIndexOf('.');
  const family = dot < 0 ? '' : key.selection.slice(0, dot);
  const sideName = dot < 0 ? key.selection : key.selection.slice(dot + 1);
  const side = outcomes.indexOf(sideName);
  if (side < 0) return null;
  // Home -3.5 and away +3.5 are one market: file both under the home handicap.
  const line = key.line === null ? null : sideName === 'away' ? -key.line : key.line;
  const familyKey = `${key.event}|${key.market}|${key.period}|${family}`;
  return { groupKey: groupKey(familyKey, line), familyKey, family, side, line };
}

/** The key of a group: its family's key and its line. */
export function groupKey(familyKey: string, line: number | null): string {
  return `${familyKey}|${line ?? ''}`;
}

/** The key of a game market's line-less group of selections without a prefix (a moneyline). */
export function gameGroupKey(event: string, market: string): string {
  return groupKey(`${event}|${market}|game|`, null);
}

/** One book's latest view of one group. */
export class BookQuotes {
  /** Decimal odds per outcome; NaN while the outcome is not open with a price. */
  readonly decimal: number[];
  readonly american: (number | undefined)[];
  /** Epoch ms Linecast received each outcome's current value. */
  readonly receivedAt: number[];
  /**
   * Fair probabilities from this book alone (the configured method); null while incomplete, and
   * for books the consensus does not read (they are never devigged).
   */
  fair: number[] | null = null;
  /** The +EV alert slot of each outcome, built once: a Change looks them up, never rebuilds them. */
  readonly evSlots: readonly string[];
  /** Whether each outcome's +EV alert is open, so most quotes need no lookup at all. */
  readonly evOpen: boolean[];

  constructor(
    n: number,
    evSlots: readonly string[] = [],
    readonly id = '',
  ) {
    this.evSlots = evSlots;
    this.evOpen = new Array<boolean>(n).fill(false);
    this.decimal = new Array<number>(n).fill(Number.NaN);
    this.american = new Array<number | undefined>(n).fill(undefined);
    this.receivedAt = new Array<number>(n).fill(0);
  }

  set(side: number, v: QuoteValue): void {
    const open = v.status === 'open' && v.price !== null;
    this.decimal[side] = open && v.price ? v.price.decimal : Number.NaN;
    this.american[side] = open && v.price ? v.price.american : undefined;
    this.receivedAt[side] = v.receivedAt;
  }

  complete(): boolean {
    for (const d of this.decimal) if (Number.isNaN(d)) return false;
    return true;
  }

  /** Receipt time of the oldest outcome: the whole book is as fresh as that. */
  oldest(): number {
    let t = Number.POSITIVE_INFINITY;
    for (const r of this.receivedAt) t = Math.min(t, r);
    return t;
  }
}

export class Group {
  readonly books = new Map<string, BookQuotes>();
  /** The same books as a list: iterating it allocates nothing, unlike a Map's entries. */
  readonly bookList: BookQuotes[] = [];
  /** Change ids (quote keys) filed under this group, to forget them with the event. */
  readonly quoteIds = new Set<string>();
  /** Fair probabilities from the consensus at the last look; null when there is none. */
  consensus: number[] | null = null;
  /** Whether the event was in play at the last look (the age limits differ). */
  inPlay = false;
  /** The best and second-best open, fresh price per outcome (distinct books), for middles. */
  readonly best: Top2[];
  /** Epoch ms of the staleness check this group is scheduled for; Infinity when none. */
  deadline = Number.POSITIVE_INFINITY;
  /** Open middle slots where this group holds the first outcome's leg, by the other leg's group. */
  readonly middles = new Map<Group, string>();
  /** Steam watch slot per outcome. */
  readonly steamSlots: readonly string[];
  /** Open +EV alerts per outcome (books whose `evOpen` is set), so a fair price that moved
   * where nothing is open and no price reaches the edge costs no pass over the books. */
  readonly evCount: number[];
  /** Scratch per outcome: a priced quote was left out for its age in the last evaluation. */
  readonly stale: boolean[];
  /** Whether `best` and `stale` hold a whole pass over the books (else the next look makes one). */
  scanned = false;
  /** Whether a prediction market's YES can be compared with this group's home outcome. */
  result = false;

  constructor(
    readonly key: string,
    readonly family: Family,
    readonly outcomes: Outcomes,
    readonly line: number | null,
  ) {
    this.best = outcomes.map(() => new Top2());
    this.steamSlots = outcomes.map((o) => `${key}|${o}`);
    this.stale = outcomes.map(() => false);
    this.evCount = outcomes.map(() => 0);
  }

  book(id: string): BookQuotes {
    let b = this.books.get(id);
    if (!b) {
      const slots = this.outcomes.map((o) => `${this.key}|${id}|${o}`);
      b = new BookQuotes(this.outcomes.length, slots, id);
      this.books.set(id, b);
      this.bookList.push(b);
    }
    return b;
  }

  /** The selection name of an outcome, as quote keys spell it. */
  selection(side: number): string {
    const name = this.outcomes[side] ?? '';
    return this.family.name === '' ? name : `${this.family.name}.${name}`;
  }

  /** The line as the outcome's own quote key carries it (the away side's handicap is negated). */
  lineOf(side: number): number | null {
    if (this.line === null) return null;
    return this.outcomes[side] === 'away' ? -this.line : this.line;
  }

  /**
   * The result (home margin or combined score) above which the first outcome wins and below
   * which the second does: the total itself, or minus the home handicap.
   */
  threshold(): number | null {
    if (this.line === null || this.outcomes.length !== 2) return null;
    return this.outcomes[0] === 'home' ? -this.line : this.line;
  }
}

export interface PriceAt {
  book: string;
  decimal: number;
}

/** The two best prices from distinct books; fields rather than objects, as this runs per quote per Change. */
export class Top2 {
  firstBook = '';
  firstDecimal = 0;
  secondBook = '';
  secondDecimal = 0;

  reset(): void {
    this.firstDecimal = 0;
    this.secondDecimal = 0;
  }

  /** Counts the changes to the two: a pass that leaves it alone changed neither. */
  version = 0;

  offer(book: string, decimal: number): void {
    if (decimal > this.secondDecimal) this.version++;
    if (decimal > this.firstDecimal) {
      this.secondBook = this.firstBook;
      this.secondDecimal = this.firstDecimal;
      this.firstBook = book;
      this.firstDecimal = decimal;
    } else if (decimal > this.secondDecimal) {
      this.secondBook = book;
      this.secondDecimal = decimal;
    }
  }
}

/** What the engine knows of an event: enough to label alerts and pick the age limits. */
export interface EventInfo {
  sport: string;
  league: string;
  inPlay: boolean;
  families: Set<Family>;
}

/** A book's current main line in a family; NaN until seen. */
export interface MainLine {
  line: number;
}

export class Family {
  readonly groups = new Map<string, Group>();
  /** Each book's current main line (the group line), for line steam. */
  readonly mainLine = new Map<string, MainLine>();
  /** The line-steam watch slot, built once. */
  readonly lineSlot: string;

  constructor(
    readonly key: string,
    readonly event: string,
    readonly market: string,
    readonly period: string,
    /** Prefix of the selections (`home` for home team totals, a player id for props); '' for game markets. */
    readonly name: string,
  ) {
    this.lineSlot = `${key}|line`;
  }

  /** The holder of a book's main line, made on first use: a quote resolves it once. */
  mainLineOf(book: string): MainLine {
    let held = this.mainLine.get(book);
    if (!held) {
      held = { line: Number.NaN };
      this.mainLine.set(book, held);
    }
    return held;
  }
}
