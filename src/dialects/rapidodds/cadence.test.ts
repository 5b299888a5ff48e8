// Cadence follows the sport: each sport's refresh cycle is configurable, changes within a cycle
// make one push, the immediate-push option, and a reader that falls behind keeps one pending
// push per sport (never charged until sent) and is closed as a slow consumer after a while.
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { test } from 'node:test';
import { eventItems, quoteItems } from '../../testing/feed.js';
import { RoClient, sleep, startRo, subscribeFrame } from '../../testing/rapidodds.js';

test('per-sport refresh cycles: NBA every 1 s, NHL every 3 s; many changes in a cycle make one push', async () => {
  const s = await startRo({ 'dialects.rapidodds.refreshMsBySport': { nhl: 3_000 } });
  await s.t.ingest(eventItems());
  const c = await RoClient.open(s.t.wsUrl, s.key('pro').key);
  c.send(subscribeFrame('NBA', ['DraftKings', 'Pinnacle'], ['head_to_head']));
  c.send(subscribeFrame('NHL', ['DraftKings', 'Pinnacle'], ['head_to_head']));
  await c.count(3);
  const sports = () => c.of('odds_update').map((p) => p['sport']);
  for (const seed of [1, 2, 3]) await s.t.ingest(quoteItems(72, seed, 72));
  s.clock.advance(1_000);
  await c.until(() => sports().length === 1);
  s.clock.advance(1_000);
  await sleep(100);
  assert.deepEqual(sports(), ['NBA']);
  s.clock.advance(1_000);
  await c.until(() => sports().length === 2);
  assert.deepEqual(sports(), ['NBA', 'NHL']);
  const nba = c.of('odds_update')[0]?.['data'] as { games: unknown[] };
  assert.equal(nba.games.length, 2, 'both NBA games, once each');
  await c.close();
  await s.close();
});

test('immediatePush: the current odds follow subscribed at once, billed like any push', async () => {
  const s = await startRo({
    'dialects.rapidodds.immediatePush': true,
    'auth.plans': { metered: { dialects: ['*'], metered: true, credits: 10 } },
  });
  await s.t.ingest(eventItems());
  await s.t.ingest(quoteItems(72, 8, 72));
  const { key, id } = s.key('metered');
  const c = await RoClient.open(s.t.wsUrl, key);
  c.send(subscribeFrame('NBA', ['Pinnacle'], ['head_to_head', 'alternate_lines']));
  c.send(subscribeFrame('MLB', ['Pinnacle'], ['head_to_head']));
  await c.count(4);
  await sleep(50);
  assert.deepEqual(
    c.frames().map((f) => f.event),
    ['connected', 'subscribed', 'odds_update', 'subscribed'],
    'no push for a sport without games',
  );
  assert.equal((c.frames()[2]!['data'] as { games: unknown[] }).games.length, 2);
  assert.equal(s.t.app.credits.peek(id, 'metered'), 8);
  await c.close();
  await s.close();
});

const FEEDS = ['draftkings', 'pinnacle', 'bet365', 'betmgm', 'bovada', 'unibet', 'fliff'];

/** Many alternate lines in one game, so one push is a few hundred KB. */
function ladder(): unknown[] {
  const out: unknown[] = [];
  for (const book of FEEDS) {
    for (let i = 0; i < 200; i++) {
      for (const selection of ['home', 'away']) {
        const line = (selection === 'home' ? -1 : 1) * (0.5 + i * 0.5);
        const decimal = 1.5 + (i % 50) / 100;
        out.push({
          type: 'quote',
          event: 'nba-1',
          market: 'spread',
          book,
          selection,
          line,
          price: { decimal },
        });
      }
    }
  }
  return out;
}

test('a reader that stops reading: pushes wait (uncharged), then the socket closes with 1008 slow consumer', async () => {
  const s = await startRo({
    'dialects.rapidodds.slowConsumerBytes': 64 * 1024,
    'dialects.rapidodds.slowConsumerMs': 5_000,
    'auth.plans': { metered: { dialects: ['*'], metered: true, credits: 1_000 } },
    // The paused reader answers no pings: liveness must not cut it before the 1008 is read.
    'stream.pingMs': 300_000,
  });
  await s.t.ingest(eventItems());
  await s.t.ingest(ladder());
  const { key, id } = s.key('metered');
  const c = await RoClient.open(s.t.wsUrl, key);
  const books = ['DraftKings', 'Pinnacle', 'Bet365', 'BetMGM', 'Bovada', 'Unibet', 'Fliff'];
  c.send(subscribeFrame('NBA', books, ['alternate_lines']));
  await c.count(2);
  (c.c.ws as unknown as { _socket: Socket })._socket.pause();

  let cycles = 0;
  const closed = c.closed.then((code) => code);
  let code: number | null = null;
  void closed.then((x) => {
    code = x;
  });
  for (; cycles < 60 && code === null; cycles++) {
    await s.t.ingest([
      {
        type: 'quote',
        event: 'nba-1',
        market: 'spread',
        book: 'pinnacle',
        selection: 'home',
        line: -0.5,
        price: { decimal: 1.8 + (cycles % 20) / 100 },
      },
    ]);
    s.clock.advance(1_000);
    await sleep(30);
  }
  const charged = (1_000 - s.t.app.credits.peek(id, 'metered')) / 2;
  (c.c.ws as unknown as { _socket: Socket })._socket.resume();
  assert.equal(await closed, 1008);
  await sleep(100);
  const sent = c.of('odds_update').length;
  assert.ok(cycles > charged, `${cycles} cycles, ${charged} pushes charged`);
  assert.equal(sent, charged, 'every charged push was delivered; held pushes cost nothing');
  assert.ok(charged > 0);
  await s.close();
});
