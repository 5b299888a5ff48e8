// Price text for the board: American odds, or what the book shows instead of a price.
import type { QuoteValue } from '@linecast/sdk';

export function american(decimal: number, given?: number): string {
  const a =
    given ?? (decimal >= 2 ? Math.round((decimal - 1) * 100) : Math.round(-100 / (decimal - 1)));
  return a > 0 ? `+${a}` : String(a);
}

/** `-110`, `SUSP` (suspended), `OFF` (off the board), `CLOSED`. */
export function cellText(v: QuoteValue): { text: string; state: 'open' | 'suspended' | 'off' } {
  if (v.status === 'suspended') return { text: 'SUSP', state: 'suspended' };
  if (v.status === 'off_board' || v.price === null) return { text: 'OFF', state: 'off' };
  if (v.status === 'closed') return { text: 'CLOSED', state: 'off' };
  return { text: american(v.price.decimal, v.price.american), state: 'open' };
}
