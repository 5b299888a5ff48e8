// Play-by-play SSE (spec §6 check 24): Starter keys and up, `initial_state` of the games in
// play, then `live_state` per change with `state` as a nested object.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { NBA1, type PxServer, startParlay } from '../../testing/parlay.js';
import { SseClient } from '../../testing/sse-client.js';

let s: PxServer;
before(async () => {
  s = await startParlay();
});
after(() => s.close());

const game = (home: number, away: number, clock: number) => ({
  type: 'event',
  id: 'nba-1',
  sport: 'basketball',
  league: 'nba',
  home: { id: 'nba-bos', name: 'nba-bos' },
  away: { id: 'nba-lal', name: 'nba-lal' },
  startsAt: Date.UTC(2030, 0, 1),
  status: 'live',
  live: { home, away, clock, period: 3 },
});

test('a Starter key streams live_state frames whose state is an object; a bad key is refused', async () => {
  await s.t.ingest([game(61, 58, 462)]);
  const c = await SseClient.connect(
    `${s.t.url}/v1/sports/basketball_nba/live/sse?apiKey=${s.key('starter')}`,
  );
  await c.until(() => c.of('initial_state').length === 1);
  const first = (c.of('initial_state')[0]!['data'] as Record<string, unknown>[])[0]!;
  assert.equal(first['match_id'], NBA1);
  assert.deepEqual(first['state'], {
    period: 3,
    clock: '07:42',
    status: 'in_progress',
    league_id: null,
    raw_periods: null,
  });
  await s.t.ingest([game(63, 58, 440)]);
  await c.until(() => c.of('live_state').length === 1);
  const f = c.of('live_state')[0]!;
  assert.equal(typeof f['state'], 'object');
  assert.deepEqual([f['score_a'], f['score_b'], f['home_team']], [63, 58, 'nba-bos']);
  assert.ok(Number.isInteger(f['timestamp']) && (f['timestamp'] as number) > 1e12, 'ms');
  await c.close();
  const denied = await fetch(`${s.t.url}/v1/sports/basketball_nba/live/sse?apiKey=lc_0000_x`);
  assert.equal(denied.status, 401);
});

test('a Free key gets 402 before the stream', async () => {
  const r = await fetch(`${s.t.url}/v1/sports/basketball_nba/live/sse?apiKey=${s.key('free')}`);
  assert.equal(r.status, 402);
  assert.match(((await r.json()) as { message: string }).message, /starter tier/);
});
