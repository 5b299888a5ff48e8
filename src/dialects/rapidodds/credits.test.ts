// Credits are exact: each push with data costs credits_per_push, an empty cycle costs nothing,
// running out skips the push with one credits error and no disconnect, a top-up resumes, and
// balances are per key (shared by its connections) and survive a restart.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventItems } from '../../testing/feed.js';
import {
  RoClient,
  type RoServer,
  sleep,
  startRo,
  subscribeFrame,
} from '../../testing/rapidodds.js';

let price = 1.5;
/** One quote Change: a new price (or a status) for one selection. */
function quote(event: string, market: string, book: string, status = 'open'): unknown {
  price += 0.01;
  const selection = market === 'total' ? 'over' : 'home';
  const line = market === 'moneyline' ? null : market === 'spread' ? -3.5 : 220.5;
  return { type: 'quote', event, market, book, selection, line, price: { decimal: price }, status };
}

async function usage(s: RoServer, key: string): Promise<Record<string, unknown>> {
  return (await (await fetch(`${s.t.url}/usage?api_key=${key}`)).json()) as Record<string, unknown>;
}

/** Ingests, runs one refresh cycle and gives the sockets time to receive what it sent. */
async function cycle(s: RoServer, items: unknown[]): Promise<void> {
  if (items.length > 0) await s.t.ingest(items);
  s.cycle();
  await sleep(80);
}

test('N pushes cost N x credits_per_push; empty cycles cost nothing; exhaustion skips with one error; a top-up resumes', async () => {
  const s = await startRo();
  await s.t.ingest(eventItems());
  const { key, id } = s.key('metered');
  const c = await RoClient.open(s.t.wsUrl, key);
  c.send(subscribeFrame('NBA', ['DraftKings', 'Pinnacle'], ['head_to_head', 'alternate_lines']));
  await c.count(2);
  assert.equal(c.of('subscribed')[0]?.['credits_per_push'], 2);

  for (let i = 0; i < 3; i++) await cycle(s, [quote('nba-1', 'moneyline', 'pinnacle')]);
  assert.deepEqual(
    c.of('odds_update').map((p) => p['credits_charged']),
    [2, 2, 2],
  );
  assert.equal((await usage(s, key))['credits_remaining'], 10 - 3 * 2);

  // Nothing changed; a change outside the subscription; a change that leaves nothing to show.
  await cycle(s, []);
  await cycle(s, [quote('nba-1', 'total', 'pinnacle'), quote('nhl-1', 'moneyline', 'pinnacle')]);
  await cycle(s, [quote('nba-2', 'moneyline', 'draftkings', 'suspended')]);
  assert.equal(c.of('odds_update').length, 3);
  assert.equal(s.t.app.credits.peek(id, 'metered'), 4);

  await cycle(s, [quote('nba-2', 'spread', 'draftkings')]);
  await cycle(s, [quote('nba-2', 'spread', 'draftkings')]);
  assert.equal(c.of('odds_update').length, 5);
  assert.equal(s.t.app.credits.peek(id, 'metered'), 0);

  // Out of credits: the push is skipped with one error event; the socket stays open.
  const before = c.frames().length;
  await cycle(s, [quote('nba-1', 'moneyline', 'draftkings')]);
  assert.deepEqual(c.frames().slice(before), [
    {
      event: 'error',
      message: 'Insufficient credits. This push costs 2 credits, you have 0 remaining.',
      code: 'insufficient_credits',
      sport: 'NBA',
    },
  ]);
  assert.ok(c.isOpen());
  assert.equal(s.t.app.credits.peek(id, 'metered'), 0);

  // A top-up: the next cycle delivers the game that was held back, on the same socket.
  s.t.app.credits.topUp(id, 'metered', 3);
  await cycle(s, []);
  const last = c.frames().at(-1);
  assert.equal(last?.event, 'odds_update');
  const games = (last!['data'] as { games: { game: { home_team: string } }[] }).games;
  assert.deepEqual(
    games.map((g) => g.game.home_team),
    ['nba-bos'],
  );
  assert.equal(s.t.app.credits.peek(id, 'metered'), 1);
  assert.equal(c.of('odds_update').length, 6);
  await c.close();
  await s.close();
});

test('the balance is shared by every connection and sport of a key, and survives a restart', async () => {
  let s = await startRo();
  await s.t.ingest(eventItems());
  const { key, id } = s.key('metered');
  const a = await RoClient.open(s.t.wsUrl, key);
  const b = await RoClient.open(s.t.wsUrl, key);
  a.send(subscribeFrame('NBA', ['Pinnacle'], ['head_to_head']));
  a.send(subscribeFrame('NHL', ['Pinnacle'], ['head_to_head', 'alternate_lines']));
  b.send(subscribeFrame('NFL', ['Pinnacle', 'DraftKings'], ['head_to_head']));
  await a.count(3);
  await b.count(2);
  await cycle(s, [
    quote('nba-1', 'moneyline', 'pinnacle'),
    quote('nhl-1', 'moneyline', 'pinnacle'),
    quote('nfl-1', 'moneyline', 'pinnacle'),
  ]);
  assert.deepEqual(
    a
      .of('odds_update')
      .map((p) => [p['sport'], p['credits_charged']])
      .sort(),
    [
      ['NBA', 1],
      ['NHL', 2],
    ],
  );
  assert.deepEqual(
    b.of('odds_update').map((p) => p['credits_charged']),
    [1],
  );
  const after = await usage(s, key);
  assert.deepEqual(after, {
    tier: 'elite',
    status: 'active',
    credits_used: 4,
    credits_limit: 10,
    credits_remaining: 6,
    resets: false,
  });

  await Promise.all([a.close(), b.close()]);
  const dir = s.t.dataDir;
  await s.close({ keepData: true });
  s = await startRo({}, dir);
  assert.equal((await usage(s, key))['credits_remaining'], 6);
  assert.equal(s.t.app.credits.peek(id, 'metered'), 6);
  await s.close();
});
