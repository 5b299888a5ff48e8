// Polymarket US dialect figures on a live server (a child process running `linecast serve` with
// the simulator, the exchange stage and its market makers on): the private-stream latency, from
// sending a signed `POST /v1/orders` until its `orderSubscriptionUpdate` (EXECUTION_TYPE_NEW)
// arrives on `/v1/ws/private`; and the book fan-out latency, from the same send until every one
// of S `/v1/ws/markets` subscribers holds a `marketData` frame with the new order in its book.
// Not a test: numbers for docs/benchmarks.md.
// Usage: npx tsx bench/polymarket-measure.ts [orders=300] [subscribers=100]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyStore, signingPair } from '../src/auth/keys.js';
import {
  type Frame,
  PmClient,
  type PolymarketServer,
  signedHeaders,
} from '../src/testing/polymarket.js';
import { Histogram } from './histogram.js';

const [orders = 300, subscribers = 100] = process.argv.slice(2).map(Number);

const canListen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });

/** A free port whose successor is free too (the dialect's listener is the main port + 1). */
async function freePair(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 40_000);
    if ((await canListen(port)) && (await canListen(port + 1))) return port;
  }
}

function signingKey(store: KeyStore, account: string) {
  const pair = signingPair();
  const record = store.createSigned('polymarket', pair.publicKey, account);
  return { keyId: record.id, secret: pair.secret, account };
}

const dir = mkdtempSync(join(tmpdir(), 'linecast-pm-bench-'));
const store = new KeyStore(dir);
const trader = signingKey(store, 'bench-trader');
// Ten connections per key by default: one key per ten subscribers.
const watchers = Array.from({ length: Math.ceil(subscribers / 10) }, (_, i) =>
  signingKey(store, `bench-watch-${i}`),
);
const port = await freePair();
// The vendor's 20 requests/s per key would pace the measuring loop; latency is what is measured.
const configFile = join(dir, 'bench-config.json');
writeFileSync(
  configFile,
  JSON.stringify({ dialects: { polymarket: { restRequestsPerSecond: 0 } } }),
);
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    'src/cli/main.ts',
    'serve',
    '--port',
    String(port),
    '--data-dir',
    dir,
    '--log-level',
    'warn',
    '--config',
    configFile,
  ],
  { stdio: ['ignore', 'inherit', 'inherit'] },
);
const base = `http://127.0.0.1:${port + 1}`;
const s = { base, wsBase: base.replace('http', 'ws'), now: Date.now } as PolymarketServer;

try {
  // The stage lists a market per game of the simulator's slate once the server runs.
  let slug = '';
  for (let i = 0; i < 600 && !slug; i++) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      const res = await fetch(`${base}/v1/markets?active=true&limit=1`);
      const markets = ((await res.json()) as { markets: { slug: string }[] }).markets;
      slug = markets[0]?.slug ?? '';
    } catch {
      // not listening yet
    }
  }
  if (!slug) throw new Error('no open market');

  const priv = await PmClient.open(s, '/v1/ws/private', trader);
  priv.subscribe('orders', 'SUBSCRIPTION_TYPE_ORDER', [slug]);
  await priv.waitFor((f) => f.requestId === 'orders');
  const watchersOpen: PmClient[] = [];
  for (let i = 0; i < subscribers; i++) {
    const c = await PmClient.open(s, '/v1/ws/markets', watchers[Math.floor(i / 10)]!);
    c.subscribe('book', 'SUBSCRIPTION_TYPE_MARKET_DATA', [slug]);
    watchersOpen.push(c);
  }
  await Promise.all(watchersOpen.map((c) => c.waitFor((f) => f.requestId === 'book')));

  const privateUs = new Histogram();
  const fanoutUs = new Histogram();
  const restUs = new Histogram();
  const levelQty = (f: Frame) =>
    ((f.marketData as { bids?: { px: { value: string }; qty: string }[] }).bids ?? []).find(
      (l) => l.px.value === '0.010',
    )?.qty;
  const started = performance.now();
  for (let i = 0; i < orders; i++) {
    // Each order adds one contract at 0.01, below any maker's quote: the level's qty names it.
    const want = String(i + 1);
    const path = '/v1/orders';
    const t0 = performance.now();
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signedHeaders(trader, 'POST', path, Date.now()),
      },
      body: JSON.stringify({
        marketSlug: slug,
        intent: 'ORDER_INTENT_BUY_LONG',
        type: 'ORDER_TYPE_LIMIT',
        price: { value: '0.01', currency: 'USD' },
        quantity: 1,
        tif: 'TIME_IN_FORCE_GOOD_TILL_CANCEL',
      }),
    });
    const { id } = (await res.json()) as { id: string };
    restUs.record((performance.now() - t0) * 1000);
    const mine = (f: Frame) =>
      f.requestId === 'orders' &&
      (f.orderSubscriptionUpdate as { execution?: { order: { id: string } } } | undefined)
        ?.execution?.order.id === id;
    const privateDone = priv
      .waitFor(mine)
      .then(() => privateUs.record((performance.now() - t0) * 1000));
    const fanoutDone = Promise.all(
      watchersOpen.map((c) => c.waitFor((f) => f.requestId === 'book' && levelQty(f) === want)),
    ).then(() => fanoutUs.record((performance.now() - t0) * 1000));
    await Promise.all([privateDone, fanoutDone]);
    // Keep memory flat: the frames are no longer needed.
    priv.frames.length = 0;
    for (const c of watchersOpen) c.frames.length = 0;
  }
  const elapsed = (performance.now() - started) / 1000;
  const cancel = '/v1/orders/open/cancel';
  await fetch(`${base}${cancel}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...signedHeaders(trader, 'POST', cancel, Date.now()),
    },
    body: '{}',
  });
  const ms = (h: Histogram, p: number) => (h.percentile(p) / 1000).toFixed(2);
  const row = (name: string, h: Histogram) =>
    `| ${name} | ${ms(h, 50)} | ${ms(h, 99)} | ${ms(h, 100)} |`;
  process.stdout.write(
    [
      `Polymarket US, ${orders} sequential orders on ${slug}, ${subscribers} book subscribers, ${elapsed.toFixed(1)} s`,
      '',
      '| Latency (ms) | p50 | p99 | max |',
      '|---|---|---|---|',
      row('REST POST /v1/orders response', restUs),
      row('order sent -> private orderUpdate (NEW)', privateUs),
      row(`order sent -> marketData at all ${subscribers} subscribers`, fanoutUs),
      '',
    ].join('\n'),
  );
  priv.close();
  for (const c of watchersOpen) c.close();
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
