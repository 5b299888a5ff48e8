// The odds board: a table per league, a row per selection, a column per book. Full renders
// happen on an image or when the shape changes (a new row or book); a price change touches one
// cell, re-marks its row's best price and flashes.
import {
  type Book,
  type Change,
  type QuoteKey,
  quoteKeyString,
  type SportEvent,
} from '@linecast/sdk';
import { cellText } from './format.js';

export interface RowKey {
  event: string;
  market: string;
  period: string;
  selection: string;
  line: number | null;
}

const rowId = (k: RowKey) => `${k.event}|${k.market}|${k.period}|${k.selection}|${k.line ?? ''}`;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  text = '',
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text) e.textContent = text;
  return e;
}

function eventLabel(e: SportEvent | undefined, id: string): string {
  if (!e) return id;
  const when = new Date(e.startsAt).toISOString().slice(5, 16).replace('T', ' ');
  const score = e.live ? ` ${e.live.away}-${e.live.home}` : '';
  return `${e.away.name} @ ${e.home.name} · ${e.status}${score} · ${when} UTC`;
}

export class Board {
  private readonly cells = new Map<string, HTMLTableCellElement>();
  private readonly rows = new Map<string, HTMLTableRowElement>();
  private books: string[] = [];
  private selected: string | null = null;
  private pending = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly onSelect: (row: RowKey) => void,
  ) {}

  /** Redraws everything from the book, at most once per frame. */
  schedule(book: Book): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.render(book);
    });
  }

  change(c: Change, book: Book): void {
    const cell = c.type === 'quote' ? this.cells.get(quoteKeyString(c.key)) : undefined;
    // An event's status or a new row or book changes the shape: redraw.
    if (c.type === 'event' || !cell) {
      this.schedule(book);
      return;
    }
    this.fill(cell, c.key, book);
    const before = c.before?.price?.decimal;
    const after = c.after.price?.decimal;
    if (before !== undefined && after !== undefined && before !== after) {
      cell.classList.remove('up', 'down');
      void cell.offsetWidth; // restart the flash animation
      cell.classList.add(after > before ? 'up' : 'down');
    }
    this.markBest(rowId(c.key));
  }

  render(book: Book): void {
    this.cells.clear();
    this.rows.clear();
    const quotes = book.quotes().filter((q) => q.value.main);
    this.books = [...new Set(quotes.map((q) => q.key.book))].sort();
    const byEvent = new Map<string, Map<string, RowKey>>();
    for (const q of quotes) {
      const rows = byEvent.get(q.key.event) ?? new Map<string, RowKey>();
      byEvent.set(q.key.event, rows);
      rows.set(rowId(q.key), q.key);
    }
    const groups = new Map<string, SportEvent[]>();
    for (const id of byEvent.keys()) {
      const e = book.event(id);
      const group = e ? `${e.sport} / ${e.league}` : 'other';
      const list = groups.get(group) ?? [];
      list.push(e ?? ({ id, startsAt: 0 } as SportEvent));
      groups.set(group, list);
    }
    const tables = [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([group, events]) => {
        const table = el('table');
        table.append(el('caption', {}, group));
        const head = el('tr');
        head.append(el('th', {}, 'selection'), ...this.books.map((b) => el('th', {}, b)));
        table.appendChild(el('thead')).append(head);
        const body = table.appendChild(el('tbody'));
        events.sort((a, b) => a.startsAt - b.startsAt || a.id.localeCompare(b.id));
        for (const e of events) {
          const title = el('tr', { class: 'event' });
          title.append(
            el(
              'td',
              { colspan: String(this.books.length + 1) },
              eventLabel(book.event(e.id), e.id),
            ),
          );
          body.append(title);
          const keys = [...byEvent.get(e.id)!.values()].sort(
            (a, b) =>
              a.market.localeCompare(b.market) ||
              a.period.localeCompare(b.period) ||
              (a.line ?? 0) - (b.line ?? 0) ||
              a.selection.localeCompare(b.selection),
          );
          for (const k of keys) body.append(this.row(k, book));
        }
        return table;
      });
    this.root.replaceChildren(...tables);
    for (const id of this.rows.keys()) this.markBest(id);
  }

  private row(k: RowKey, book: Book): HTMLTableRowElement {
    const id = rowId(k);
    const line = k.line === null ? '' : ` ${k.line > 0 ? '+' : ''}${k.line}`;
    const tr = el('tr', { class: id === this.selected ? 'sel selected' : 'sel', 'data-row': id });
    tr.append(el('td', {}, `${k.market}/${k.period} ${k.selection}${line}`));
    for (const b of this.books) {
      const key: QuoteKey = { ...k, book: b };
      const td = el('td', { 'data-key': quoteKeyString(key) });
      this.fill(td, key, book);
      this.cells.set(quoteKeyString(key), td);
      tr.append(td);
    }
    tr.addEventListener('click', () => {
      this.rows.get(this.selected ?? '')?.classList.remove('selected');
      this.selected = id;
      tr.classList.add('selected');
      this.onSelect(k);
    });
    this.rows.set(id, tr);
    return tr;
  }

  private fill(td: HTMLTableCellElement, key: QuoteKey, book: Book): void {
    const q = book.get(key);
    td.classList.remove('suspended', 'off');
    if (!q) {
      td.textContent = '';
      td.removeAttribute('data-decimal');
      return;
    }
    const { text, state } = cellText(q.value);
    td.textContent = text;
    if (state !== 'open') td.classList.add(state);
    if (q.value.price && state === 'open') td.dataset['decimal'] = String(q.value.price.decimal);
    else td.removeAttribute('data-decimal');
  }

  /** The longest open price of a row is the best for the bettor. */
  private markBest(id: string): void {
    const tr = this.rows.get(id);
    if (!tr) return;
    let best: HTMLElement | null = null;
    let bestDecimal = 0;
    for (const td of tr.querySelectorAll<HTMLElement>('td[data-key]')) {
      td.classList.remove('best');
      const d = Number(td.dataset['decimal'] ?? 0);
      if (d > bestDecimal) {
        bestDecimal = d;
        best = td;
      }
    }
    best?.classList.add('best');
  }
}
