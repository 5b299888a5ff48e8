import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { eventItems } from '../../testing/feed.js';

let t: TestApp;
const get = async (path: string) => {
  const res = await fetch(`${t.url}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const quote = (american: number, sourceAt: number) => ({
  type: 'quote',
  event: 'nba-1',
  market: 'moneyline',
  book: 'pinnacle',
  selection: 'home',
  price: { american },
  // Times within the window ingest accepts (docs/ingest.md).
  sourceAt: Date.UTC(2026, 0, 1) + sourceAt,
});

before(async () => {
  t = await startTestApp();
  await t.ingest(eventItems());
  await t.ingest([quote(-110, 1_000)]);
  await t.ingest([quote(-120, 2_000)]);
  const live = {
    ...(eventItems()[0] as object),
    status: 'live',
    live: { home: 2, away: 0, clock: 700, period: 1 },
  };
  await t.ingest([live]);
  await t.ingest([quote(-180, 3_000)]);
});
after(() => t.close());

test('price history, openers and closing prices of an event', async () => {
  const h = await get('/v1/history?event=nba-1&market=moneyline&book=pinnacle');
  assert.equal(h.status, 200);
  const prices = (h.body['changes'] as { after: { price: { american: number } } }[]).map(
    (c) => c.after.price.american,
  );
  assert.deepEqual(prices, [-110, -120, -180]);
  const o = await get('/v1/openers?event=nba-1');
  assert.deepEqual(
    (o.body['quotes'] as { value: { price: { american: number } } }[]).map(
      (q) => q.value.price.american,
    ),
    [-110],
  );
  const c = await get('/v1/closing?event=nba-1');
  assert.deepEqual(
    (c.body['quotes'] as { value: { price: { american: number } } }[]).map(
      (q) => q.value.price.american,
    ),
    [-120],
    'the last price before the event went live',
  );
});

test('snapshot filters, events, position and catalog', async () => {
  const live = await get('/v1/snapshot?inPlay=true');
  assert.deepEqual(
    (live.body['events'] as { id: string }[]).map((e) => e.id),
    ['nba-1'],
  );
  const none = await get('/v1/snapshot?book=fanduel');
  assert.equal((none.body['quotes'] as unknown[]).length, 0);
  const events = await get('/v1/events?sport=hockey');
  assert.deepEqual(
    (events.body['events'] as { id: string }[]).map((e) => e.id),
    ['nhl-1'],
  );
  assert.deepEqual((await get('/v1/position')).body, t.app.state.position());
  const books = (await get('/v1/catalog/books')).body['books'] as { id: string }[];
  assert.ok(books.length >= 15);
});

test('bad queries are coded 400s and unknown paths 404s', async () => {
  const missing = await get('/v1/history');
  assert.equal(missing.status, 400);
  assert.equal((missing.body['error'] as { code: string }).code, 'LC_ERR_REQUEST_BAD_QUERY');
  assert.equal((await get('/v1/history?event=nba-1&limit=0')).status, 400);
  assert.equal((await get('/v1/snapshot?main=perhaps')).status, 400);
  assert.equal((await get('/v1/history?event=nba-1&from=yesterday')).status, 400);
  assert.equal((await get('/v1/nothing')).status, 404);
  const post = await fetch(`${t.url}/v1/snapshot`, { method: 'POST' });
  assert.equal(post.status, 405);
});
