// Golden frames: fixed client frames and a fixed feed in, the exact server frames out, one file
// per message type and error under golden/. Byte-exact (key order included), whitespace aside.
// `GOLDEN_UPDATE=1` rewrites the files; review the diff before committing it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectGolden } from '../../testing/golden.js';
import {
  RoClient,
  type RoServer,
  sleep,
  startRo,
  subscribeFrame,
} from '../../testing/rapidodds.js';

const START = Date.UTC(2030, 0, 1, 12);
const EVENTS = [
  {
    type: 'event',
    id: 'golden-mlb-1',
    sport: 'baseball',
    league: 'mlb',
    home: { id: 'mlb-bos', name: 'Boston Red Sox' },
    away: { id: 'mlb-tor', name: 'Toronto Blue Jays' },
    startsAt: Date.UTC(2030, 0, 1, 17, 5),
    status: 'scheduled',
  },
];
const q = (
  market: string,
  book: string,
  selection: string,
  line: number | null,
  decimal: number,
) => ({
  type: 'quote',
  event: 'golden-mlb-1',
  market,
  book,
  selection,
  line,
  price: { decimal },
  sourceAt: START - 14_000,
});
const QUOTES = [
  q('moneyline', 'pinnacle', 'home', null, 1.87),
  q('moneyline', 'pinnacle', 'away', null, 2.02),
  q('spread', 'pinnacle', 'home', -1.5, 2.55),
  q('spread', 'pinnacle', 'away', 1.5, 1.52),
  q('moneyline', 'draftkings', 'home', null, 1.9091),
  q('batter-hits', 'draftkings', 'aaron-judge.over', 1.5, 2.2),
];

let s: RoServer;
before(async () => {
  s = await startRo({
    // Small enough for one over-wide subscription to hit it (the limit_exceeded frame).
    'stream.maxFilterValues': 20,
    'auth.plans': {
      metered: { dialects: ['*'], tiers: { rapidodds: 'pro' }, metered: true, credits: 3 },
    },
  });
  await s.t.ingest(EVENTS);
});
after(() => s.close());

const golden = (name: string, received: string): void =>
  expectGolden(new URL('./golden/', import.meta.url), name, received);

/** Sends one client frame and returns the text of the frame it causes. */
async function answer(c: RoClient, frame: unknown): Promise<string> {
  const n = c.c.texts.length;
  c.send(frame);
  await c.count(n + 1);
  return c.c.texts[n]!;
}

test('connection, subscription and error frames', async () => {
  const c = await RoClient.open(s.t.wsUrl, s.key('metered').key);
  await c.count(1);
  golden('connected', c.c.texts[0]!);
  const sub = subscribeFrame(
    'mlb',
    ['Pinnacle', 'DraftKings', 'Bet365', 'TAB', 'Sportsbet', 'Bovada'],
    ['head_to_head', 'alternate_lines'],
  );
  golden('subscribed', await answer(c, sub));
  golden('unsubscribed', await answer(c, { action: 'unsubscribe', sport: 'MLB' }));
  golden('error-invalid_json', await answer(c, '{"action": subscribe'));
  golden('error-unknown_action', await answer(c, { action: 'snapshot', sport: 'MLB' }));
  golden('error-unknown_sport', await answer(c, subscribeFrame('XYZ', ['Pinnacle'], ['h2h'])));
  golden(
    'error-invalid_subscription',
    await answer(c, { action: 'subscribe', sport: 'MLB', bookmakers: [], market_types: ['x'] }),
  );
  const wide = subscribeFrame(
    'MLB',
    ['DraftKings', 'FanDuel', 'BetMGM', 'theScoreBet', 'Fanatics', 'Fliff', 'Pinnacle'].concat([
      'Bovada',
      'Bet365',
      'Unibet',
      'Sportsbet',
      'TAB',
      'Ladbrokes',
      'Pointsbet',
    ]),
    [
      'head_to_head',
      'alternate_lines',
      'alternate_lines_1st_5_innings',
      'alternate_total_runs',
    ].concat(
      ['alternate_team_total_runs', 'batter_hits', 'batter_total_bases', 'batter_home_runs'],
      ['batter_rbis', 'pitcher_strikeouts'],
    ),
  );
  golden('error-limit_exceeded', await answer(c, wide));
  await c.close();
});

test('odds_update and the credits error, from a fixed feed on a fixed clock', async () => {
  const c = await RoClient.open(s.t.wsUrl, s.key('metered').key);
  c.send(
    subscribeFrame(
      'MLB',
      ['Pinnacle', 'DraftKings'],
      ['head_to_head', 'alternate_lines', 'batter_hits'],
    ),
  );
  await c.count(2);
  await s.t.ingest(QUOTES);
  s.clock.advance(1_000);
  await c.count(3);
  golden('odds_update', c.c.texts[2]!);
  // The plan's 3 credits are spent; the next push costs 3 again.
  await s.t.ingest([q('moneyline', 'pinnacle', 'home', null, 1.88)]);
  s.clock.advance(1_000);
  await c.count(4);
  golden('error-insufficient_credits', c.c.texts[3]!);
  await sleep(50);
  assert.equal(c.c.texts.length, 4);
  await c.close();
});
