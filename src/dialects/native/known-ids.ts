// Native filters name catalog ids. An id the catalog does not know is a mistake to report (with
// the fix), not a filter that silently matches nothing. Event ids come and go, so they are not
// checked here.
import { closest } from '../../catalog/closest.js';
import type { CatalogIndex } from '../../catalog/index.js';
import type { Filter } from '../../model/types.js';

const KINDS = [
  ['sports', 'sport'],
  ['leagues', 'league'],
  ['books', 'book'],
  ['markets', 'market'],
  ['periods', 'period'],
] as const;

/** At most this many ids are listed when nothing is close. */
const LIST_MAX = 12;

/** Why the filter names an unknown id, with the closest known ones; null when every id is known. */
export function unknownFilterId(filter: Filter, index: CatalogIndex): string | null {
  const catalog = index.catalog;
  const ids = (field: (typeof KINDS)[number][0]) => catalog[field].map((x) => x.id);
  for (const [field, kind] of KINDS) {
    const known = ids(field);
    const have = new Set(known);
    const bad = filter[field]?.find((v) => !have.has(v));
    if (bad === undefined) continue;
    const see = `GET /v1/catalog/${field}`;
    // `sport=nba`: the right id in the wrong field.
    const other = KINDS.find(([f]) => f !== field && ids(f).includes(bad.toLowerCase()));
    if (other) {
      return `unknown ${kind} "${bad}": ${bad.toLowerCase()} is a ${other[1]}; filter by ${other[1]} (${other[1]}=${bad.toLowerCase()}) or use a ${kind} id (${see})`;
    }
    const near = closest(bad, known, 3);
    if (near.length > 0)
      return `unknown ${kind} "${bad}"; did you mean ${near.join(', ')}? (${see})`;
    const list = known.length <= LIST_MAX ? `: ${known.join(', ')}` : '';
    return `unknown ${kind} "${bad}"; known ${field}${list} (${see})`;
  }
  return null;
}
