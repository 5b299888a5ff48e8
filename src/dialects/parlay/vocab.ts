// Parlay's names for canonical ids, all from the catalog: sport keys are leagues, bookmaker and
// market keys come from the `parlay` vocabulary, event ids are derived from the event itself.
import type { CatalogIndex } from '../../catalog/index.js';
import type { SportEvent } from '../../model/types.js';

/** Path sports that stand for several: `upcoming` (streams), `all` and `multi` (odds-drop). */
const SEVERAL = new Set(['upcoming', 'all', 'multi']);

const slug = (name: string) => name.trim().replace(/\s+/g, '_');

/**
 * `YYYY-MM-DD_Away_Team_Home_Team` as the vendor's examples spell it (the start date in UTC),
 * derived only from the event so it is stable across restarts.
 */
export function eventIdOf(e: SportEvent): string {
  return `${new Date(e.startsAt).toISOString().slice(0, 10)}_${slug(e.away.name)}_${slug(e.home.name)}`;
}

export class Vocab {
  constructor(readonly catalog: CatalogIndex) {}

  /** The league a sport key names, or undefined. */
  league(sportKey: string): string | undefined {
    return this.catalog.fromDialectId('parlay', 'league', sportKey)?.id;
  }

  /**
   * The leagues a path sport key covers: one, or for `upcoming` (the-odds-api's key for every
   * sport, INFERRED for streams) all of them or those `sports` names. Empty: unknown sport.
   */
  leagues(sportKey: string, sports: string[] | null): string[] {
    if (!SEVERAL.has(sportKey)) {
      const one = this.league(sportKey);
      return one === undefined ? [] : [one];
    }
    const all = this.sports();
    return (sports ? all.filter((s) => sports.includes(s.key)) : all).map((s) => s.league);
  }

  sportKey(league: string): string | undefined {
    const v = this.catalog.dialectId('parlay', 'league', league);
    return typeof v === 'string' ? v : undefined;
  }

  bookKey(book: string): string | undefined {
    const v = this.catalog.dialectId('parlay', 'book', book);
    return typeof v === 'string' ? v : undefined;
  }

  /** Canonical book id of a bookmaker key; unknown keys stay as they are (they match nothing). */
  book(key: string): string {
    return this.catalog.fromDialectId('parlay', 'book', key)?.id ?? `?${key}`;
  }

  marketKey(market: string, period: string, league: string): string | undefined {
    const v = this.catalog.dialectId('parlay', 'market', market, period, league);
    return typeof v === 'string' ? v : undefined;
  }

  isProp(market: string): boolean {
    return this.catalog.market(market)?.kind === 'player_prop';
  }

  marketName(market: string): string | undefined {
    return this.catalog.market(market)?.name;
  }

  playerName(id: string): string | undefined {
    return this.catalog.player(id)?.name;
  }

  /** `/v1/sports` entries: every league with a sport key. */
  sports(): { key: string; league: string; group: string; title: string }[] {
    return this.catalog.catalog.leagues.flatMap((l) => {
      const key = this.sportKey(l.id);
      if (key === undefined) return [];
      const g = this.catalog.sport(l.sport);
      const group = g?.ids.parlayGroup;
      return [
        {
          key,
          league: l.id,
          group: typeof group === 'string' ? group : (g?.name ?? ''),
          title: l.name,
        },
      ];
    });
  }
}
