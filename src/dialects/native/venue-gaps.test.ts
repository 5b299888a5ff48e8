// Cross-venue gaps end to end: a server on the manual clock with its exchange (makers off, so
// only the test's orders make the market) and an ingested soccer game. The gap between the
// market's mid and the books' home-win probability (three-way: a draw is not a win) opens an
// alert on WebSocket, SSE and REST, is updated as either venue moves, and closes when they agree.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { multiplicative } from '../../analytics/devig.js';
import type { Alert, VenueGapAlert } from '../../analytics/types.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { type Frame, NativeClient } from '../../testing/native-client.js';
import { SseClient } from '../../testing/sse-client.js';
import { ManualScheduler } from '../../timers/scheduler.js';

const START = Date.UTC(2030, 0, 1, 12);
const GAME = {
  type: 'event',
  id: 'gap-epl-1',
  sport: 'soccer',
  league: 'epl',
  home: { id: 'epl-ars', name: 'Arsenal', abbr: 'ARS' },
  away: { id: 'epl-avl', name: 'Aston Villa', abbr: 'AVL' },
  startsAt: Date.UTC(2030, 0, 2, 15),
  status: 'scheduled',
};
const quote = (book: string, selection: string, decimal: number) => ({
  type: 'quote',
  event: GAME.id,
  market: 'three-way',
  book,
  selection,
  line: null,
  price: { decimal },
  sourceAt: START - 1000,
});
/** Three-way prices: the home side's fair probability is well below its two-way share. */
const result = (book: string, home: number, draw: number, away: number) => [
  quote(book, 'home', home),
  quote(book, 'draw', draw),
  quote(book, 'away', away),
];
const STALL = 60_000;

let t: TestApp;
let ws: NativeClient;
let sse: SseClient;

const gaps = (frames: readonly Record<string, unknown>[]): VenueGapAlert[] =>
  frames.flatMap((f) => {
    const all =
      f['type'] === 'alert'
        ? [(f as unknown as { alert: Alert }).alert]
        : f['type'] === 'alert_snapshot'
          ? (f as unknown as { alerts: Alert[] }).alerts
          : [];
    return all.filter((a): a is VenueGapAlert => a.kind === 'venue_gap');
  });

before(async () => {
  const scheduler = new ManualScheduler(START);
  t = await startTestApp({ 'exchange.makers.enabled': false }, undefined, undefined, { scheduler });
  ws = await NativeClient.connect(`${t.wsUrl}/v1/stream?key=${t.key}`);
  ws.send({
    type: 'subscribe',
    id: 'g',
    stream: 'alerts',
    kinds: ['venue_gap'],
    filter: { sports: ['soccer'] },
  });
  sse = await SseClient.connect(
    `${t.url}/v1/sse?stream=alerts&kind=venue_gap&book=pinnacle&key=${t.key}`,
  );
  await ws.until(() => ws.of('subscribed').length === 1, STALL);
});
after(async () => {
  await ws.close();
  await sse.close();
  await t.close();
});

