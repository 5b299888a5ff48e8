// The dashboard page: one SDK client (the page's ?key= is its key), one subscription feeding
// the board and the chart, and the health panel.
import { connect, type Filter } from '@linecast/sdk';
import { Board } from './board.js';
import { LineChart } from './chart.js';
import { startHealth } from './health.js';

const page = new URL(location.href);
const key = page.searchParams.get('key') ?? '';
const list = (name: string) =>
  page.searchParams
    .get(name)
    ?.split(',')
    .filter((s) => s !== '');

// The board shows main lines; ?sport= ?league= ?market= ?book= narrow it (default: moneylines).
const filter: Filter = { mainOnly: true, markets: list('market') ?? ['moneyline'] };
for (const [param, field] of [
  ['sport', 'sports'],
  ['league', 'leagues'],
  ['book', 'books'],
  ['period', 'periods'],
] as const) {
  const v = list(param);
  if (v) filter[field] = v;
}

const $ = (id: string) => document.getElementById(id)!;
const chart = new LineChart($('chart'), $('legend'), $('chart-title'));
const board = new Board(
  $('board'),
  (row) => void chart.select(row, location.origin, key, filter.books),
);
startHealth($('health'), `/dashboard/stats?key=${encodeURIComponent(key)}`);

const client = connect(location.origin, { key });
const badge = $('conn');
client.on('state', (t) => {
  badge.textContent = `${t.to} (${client.transportKind})`;
  badge.className = `conn ${t.to}`;
  badge.title = `${t.reason}${t.detail ? ` ${t.detail}` : ''}`;
});

const sub = client.subscribe(filter);
for await (const m of sub) {
  if (m.type === 'image') board.render(sub.book);
  else {
    board.change(m, sub.book);
    chart.change(m);
  }
}
