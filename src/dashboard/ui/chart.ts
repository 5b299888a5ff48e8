// Line movement of one selection: a line per book, from GET /v1/history, then live. Drawn with
// TradingView's lightweight-charts, a canvas library made for financial time series (small,
// fast appends with `update`, a time axis that handles gaps).
import type { Change, QuoteValue } from '@linecast/sdk';
import {
  createChart,
  type IChartApi,
  type ISeriesApi,
  LineSeries,
  LineType,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { RowKey } from './board.js';

const PALETTE = [
  '#4e9af1',
  '#f1c40f',
  '#e67e22',
  '#9b59b6',
  '#1abc9c',
  '#e84393',
  '#95a5a6',
  '#2ecc71',
  '#e74c3c',
  '#00cec9',
];

interface HistoryChange {
  at: number;
  key: { book: string; selection: string; line: number | null };
  after: QuoteValue;
}

export class LineChart {
  private readonly chart: IChartApi;
  private readonly series = new Map<string, { s: ISeriesApi<'Line'>; last: number }>();
  private selected: RowKey | null = null;
  private generation = 0;

  constructor(
    private readonly box: HTMLElement,
    private readonly legend: HTMLElement,
    private readonly title: HTMLElement,
  ) {
    this.chart = createChart(box, {
      autoSize: true,
      layout: { background: { color: '#161c23' }, textColor: '#7d8894' },
      grid: { vertLines: { color: '#26303b' }, horzLines: { color: '#26303b' } },
      timeScale: { timeVisible: true, secondsVisible: true },
    });
  }

  /** Loads a selection's history (decimal odds per book), then follows it live. */
  /** `books`: the board's book filter, so history shows the books that then update live. */
  async select(row: RowKey, base: string, key: string, books?: string[]): Promise<void> {
    const generation = ++this.generation;
    this.selected = row;
    const line = row.line === null ? '' : ` ${row.line}`;
    this.title.textContent = `${row.event} · ${row.market}/${row.period} ${row.selection}${line} (decimal odds)`;
    for (const { s } of this.series.values()) this.chart.removeSeries(s);
    this.series.clear();
    this.legend.replaceChildren();
    const q = new URLSearchParams({
      event: row.event,
      market: row.market,
      period: row.period,
      limit: '10000',
    });
    // The page's key: /v1 REST takes it where it is keyed (dialects.native.restAccess).
    const res = await fetch(`${base}/v1/history?${q}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const body = (await res.json()) as { changes: HistoryChange[] };
    if (generation !== this.generation) return;
    for (const c of body.changes) {
      if (books && !books.includes(c.key.book)) continue;
      if (c.key.selection === row.selection && c.key.line === row.line)
        this.point(c.key.book, c.at, c.after);
    }
    this.chart.timeScale().fitContent();
    this.box.dataset['points'] = String(this.points());
  }

  change(c: Change): void {
    const r = this.selected;
    if (!r || c.type !== 'quote') return;
    const k = c.key;
    if (k.event !== r.event || k.market !== r.market || k.period !== r.period) return;
    if (k.selection !== r.selection || k.line !== r.line) return;
    this.point(k.book, c.at, c.after);
    this.box.dataset['points'] = String(this.points());
  }

  private points(): number {
    let n = 0;
    for (const { s } of this.series.values()) n += s.data().length;
    return n;
  }

  private point(book: string, at: number, v: QuoteValue): void {
    if (!v.price || v.status !== 'open') return;
    let entry = this.series.get(book);
    if (!entry) {
      const color = PALETTE[this.series.size % PALETTE.length]!;
      entry = {
        // Steps: a price holds until the book moves it. Thirty books' value labels would bury
        // the axis, so the legend names the colours instead.
        s: this.chart.addSeries(LineSeries, {
          color,
          lineWidth: 2,
          lineType: LineType.WithSteps,
          lastValueVisible: false,
          priceLineVisible: false,
        }),
        last: 0,
      };
      this.series.set(book, entry);
      const item = document.createElement('span');
      item.style.setProperty('--c', color);
      item.textContent = book;
      this.legend.append(item);
    }
    // One point per second per book; a later second never goes back in time.
    const time = Math.max(Math.floor(at / 1000), entry.last) as UTCTimestamp;
    entry.last = time;
    entry.s.update({ time, value: v.price.decimal });
  }
}
