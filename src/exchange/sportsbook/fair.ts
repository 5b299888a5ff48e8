// The sportsbooks' no-vig probability that the home side wins: each book's full-game main
// moneyline (or 3-way result, where draws exist) devigged multiplicatively, averaged over books.
import { multiplicative } from '../../analytics/devig.js';
import type { Quote } from '../../model/types.js';

/** The markets whose home selection answers "will the home side win". */
export const RESULT_MARKETS = ['moneyline', 'three-way'];

export function fairHomeWin(quotes: readonly Quote[]): number | null {
  const books = new Map<string, Map<string, number>>();
  for (const q of quotes) {
    if (!RESULT_MARKETS.includes(q.key.market) || q.key.period !== 'game' || !q.value.main)
      continue;
    if (q.value.status !== 'open' || !q.value.price) continue;
    const id = `${q.key.book}|${q.key.market}`;
    let sides = books.get(id);
    if (!sides) {
      sides = new Map();
      books.set(id, sides);
    }
    sides.set(q.key.selection, q.value.price.decimal);
  }
  let sum = 0;
  let n = 0;
  for (const [id, sides] of books) {
    const three = id.endsWith('|three-way');
    const order = three ? ['home', 'draw', 'away'] : ['home', 'away'];
    const prices = order.map((s) => sides.get(s));
    if (prices.some((p) => p === undefined)) continue;
    const fair = multiplicative(prices as number[]);
    if (!fair) continue;
    sum += fair[0]!;
    n++;
  }
  return n > 0 ? sum / n : null;
}
