// Parlay's edge endpoints served from the analytics: a +EV bet, an arbitrage and a middle made
// on purpose, read back in the dialect's shapes (golden bodies) and narrowed by its parameters.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectGolden } from '../../testing/golden.js';
import { type PxServer, START, startParlay } from '../../testing/parlay.js';

const GAME = 'edges-nba-1';
const EVENT_ID = '2030-01-02_Denver_Nuggets_Minnesota_Timberwolves';
const q = (
  market: string,
  book: string,
  selection: string,
  line: number | null,
  american: number,
) => ({
  type: 'quote',
  event: GAME,
  market,
  book,
  selection,
  line,
  price: { american },
  sourceAt: START - 2_000,
});

let s: PxServer;
let key: string;
before(async () => {
  s = await startParlay();
  key = s.key('business');
  await s.t.ingest([
    {
      type: 'event',
      id: GAME,
      sport: 'basketball',
      league: 'nba',
      home: { id: 'nba-min', name: 'Minnesota Timberwolves' },
      away: { id: 'nba-den', name: 'Denver Nuggets' },
      startsAt: Date.UTC(2030, 0, 2, 0, 30),
      status: 'scheduled',
    },
  ]);
  await s.t.ingest([
    // Pinnacle is the consensus; FanDuel's Nuggets at +150 beat its fair price (+EV), and with
    // Pinnacle's Timberwolves at -140 cover both sides for less than they pay (an arbitrage).
    q('moneyline', 'pinnacle', 'home', null, -140),
    q('moneyline', 'pinnacle', 'away', null, 128),
    q('moneyline', 'fanduel', 'home', null, -180),
    q('moneyline', 'fanduel', 'away', null, 150),
    // Over 220.5 at DraftKings and under 223.5 at FanDuel: a 3-point middle.
    q('total', 'draftkings', 'over', 220.5, -110),
    q('total', 'draftkings', 'under', 220.5, -110),
    q('total', 'fanduel', 'over', 223.5, -110),
    q('total', 'fanduel', 'under', 223.5, -110),
  ]);
});
after(() => s.close());

const get = async (path: string) => {
  const res = await fetch(`${s.t.url}${path}${path.includes('?') ? '&' : '?'}apiKey=${key}`);
  return { status: res.status, text: await res.text() };
};
const golden = (name: string, text: string) =>
  expectGolden(new URL('./golden/', import.meta.url), name, text);

test('ev, arbitrage, middles and best-bets in the dialect shapes', async () => {
  for (const kind of ['ev', 'arbitrage', 'middles', 'best-bets']) {
    const r = await get(`/v1/sports/basketball_nba/${kind}`);
    assert.equal(r.status, 200, kind);
    golden(`rest-${kind}`, r.text);
  }
  const arbs = JSON.parse((await get('/v1/sports/basketball_nba/arbitrage')).text) as {
    legs: { stake: number; price_decimal: number }[];
    payout: number;
  }[];
  assert.equal(arbs.length, 1);
  // The legs' stakes return the payout whichever leg wins (prices are shown to 3 decimals).
  for (const leg of arbs[0]!.legs)
    assert.ok(Math.abs(leg.stake * leg.price_decimal - arbs[0]!.payout) < arbs[0]!.payout * 1e-3);
});

test('bookmakers, eventIds and markets narrow; unknown sports and missing keys are refused', async () => {
  const n = async (path: string) => (JSON.parse((await get(path)).text) as unknown[]).length;
  assert.equal(await n('/v1/sports/basketball_nba/ev?bookmakers=fanduel'), 1);
  assert.equal(await n('/v1/sports/basketball_nba/ev?bookmakers=draftkings'), 0);
  assert.equal(await n(`/v1/sports/basketball_nba/middles?eventIds=${EVENT_ID}`), 1);
  assert.equal(await n('/v1/sports/basketball_nba/middles?eventIds=nope'), 0);
  assert.equal(await n('/v1/sports/basketball_nba/arbitrage?markets=totals'), 0);
  assert.equal(await n('/v4/sports/basketball_nba/arbitrage?markets=h2h'), 1);
  assert.equal((await get('/v1/sports/curling_x/ev')).status, 404);
  const anonymous = await fetch(`${s.t.url}/v1/sports/basketball_nba/ev`);
  assert.equal(anonymous.status, 401);
});
