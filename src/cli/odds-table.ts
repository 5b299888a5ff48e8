// `linecast snapshot` as a table: a row per selection, a column per book.
import type { Quote } from '../model/types.js';
import { priceText } from './odds-line.js';

export function bookTable(quotes: Quote[]): string {
  const books = [...new Set(quotes.map((q) => q.key.book))].sort();
  const rows = new Map<string, Map<string, string>>();
  for (const q of quotes) {
    const k = q.key;
    const line = k.line === null ? '' : ` ${k.line > 0 ? '+' : ''}${k.line}`;
    const row = `${k.event}  ${k.market}/${k.period}  ${k.selection}${line}`;
    let cells = rows.get(row);
    if (!cells) {
      cells = new Map();
      rows.set(row, cells);
    }
    cells.set(k.book, priceText(q.value));
  }
  const header = ['selection', ...books];
  const body = [...rows.keys()]
    .sort()
    .map((r) => [r, ...books.map((b) => rows.get(r)!.get(b) ?? '')]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(header), ...body.map(fmt)].join('\n');
}
