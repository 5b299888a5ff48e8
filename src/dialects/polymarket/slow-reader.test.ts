// A markets reader that stops reading: once it holds more than `imageBudgetBytes`, its book
// images are held back (the latest per market), so what the server keeps for it stays bounded;
// when it reads again it converges on the current book with far fewer frames than changes.
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  call,
  type Frame,
  PmClient,
  type PolymarketServer,
  SLUG_A,
  startPolymarket,
} from '../../testing/polymarket.js';
import { ManualScheduler } from '../../timers/scheduler.js';

const scheduler = new ManualScheduler(Date.now());
let s: PolymarketServer;
before(async () => {
  s = await startPolymarket({
    scheduler,
    overrides: { 'dialects.polymarket.imageBudgetBytes': 1_024 },
  });
});
after(() => s.close());

test('a paused reader is held to the latest image and converges when it reads again', async () => {
  const c = await PmClient.open(s, '/v1/ws/markets', s.key('slow'));
  c.subscribe('book', 'SUBSCRIPTION_TYPE_MARKET_DATA', [SLUG_A]);
  await c.waitFor((f) => f.requestId === 'book');
  const raw = (c.ws as unknown as { _socket: Socket })._socket;
  raw.pause();
  const exchange = s.t.app.exchange!;
  exchange.openAccount('deep', 1_000_000);
  const changes = 4_000;
  for (let i = 0; i < changes; i++) {
    const price = Number((0.01 + (i % 49) * 0.01).toFixed(2));
    exchange.createOrder('deep', {
      marketSlug: SLUG_A,
      intent: 'ORDER_INTENT_BUY_LONG',
      price,
      quantity: 1,
    });
    if (i % 100 === 99) await nextTurn();
  }
  // The flush timer runs while the reader is behind and keeps holding the images back.
  scheduler.advance(250);
  raw.resume();
  const want = (await call(s, null, 'GET', `/v1/markets/${SLUG_A}/book`)).body.marketData;
  // Reading again, it drains; the held images follow on the flush timer.
  let got: Frame | undefined;
  for (let i = 0; i < 200 && !got; i++) {
    scheduler.advance(250);
    await new Promise((r) => setTimeout(r, 20));
    got = c.of('book').find((f) => JSON.stringify(f.marketData) === JSON.stringify(want));
  }
  assert.ok(got, 'the reader converged on the current book');
  const frames = c.of('book').length;
  assert.ok(frames < changes / 2, `${frames} images for ${changes} changes`);
  assert.equal(c.closed, false);
  c.close();
});
