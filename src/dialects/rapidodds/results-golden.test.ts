// Golden frames of the results surface: a fixed game played on a fixed clock, the exact
// `subscribed`, `results_update` and REST bodies out (key order included). `GOLDEN_UPDATE=1`
// rewrites the files; review the diff before committing it.
import { after, before, test } from 'node:test';
import { expectGolden } from '../../testing/golden.js';
import { RoClient, type RoServer, startRo } from '../../testing/rapidodds.js';

const START = Date.UTC(2030, 0, 1, 12);
const game = (status: string, live?: Record<string, number>) => ({
  type: 'event',
  id: 'golden-mlb-1',
  sport: 'baseball',
  league: 'mlb',
  home: { id: 'mlb-bos', name: 'Boston Red Sox' },
  away: { id: 'mlb-tor', name: 'Toronto Blue Jays' },
  startsAt: START,
  status,
  ...(live ? { live } : {}),
});

let s: RoServer;
before(async () => {
  s = await startRo();
  await s.t.ingest([game('scheduled')]);
});
after(() => s.close());

const golden = (name: string, received: string): void =>
  expectGolden(new URL('./golden/', import.meta.url), name, received);

test('results: subscribed, a results_update of a game in play, the REST answers', async () => {
  const { key } = s.key('pro');
  const c = await RoClient.open(s.t.wsUrl, key, '/results-ws');
  c.send({ action: 'subscribe', sport: 'MLB', status: 'all', include: ['scores', 'players'] });
  await c.count(2);
  golden('results-connected', c.c.texts[0]!);
  golden('results-subscribed', c.c.texts[1]!);
  // Three moves within one refresh cycle (1 s): one push with the game as it stands after them.
  await s.t.ingest([game('live', { home: 0, away: 0, clock: 0, period: 1 })]);
  s.clock.advance(200);
  await s.t.ingest([game('live', { home: 0, away: 2, clock: 300, period: 1 })]);
  s.clock.advance(200);
  await s.t.ingest([game('live', { home: 1, away: 2, clock: 900, period: 2 })]);
  s.clock.advance(600);
  await c.count(3);
  golden('results_update', c.c.texts[2]!);
  const rest = await fetch(`${s.t.url}/results/MLB?api_key=${key}&include=scores`);
  golden('results.rest', await rest.text());
  const sports = await fetch(`${s.t.url}/results/sports?api_key=${key}`);
  golden('results-sports.rest', await sports.text());
  await c.close();
});