test('a gap opens when the books and the market disagree, moves with both, and closes when they agree', async () => {
  assert.equal((await t.ingest([GAME])).status, 200);
  assert.equal((await t.ingest(result('pinnacle', 2.0, 3.5, 4.0))).status, 200);
  const exchange = t.app.exchange!;
  const market = exchange.markets({ eventId: GAME.id })[0]!;
  assert.ok(market, 'the exchange listed the game');
  const fair = multiplicative([2.0, 3.5, 4.0])![0]!;
  assert.ok(Math.abs(fair - 0.4828) < 1e-4, `home-win probability of the three-way: ${fair}`);

  // The market prices YES at 0.61: 0.127 above the books (the default threshold is 0.03).
  exchange.openAccount('u1', 10_000);
  const bid = exchange.createOrder('u1', {
    marketSlug: market.slug,
    intent: 'ORDER_INTENT_BUY_LONG',
    price: 0.6,
    quantity: 10,
  }).order;
  const ask = exchange.createOrder('u1', {
    marketSlug: market.slug,
    intent: 'ORDER_INTENT_BUY_SHORT',
    price: 0.62,
    quantity: 10,
  }).order;
  await ws.until(() => gaps(ws.frames as Frame[]).length > 0, STALL);
  const [opened] = gaps(ws.frames as Frame[]);
  assert.equal(opened?.phase, 'opened');
  assert.equal(opened?.venue, 'exchange');
  assert.equal(opened?.venueMarket, market.slug);
  assert.equal(opened?.event, GAME.id);
  assert.equal(opened?.market, 'three-way');
  assert.deepEqual([opened?.bid, opened?.ask, opened?.mid], [0.6, 0.62, 0.61]);
  assert.ok(Math.abs((opened?.fairProbability ?? 0) - fair) < 1e-12);
  assert.ok(Math.abs((opened?.gap ?? 0) - (0.61 - fair)) < 1e-12);
  assert.equal(opened?.cause, null, 'the venue moved, not an odds Change');
  assert.deepEqual(opened?.books, ['pinnacle'], 'the default consensus: the sharp book');

  const rest = (await (
    await fetch(`${t.url}/v1/alerts?kind=venue_gap&event=${GAME.id}&key=${t.key}`)
  ).json()) as { alerts: VenueGapAlert[] };
  assert.deepEqual(
    rest.alerts.map((a) => a.id),
    [opened?.id],
    'REST lists the open gap',
  );
  const otherBook = (await (
    await fetch(`${t.url}/v1/alerts?kind=venue_gap&book=fanduel&key=${t.key}`)
  ).json()) as { alerts: VenueGapAlert[] };
  assert.equal(otherBook.alerts.length, 0, 'a books filter matches the consensus books');

  // The books move towards the market: the same alert is updated with the new fair price.
  assert.equal((await t.ingest(result('pinnacle', 1.8, 3.6, 4.6))).status, 200);
  const fair2 = multiplicative([1.8, 3.6, 4.6])![0]!;
  // (Each of the three quotes moves the consensus in turn: the last update has all three.)
  const movedBooks = () =>
    gaps(ws.frames as Frame[]).find(
      (a) => a.phase === 'updated' && Math.abs(a.fairProbability - fair2) < 1e-12,
    );
  await ws.until(() => movedBooks() !== undefined, STALL);
  assert.equal(movedBooks()?.id, opened?.id);
  assert.ok(Math.abs((movedBooks()?.mid ?? 0) - 0.61) < 1e-12);

  // The market comes down to the books: the gap closes.
  assert.ok(exchange.modifyOrder('u1', bid.id, { price: 0.52 }).ok);
  assert.ok(exchange.modifyOrder('u1', ask.id, { price: 0.54 }).ok);
  await ws.until(() => gaps(ws.frames as Frame[]).some((a) => a.phase === 'closed'), STALL);
  const phases = gaps(ws.frames as Frame[]).map((a) => a.phase);
  assert.equal(phases.at(-1), 'closed');
  const closed = gaps(ws.frames as Frame[]).at(-1)!;
  assert.equal(closed.reason, 'below_threshold');
  assert.ok(Math.abs(0.53 - fair2) < 0.03, 'they agree within the threshold');

  // SSE (filtered by the consensus book) saw the same phases.
  await sse.until(() => gaps(sse.frames()).some((a) => a.phase === 'closed'), STALL);
  assert.deepEqual(
    gaps(sse.frames()).map((a) => [a.id, a.phase]),
    gaps(ws.frames as Frame[]).map((a) => [a.id, a.phase]),
  );
  const now = (await (await fetch(`${t.url}/v1/alerts?kind=venue_gap&key=${t.key}`)).json()) as {
    alerts: VenueGapAlert[];
  };
  assert.equal(now.alerts.length, 0);
});

test('a market without a two-sided book, a suspended or a finished game has no gap', async () => {
  const exchange = t.app.exchange!;
  const market = exchange.markets({ eventId: GAME.id })[0]!;
  const bid = exchange.openOrders('u1', [market.slug]).find((o) => o.price === 0.52)!;
  // Far from the books again: a new alert opens (a new id).
  assert.ok(exchange.modifyOrder('u1', bid.id, { price: 0.3 }).ok);
  const count = () => gaps(ws.frames as Frame[]).filter((a) => a.phase === 'opened').length;
  await ws.until(() => count() === 2, STALL);
  // One side of the book empties: nothing to compare.
  assert.ok(exchange.cancelOrder('u1', bid.id).ok);
  await ws.until(() => gaps(ws.frames as Frame[]).at(-1)?.phase === 'closed', STALL);
  assert.equal(gaps(ws.frames as Frame[]).at(-1)?.reason, 'unavailable');
  // A new bid reopens it; the game ending closes it.
  exchange.createOrder('u1', {
    marketSlug: market.slug,
    intent: 'ORDER_INTENT_BUY_LONG',
    price: 0.3,
    quantity: 10,
  });
  await ws.until(() => count() === 3, STALL);
  // A suspended game suspends its market: no price to compare.
  assert.equal((await t.ingest([{ ...GAME, status: 'suspended' }])).status, 200);
  await ws.until(() => gaps(ws.frames as Frame[]).at(-1)?.phase === 'closed', STALL);
  assert.equal(gaps(ws.frames as Frame[]).at(-1)?.reason, 'unavailable');
  assert.equal((await t.ingest([GAME])).status, 200);
  await ws.until(() => count() === 4, STALL);
  const ended = { ...GAME, status: 'ended', live: { home: 1, away: 1, clock: 0, period: 2 } };
  assert.equal((await t.ingest([ended])).status, 200);
  await ws.until(() => gaps(ws.frames as Frame[]).at(-1)?.phase === 'closed', STALL);
  assert.equal(gaps(ws.frames as Frame[]).at(-1)?.reason, 'event_finished');
  assert.equal(exchange.marketBySlug(market.slug)?.settlement?.price, 0, 'a draw resolves NO');
});
