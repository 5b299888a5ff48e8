// Ingest over real HTTP and WebSocket against the whole server.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { eventItems, quoteItems } from '../../testing/feed.js';

let t: TestApp;
before(async () => {
  t = await startTestApp({ 'ingest.maxBatchItems': 100, 'ingest.maxBodyBytes': 64 * 1024 });
  assert.equal((await t.ingest(eventItems())).status, 200);
});
after(() => t.close());

const quote = (over: Record<string, unknown> = {}) => ({
  type: 'quote',
  event: 'nba-1',
  market: 'moneyline',
  book: 'draftkings',
  selection: 'home',
  price: { american: -110 },
  ...over,
});

function post(body: string, headers: Record<string, string> = {}) {
  return fetch(`${t.url}/v1/ingest`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${t.app.ingestToken}`,
      'content-type': 'application/json',
      ...headers,
    },
    body,
  });
}

test('each bad item gets its index and a coded reason; the valid ones are applied', async () => {
  const items = [
    quote({ price: { american: -125 } }),
    quote({ book: 'nobook' }),
    quote({ market: 'nomarket' }),
    quote({ price: { american: 50 } }),
    quote({ price: { decimal: 1 } }),
    quote({ price: { decimal: Number.NaN } }),
    quote({ event: 'no-such-event' }),
    quote({ sourceAt: Date.now() + 3_600_000 }),
    {
      type: 'event',
      id: 'x',
      sport: 'curling',
      league: 'nba',
      home: { id: 'a', name: 'a' },
      away: { id: 'b', name: 'b' },
      startsAt: 0,
      status: 'scheduled',
    },
    { type: 'nonsense' },
    quote({ book: 'fanduel', price: { fractional: '10/11' } }),
  ];
  const { status, body } = await t.ingest(items);
  assert.equal(status, 422);
  const codes = (body.results as { index: number; ok: boolean; code?: string }[]).map(
    (r) => r.code ?? 'ok',
  );
  assert.deepEqual(codes, [
    'ok',
    'LC_ERR_INGEST_UNKNOWN_BOOK',
    'LC_ERR_INGEST_UNKNOWN_MARKET',
    'LC_ERR_INGEST_BAD_PRICE',
    'LC_ERR_INGEST_BAD_PRICE',
    'LC_ERR_INGEST_INVALID_ITEM', // NaN is not JSON: it arrives as null
    'LC_ERR_INGEST_UNKNOWN_EVENT',
    'LC_ERR_INGEST_BAD_TIME',
    'LC_ERR_INGEST_UNKNOWN_SPORT',
    'LC_ERR_INGEST_INVALID_ITEM',
    'ok',
  ]);
  assert.equal(body.accepted, 2);
  const snap = await (await fetch(`${t.url}/v1/snapshot?event=nba-1&market=moneyline`)).json();
  const prices = (
    snap as {
      quotes: {
        key: { book: string };
        value: { price: { american?: number; fractional?: string } };
      }[];
    }
  ).quotes;
  assert.equal(
    prices.find((q) => q.key.book === 'draftkings')?.value.price.american,
    -125,
    'American comes back unchanged',
  );
  assert.equal(prices.find((q) => q.key.book === 'fanduel')?.value.price.fractional, '10/11');
});

test('an acknowledged batch is already durable in history', async () => {
  const { status, body } = await t.ingest(quoteItems(50, 3));
  assert.equal(status, 200);
  const pos = (body as unknown as { position: { seq: number } }).position;
  assert.ok(t.app.history.durableSeq() >= pos.seq);
});

test('a repeated price is acknowledged as unchanged and makes no Change', async () => {
  await t.ingest([quote({ price: { american: 140 }, book: 'betmgm' })]);
  const seq = t.app.state.position().seq;
  const { body } = await t.ingest([quote({ price: { american: 140 }, book: 'betmgm' })]);
  assert.deepEqual(body.results, [{ index: 0, ok: true, outcome: 'unchanged' }]);
  assert.equal(t.app.state.position().seq, seq);
});

test('NDJSON: a malformed line is refused alone', async () => {
  const body = [
    JSON.stringify(quote({ price: { american: 150 } })),
    '{not json',
    JSON.stringify(quote({ price: { american: 155 } })),
  ].join('\n');
  const res = await post(body, { 'content-type': 'application/x-ndjson' });
  assert.equal(res.status, 422);
  const report = (await res.json()) as { results: { ok: boolean; code?: string }[] };
  assert.deepEqual(
    report.results.map((r) => r.code ?? 'ok'),
    ['ok', 'LC_ERR_REQUEST_MALFORMED', 'ok'],
  );
});

test('limits, auth and media type are coded errors and the server keeps serving', async () => {
  const tooMany = await post(JSON.stringify(quoteItems(101, 5)));
  assert.equal(tooMany.status, 413);
  assert.equal(
    ((await tooMany.json()) as { error: { code: string } }).error.code,
    'LC_ERR_INGEST_BATCH_TOO_LARGE',
  );
  const tooBig = await post(JSON.stringify([quote({ reason: 'x'.repeat(70_000) })]));
  assert.equal(tooBig.status, 413);
  const malformed = await post('{"type":');
  assert.equal(malformed.status, 400);
  const noAuth = await fetch(`${t.url}/v1/ingest`, { method: 'POST', body: '[]' });
  assert.equal(noAuth.status, 401);
  const badAuth = await post('[]', { authorization: 'Bearer wrong' });
  assert.equal(badAuth.status, 401);
  const media = await post('x', { 'content-type': 'text/plain' });
  assert.equal(media.status, 415);
  assert.equal((await fetch(`${t.url}/healthz`)).status, 200);
});

test('WebSocket ingest acknowledges each batch in order with per-item results', async () => {
  const ws = new WebSocket(`${t.wsUrl}/v1/ingest/ws`, {
    headers: { authorization: `Bearer ${t.app.ingestToken}` },
  });
  const acks: { type: string; id: unknown; accepted?: number; rejected?: number }[] = [];
  ws.on('message', (d) => acks.push(JSON.parse(d.toString())));
  await new Promise((r) => ws.once('open', r));
  ws.send(JSON.stringify({ id: 'a', items: quoteItems(20, 8) }));
  ws.send(JSON.stringify({ id: 'b', items: [quote({ book: 'nobook' })] }));
  ws.send('not json at all');
  ws.send(JSON.stringify(quoteItems(5, 9)));
  await new Promise<void>((resolve) => {
    const check = () => (acks.length >= 4 ? resolve() : setTimeout(check, 10));
    check();
  });
  // A message that is not JSON reads as one malformed NDJSON line: refused alone, socket kept.
  assert.deepEqual(
    acks.map((a) => [a.type, a.id, a.rejected]),
    [
      ['ack', 'a', 0],
      ['ack', 'b', 1],
      ['ack', null, 1],
      ['ack', null, 0],
    ],
  );
  assert.equal(acks[0]!.accepted, 20);
  ws.close();
  const refused = new WebSocket(`${t.wsUrl}/v1/ingest/ws?token=wrong`);
  const status = await new Promise((r) =>
    refused.once('unexpected-response', (_q, res) => r(res.statusCode)),
  );
  assert.equal(status, 401);
});
