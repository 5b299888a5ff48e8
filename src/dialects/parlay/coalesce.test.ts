// Push modes (spec §6 check 13) on the manual clock: Business coalesces into one frame per
// 1.0 s window with each row's latest value, Enterprise per 0.5 s, Scale sends every change
// in its own frame at once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PxClient, type PxServer, type Row, sleep, startParlay } from '../../testing/parlay.js';

let s: PxServer;
before(async () => {
  s = await startParlay();
  await s.quote(100);
});
after(() => s.close());

async function open(tier: 'business' | 'enterprise' | 'scale'): Promise<PxClient> {
  const c = await PxClient.open(`${s.t.wsUrl}/v1/ws/odds/basketball_nba?apiKey=${s.key(tier)}`);
  await c.count('initial_state');
  return c;
}

const prices = (c: PxClient) => c.rows().map((r) => r['price_american']);

test('Business: three ticks of one row in a window make one frame with the last price, coalesced', async () => {
  const c = await open('business');
  await s.quote(110);
  s.clock.advance(100);
  await s.quote(115);
  s.clock.advance(100);
  await s.quote(120);
  await sleep(50);
  assert.deepEqual(c.of('odds_update'), [], 'nothing before the window closes');
  s.clock.advance(800);
  await c.count('odds_update');
  const u = c.of('odds_update')[0]!;
  assert.equal(u['coalesced'], true);
  assert.equal(u['count'], 1);
  assert.equal((u['data'] as Row[])[0]?.['price_american'], 120);

  // The next change waits for the next window: frames are at least 1.0 s apart.
  await s.quote(125);
  s.clock.advance(999);
  await sleep(50);
  assert.equal(c.of('odds_update').length, 1);
  s.clock.advance(1);
  await c.count('odds_update', 2);
  assert.equal(c.of('odds_update')[1]?.['coalesced'], undefined, 'one tick is not coalesced');

  // A row that comes back to the value last sent has nothing to say; a quiet window sends nothing.
  await s.quote(130);
  await s.quote(125);
  s.clock.advance(1_000);
  s.clock.advance(1_000);
  await sleep(100);
  assert.deepEqual(prices(c), [120, 125]);
  await c.close();
});

test('Enterprise coalesces per 0.5 s', async () => {
  const c = await open('enterprise');
  await s.quote(140);
  s.clock.advance(499);
  await sleep(50);
  assert.equal(c.of('odds_update').length, 0);
  s.clock.advance(1);
  await c.count('odds_update');
  assert.deepEqual(prices(c), [140]);
  await c.close();
});

test('Scale: every change in its own frame, with no clock advance', async () => {
  const c = await open('scale');
  await s.quote(150);
  await s.quote(155);
  await s.quote(160);
  await c.count('odds_update', 3);
  assert.deepEqual(prices(c), [150, 155, 160]);
  assert.ok(c.of('odds_update').every((u) => u['count'] === 1 && u['coalesced'] === undefined));
  await c.close();
});
