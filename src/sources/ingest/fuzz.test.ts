// Seeded fuzzing of ingest: the pure normaliser and batch parsers in-process (tens of thousands
// of cases), then HTTP and WebSocket ingest over real sockets. Every input is answered with a
// catalogued code; nothing throws, nothing is a 5xx, and the server keeps ingesting.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { CatalogIndex } from '../../catalog/index.js';
import { defaultCatalogDir, loadCatalog } from '../../catalog/load.js';
import { LinecastError } from '../../errors/catalogue.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { eventItems, quoteItems } from '../../testing/feed.js';
import { CATALOGUE_CODES, garbageText, mutate, Rng } from '../../testing/fuzz/kit.js';
import { parseBatch, parseMessage } from './batch.js';
import { normalise } from './normalise.js';

const VALID = [
  ...eventItems(),
  ...quoteItems(20, 1),
  {
    type: 'event',
    id: 'nba-live',
    sport: 'basketball',
    league: 'nba',
    home: { id: 'nba-bos', name: 'Boston', abbr: 'BOS' },
    away: { id: 'nba-lal', name: 'Los Angeles' },
    players: [{ id: 'jayson-tatum', name: 'Jayson Tatum' }],
    startsAt: '2030-01-01T00:30:00Z',
    status: 'live',
    live: { home: 10, away: 12, clock: 300, period: 2 },
  },
  {
    type: 'quote',
    event: 'nba-1',
    market: 'player-points',
    period: 'game',
    book: 'fanduel',
    selection: 'jayson-tatum.over',
    line: 27.5,
    price: { fractional: '10/11' },
    status: 'suspended',
    reason: 'injury',
    main: false,
    limit: 500,
    sourceAt: Date.UTC(2030, 0, 1),
  },
];

const catalog = new CatalogIndex(loadCatalog(defaultCatalogDir()));
const ctx = { catalog, now: Date.UTC(2030, 0, 1), maxFutureMs: 300_000 };

function codeOf(e: unknown): string {
  assert.ok(e instanceof LinecastError, `not a coded error: ${String(e)}`);
  return e.code;
}

test('normalise: 25,000 mutated items each become an update or a catalogued code', () => {
  const rng = new Rng(14);
  let ok = 0;
  for (let i = 0; i < 25_000; i++) {
    const item = mutate(rng, rng.pick(VALID));
    const n = normalise(item, ctx);
    if (n.ok) ok++;
    else assert.ok(CATALOGUE_CODES.has(n.code), `case ${i}: ${n.code}`);
  }
  assert.ok(ok > 0 && ok < 25_000, `some pass, some fail (${ok})`);
});

test('batch parsing: 20,000 garbage bodies and messages are items or coded refusals', () => {
  const rng = new Rng(15);
  for (let i = 0; i < 20_000; i++) {
    const text = garbageText(rng, VALID);
    for (const parse of [
      () => parseBatch(text, false, 32),
      () => parseBatch(text, true, 32),
      () => parseMessage(text, 32),
    ]) {
      try {
        parse();
      } catch (e) {
        assert.ok(CATALOGUE_CODES.has(codeOf(e)), `case ${i}`);
      }
    }
  }
});

let t: TestApp;
before(async () => {
  t = await startTestApp({ 'ingest.maxBodyBytes': 1024 * 1024 });
  assert.equal((await t.ingest(eventItems())).status, 200);
});
after(() => t.close());

const CONTENT_TYPES = [
  'application/json',
  'application/x-ndjson',
  'text/plain',
  '',
  'application/json; charset=utf-8',
];

test('HTTP ingest: 300 garbage bodies get a 2xx or coded 4xx; valid ingest still works', async () => {
  const rng = new Rng(16);
  for (let i = 0; i < 300; i++) {
    const lines = Array.from({ length: 1 + rng.int(5) }, () => garbageText(rng, VALID));
    const type = rng.pick(CONTENT_TYPES);
    const res = await fetch(`${t.url}/v1/ingest`, {
      method: 'POST',
      headers: {
        authorization: rng.chance(0.95) ? `Bearer ${t.app.ingestToken}` : 'Bearer x',
        ...(type ? { 'content-type': type } : {}),
      },
      body: type.includes('ndjson') ? lines.join('\n') : (lines[0] ?? ''),
    });
    assert.ok(res.status < 500, `case ${i}: ${res.status}`);
    const body = (await res.json()) as {
      error?: { code: string };
      results?: { ok: boolean; code?: string }[];
    };
    if (res.status >= 400 && res.status !== 422) {
      assert.ok(CATALOGUE_CODES.has(body.error?.code ?? ''), `case ${i}: ${JSON.stringify(body)}`);
    }
    for (const r of body.results ?? []) assert.ok(r.ok || CATALOGUE_CODES.has(r.code ?? ''));
  }
  assert.equal((await t.ingest(quoteItems(5, 9))).status, 200);
});

test('WebSocket ingest: 500 garbage messages are each acked or refused with a catalogued code', async () => {
  const rng = new Rng(17);
  const ws = new WebSocket(`${t.wsUrl}/v1/ingest/ws?token=${t.app.ingestToken}`);
  const replies: {
    type: string;
    error?: { code: string };
    results?: { ok: boolean; code?: string }[];
  }[] = [];
  ws.on('message', (d) => replies.push(JSON.parse(d.toString())));
  await new Promise((r) => ws.once('open', r));
  const until = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => (replies.length >= count ? resolve() : setTimeout(check, 5));
      check();
    });
  // In rounds below ingest.maxPendingBatches, so the feeder is never cut for running ahead.
  const n = 500;
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    if (r < 0.05) ws.send(Buffer.from(garbageText(rng)), { binary: true });
    else if (r < 0.4) {
      const id = rng.chance(0.5) ? i : `b${i}`;
      ws.send(JSON.stringify({ id, items: [mutate(rng, rng.pick(VALID))] }));
    } else ws.send(garbageText(rng, VALID));
    if (i % 100 === 99) await until(i + 1);
  }
  for (const r of replies) {
    assert.ok(r.type === 'ack' || r.type === 'error', JSON.stringify(r));
    if (r.type === 'error') assert.ok(CATALOGUE_CODES.has(r.error?.code ?? ''), JSON.stringify(r));
    for (const item of r.results ?? []) assert.ok(item.ok || CATALOGUE_CODES.has(item.code ?? ''));
  }
  ws.send(JSON.stringify({ id: 'last', items: quoteItems(3, 11) }));
  await until(n + 1);
  assert.equal(replies.at(-1)?.type, 'ack');
  ws.close();
});
