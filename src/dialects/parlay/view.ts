// The row-level part of a connection's filters (markets, kinds, diff): the hub's filter cannot
// name Parlay market keys, so they travel as the subscription's encoder variant. Connections
// with the same view share one encoded frame per Change.
import type { Row } from './rows.js';

export interface View {
  markets: ReadonlySet<string> | null;
  kinds: ReadonlySet<string> | null;
  diff: boolean;
}

export function variantOf(markets: string[] | null, kinds: string[] | null, diff: boolean) {
  return `${diff ? 'd' : ''}|${[...(markets ?? [])].sort().join(',')}|${[...(kinds ?? [])].sort().join(',')}`;
}

const set = (csv: string) => (csv === '' ? null : new Set(csv.split(',')));

export function viewOf(variant: string): View {
  const [diff = '', markets = '', kinds = ''] = variant.split('|');
  return { diff: diff === 'd', markets: set(markets), kinds: set(kinds) };
}

/** `kinds=live` keeps rows of events in play; `game` and `prop` name the row family. */
export function accepts(v: View, row: Row, inPlay: boolean): boolean {
  if (v.markets !== null && !v.markets.has(row.market_key)) return false;
  if (v.kinds === null) return true;
  return v.kinds.has(row.kind) || (inPlay && v.kinds.has('live'));
}

/** Parsed views by variant, bounded: variants come from clients' URLs. */
export class Views {
  private readonly cache = new Map<string, View>();

  get(variant: string): View {
    let v = this.cache.get(variant);
    if (v === undefined) {
      if (this.cache.size >= 1_000) this.cache.clear();
      v = viewOf(variant);
      this.cache.set(variant, v);
    }
    return v;
  }
}
