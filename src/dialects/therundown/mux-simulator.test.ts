// The simulator's in-play games on TheRundown's sockets: with the clock on an NFL Sunday, the
// multiplexed socket's `scores` and `plays` channels and the legacy `/api/v1/ws` event frames
// carry the games' scores, periods, clocks and scoring plays as the world runs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sleep, TextClient } from '../../conformance/client.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { MuxClient } from '../../testing/therundown-mux.js';
import { ManualScheduler } from '../../timers/scheduler.js';

// 19:00 UTC on a Sunday in November: the 18:00 kick-offs are in the first quarter.
const clock = new ManualScheduler(Date.parse('2026-11-29T19:00:00Z'));
let t: TestApp;
before(async () => {
  t = await startTestApp({ 'simulator.rate': 200, 'simulator.events': 30 }, undefined, undefined, {
    scheduler: clock,
  });
});
after(() => t.close());

type Inner = { meta: Record<string, unknown>; data: Record<string, unknown> };

test('NFL in play: score deltas, scoring plays and V1 event frames from the simulator', async () => {
  const m = await MuxClient.connect(`${t.wsUrl}/api/v2/ws?key=${t.key}`);
  await m.subscribe('s', 'scores', { sport_ids: [2] });
  await m.subscribe('p', 'plays', { sport_ids: [2] });
  const v1 = await TextClient.connect(`${t.wsUrl}/api/v1/ws?key=${t.key}&sport_ids=2`);
  const scores = () => m.of('delta', 's').map((d) => d.data as unknown as Inner);
  const plays = () => m.of('delta', 'p').map((d) => d.data as unknown as Inner);
  const v1Events = () =>
    v1.texts.map((x) => JSON.parse(x) as Inner).filter((f) => f.meta['type'] === 'event');
  // Simulated time moves only when the test moves the clock: a few seconds per step.
  // Which play comes first depends on the world, so wait for a scoring play, not a count.
  const scoringPlay = () => plays().some((p) => p.data['play_type'] === 'score');
  for (let i = 0; i < 3_000 && (plays().length < 2 || scores().length < 5 || !scoringPlay()); i++) {
    clock.advance(5_000);
    await sleep(30);
  }
  assert.ok(scores().length >= 5, `${scores().length} score deltas`);
  assert.ok(plays().length >= 2, `${plays().length} plays`);
  for (const s of scores()) {
    assert.equal(s.meta['type'], 'score');
    assert.equal(s.data['sport_id'], 2);
    const score = s.data['score'] as Record<string, unknown>;
    for (const k of ['score_home', 'score_away', 'game_clock', 'game_period'])
      assert.equal(typeof score[k], 'number', k);
  }
  const inPlay = scores().filter(
    (s) => (s.data['score'] as Record<string, unknown>)['event_status'] === 'STATUS_IN_PROGRESS',
  );
  assert.ok(inPlay.length > 0);
  assert.ok(
    inPlay.some(
      (s) => ((s.data['score'] as Record<string, unknown>)['game_period'] as number) >= 1,
    ),
  );
  for (const p of plays()) {
    assert.equal(p.meta['type'], 'play');
    assert.ok(p.data['play_type'] === 'score' ? (p.data['points'] as number) > 0 : true);
  }
  assert.ok(scoringPlay());
  // The legacy route sends the same games as V1 event objects with their score.
  await v1.until(() => v1Events().length > 0);
  const v1Score = v1Events()
    .map((f) => f.data['score'] as Record<string, unknown>)
    .find((s) => s['event_status'] === 'STATUS_IN_PROGRESS');
  assert.ok(v1Score, 'an in-play V1 event');
  await Promise.all([m.close(), v1.close()]);
});
