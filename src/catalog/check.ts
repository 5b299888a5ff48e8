// Cross-file rules the per-file schemas cannot see: references between kinds, unique ids,
// and dialect ids that would make a reverse lookup ambiguous.
import { CatalogError } from './error.js';
import { type IdOccurrence, idOccurrences, marketPeriods } from './ids.js';
import type { Catalog, DialectIds, Inferred, MarketDef, Vocabulary } from './types.js';

interface Entry {
  id: string;
}

function uniqueIds(file: string, entries: readonly Entry[]): Set<string> {
  const seen = new Map<string, number>();
  for (const [index, entry] of entries.entries()) {
    const prior = seen.get(entry.id);
    if (prior !== undefined) {
      throw new CatalogError(file, index, 'id', `duplicate id "${entry.id}" (also [${prior}])`);
    }
    seen.set(entry.id, index);
  }
  return new Set(seen.keys());
}

function mustExist(
  known: Set<string>,
  kind: string,
  value: string,
  at: [file: string, index: number, field: string],
): void {
  if (!known.has(value)) throw new CatalogError(...at, `unknown ${kind} "${value}"`);
}

function show(value: string | number): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

function describe(o: IdOccurrence): string {
  return o.kind === 'market' && o.period !== 'game' ? `${o.id}/${o.period}` : o.id;
}

function scopeLabel(o: IdOccurrence): string {
  if (o.scope === '') return '';
  return o.kind === 'market' ? ` in sport ${o.scope}` : ` in league ${o.scope}`;
}

function uniqueDialectIds(catalog: Catalog): void {
  const seen = new Map<string, IdOccurrence>();
  for (const o of idOccurrences(catalog)) {
    // Values are compared as strings: ids arrive from the wire as text as often as numbers.
    const key = `${o.kind}\0${o.scope}\0${o.vocab}\0${String(o.value)}`;
    const prior = seen.get(key);
    if (prior && (prior.id !== o.id || prior.period !== o.period)) {
      const detail = `duplicate id ${show(o.value)}${scopeLabel(o)} (also ${describe(prior)})`;
      throw new CatalogError(o.file, o.index, o.field, detail);
    }
    seen.set(key, o);
  }
}

function has(ids: DialectIds | undefined, vocab: Vocabulary): boolean {
  return ids?.[vocab] !== undefined;
}

function allIds(entry: Inferred & { ids?: DialectIds }): (DialectIds | undefined)[] {
  const sets = [entry.ids];
  if ('bySport' in entry || 'periodIds' in entry) {
    const market = entry as MarketDef;
    sets.push(...Object.values(market.periodIds ?? {}));
    for (const s of Object.values(market.bySport ?? {})) {
      sets.push(s.ids, ...Object.values(s.periodIds ?? {}));
    }
  }
  return sets;
}

function checkInferred(catalog: Catalog): void {
  const lists: [string, (Inferred & { id: string; ids?: DialectIds })[]][] = [
    ['sports.json', catalog.sports],
    ['leagues.json', catalog.leagues],
    ['books.json', catalog.books],
    ['markets.json', catalog.markets],
    ['periods.json', catalog.periods],
    ['teams.json', catalog.teams],
  ];
  for (const [file, entries] of lists) {
    for (const [index, entry] of entries.entries()) {
      for (const [i, vocab] of (entry.inferred ?? []).entries()) {
        if (!allIds(entry).some((ids) => has(ids, vocab))) {
          const detail = `marks "${vocab}" inferred but ${entry.id} has no ${vocab} id`;
          throw new CatalogError(file, index, `inferred[${i}]`, detail);
        }
      }
    }
  }
}

/** Throws CatalogError on the first broken rule. */
export function checkCatalog(catalog: Catalog): void {
  const sports = uniqueIds('sports.json', catalog.sports);
  const leagues = uniqueIds('leagues.json', catalog.leagues);
  uniqueIds('books.json', catalog.books);
  uniqueIds('markets.json', catalog.markets);
  const periods = uniqueIds('periods.json', catalog.periods);
  const teams = uniqueIds('teams.json', catalog.teams);
  uniqueIds('players.json', catalog.players);

  for (const [i, league] of catalog.leagues.entries()) {
    mustExist(sports, 'sport', league.sport, ['leagues.json', i, 'sport']);
    for (const [j, p] of league.periods.entries()) {
      mustExist(periods, 'period', p, ['leagues.json', i, `periods[${j}]`]);
    }
  }

  for (const [i, market] of catalog.markets.entries()) {
    const at = (field: string): [string, number, string] => ['markets.json', i, field];
    for (const [j, s] of market.sports.entries()) mustExist(sports, 'sport', s, at(`sports[${j}]`));
    for (const p of Object.keys(market.periodIds ?? {})) {
      mustExist(periods, 'period', p, at(`periodIds.${p}`));
    }
    const offered = new Set(marketPeriods(market));
    for (const [s, ids] of Object.entries(market.bySport ?? {})) {
      if (!market.sports.includes(s)) {
        throw new CatalogError(
          ...at(`bySport.${s}`),
          `sport "${s}" is not in this market's sports`,
        );
      }
      for (const p of Object.keys(ids.periodIds ?? {})) {
        // A per-sport override may only rename a variant the market already declares.
        if (!offered.has(p)) {
          throw new CatalogError(
            ...at(`bySport.${s}.periodIds.${p}`),
            `period "${p}" not in periodIds`,
          );
        }
      }
    }
    if ((market.kind === 'player_prop') !== (market.stat !== undefined)) {
      throw new CatalogError(
        ...at('stat'),
        'player_prop markets need a stat; other kinds take none',
      );
    }
  }

  const abbrs = new Map<string, string>();
  for (const [i, team] of catalog.teams.entries()) {
    mustExist(leagues, 'league', team.league, ['teams.json', i, 'league']);
    const key = `${team.league}\0${team.abbr}`;
    const prior = abbrs.get(key);
    if (prior) {
      const detail = `duplicate abbr "${team.abbr}" in league ${team.league} (also ${prior})`;
      throw new CatalogError('teams.json', i, 'abbr', detail);
    }
    abbrs.set(key, team.id);
  }
  for (const [i, player] of catalog.players.entries()) {
    mustExist(teams, 'team', player.team, ['players.json', i, 'team']);
  }

  uniqueDialectIds(catalog);
  checkInferred(catalog);
}
