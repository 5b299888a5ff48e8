// Line-move alerts (spec §6 check 23): a move of at least `threshold` cents is one `odds_drop`
// with both documented field sets; a smaller one is nothing; `multi` frames name their sport.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type PxServer, startParlay } from '../../testing/parlay.js';
import { SseClient } from '../../testing/sse-client.js';
import { cents } from './drops.js';

let s: PxServer;
let key: string;
before(async () => {
  s = await startParlay();
  key = s.key('business');
  await s.quote(-110);
  await s.quote(150, { event: 'nhl-1' });
});
after(() => s.close());

const open = async (path: string) => {
  const c = await SseClient.connect(
    `${s.t.url}${path}${path.includes('?') ? '&' : '?'}apiKey=${key}`,
  );
  await c.until(() => c.of('connected').length === 1);
  return c;
};

test('cents: the difference on one side of even money, through ±100 across it', () => {
  assert.equal(cents(-110, -120), 10);
  assert.equal(cents(120, 110), 10);
  assert.equal(cents(-105, 105), 10);
  assert.equal(cents(110, -110), 20);
});

test('−110 → −120 is one odds_drop with both field sets; −120 → −115 under the threshold is nothing', async () => {
  const c = await open('/v1/odds-drop/basketball_nba?threshold=10');
  await s.quote(-120);
  await c.until(() => c.of('odds_drop').length === 1);
  const d = c.of('odds_drop')[0]!;
  assert.deepEqual(
    [
      d['prior_price'],
      d['new_price'],
      d['delta_cents'],
      d['prev'],
      d['new'],
      d['delta'],
      d['direction'],
    ],
    [-110, -120, 10, -110, -120, -10, 'toward_favorite'],
  );
  assert.equal(d['side'], 'home');
  assert.equal(d['bookmaker'], 'pinnacle');
  assert.ok(Number.isInteger(d['timestamp']) && (d['timestamp'] as number) > 1e12, 'ms');
  await s.quote(-115);
  await s.quote(-105);
  await c.until(() => c.of('odds_drop').length === 2);
  assert.deepEqual(
    c.of('odds_drop').map((f) => [f['prior_price'], f['new_price'], f['direction']]),
    [
      [-110, -120, 'toward_favorite'],
      [-115, -105, 'toward_dog'],
    ],
  );
  await c.close();
});

test('direction filters, and multi?sports= frames carry their sport_key', async () => {
  const dogs = await open('/v1/odds-drop/basketball_nba?direction=toward_dog');
  const multi = await open('/v1/odds-drop/multi?sports=basketball_nba,icehockey_nhl');
  await s.quote(-130);
  await s.quote(170, { event: 'nhl-1' });
  await s.quote(-110);
  await multi.until(() => multi.of('odds_drop').length === 3);
  assert.deepEqual(
    multi.of('odds_drop').map((f) => f['sport_key']),
    ['basketball_nba', 'icehockey_nhl', 'basketball_nba'],
  );
  await dogs.until(() => dogs.of('odds_drop').length === 1);
  assert.equal(dogs.of('odds_drop')[0]?.['new_price'], -110);
  const bad = await fetch(`${s.t.url}/v1/odds-drop/basketball_nba?apiKey=${key}&threshold=0`);
  assert.equal(bad.status, 422);
  await Promise.all([dogs.close(), multi.close()]);
});
