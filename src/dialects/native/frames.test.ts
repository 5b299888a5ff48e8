// Alert frames: a steam phase is spliced from its moves' cached texts (each formatted once per
// watch); the result must be exactly the text JSON.stringify gives for the same frame.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Move, SteamAlert } from '../../analytics/types.js';
import { alertFrame } from './frames.js';

const plain = (epoch: string, seq: number, alert: SteamAlert) =>
  JSON.stringify({ type: 'alert', epoch, seq, alert });

function steam(followers: (Move & { lagMs: number })[], leader: Move): SteamAlert {
  return {
    // Labels that look like the parts spliced in, quotes and a NUL: escaped, never matched.
    event: 'e"followers":"\u0000moves"',
    market: 'spread',
    period: 'game',
    sport: 'basketball',
    league: 'nba',
    kind: 'steam',
    move: 'price',
    selection: '"leader":x',
    line: -3.5,
    leader,
    followers: [...followers],
    id: 'steam:e|spread|game||-3.5|home@17',
    phase: 'updated',
    at: 1_795_284_000_025,
    cause: { epoch: 'm', seq: 17 },
  };
}

test('a steam frame is the text JSON.stringify gives, before and after its moves are cached', () => {
  const leader: Move = { book: 'pinnacle', at: 1, from: 1.9091, to: 1.8333333333333333, size: -10 };
  const followers: (Move & { lagMs: number })[] = [];
  for (let i = 0; i < 4; i++) {
    const a = steam(followers, leader);
    assert.equal(alertFrame({ epoch: 'a1', seq: i + 1, alert: a }), plain('a1', i + 1, a));
    followers.push({
      book: `b${i}`,
      at: 2 + i,
      from: 1.95,
      to: 1.9 - i / 1000,
      size: -11,
      lagMs: i,
    });
  }
  // The same moves again (cached texts), in a closed phase with its reason after the keys.
  const closed: SteamAlert = {
    ...steam(followers, leader),
    phase: 'closed',
    reason: 'window_ended',
  };
  assert.equal(alertFrame({ epoch: 'a1', seq: 9, alert: closed }), plain('a1', 9, closed));
  // A line move with no line and no followers.
  const line: SteamAlert = { ...steam([], leader), move: 'line', line: null };
  assert.equal(alertFrame({ epoch: 'a2', seq: 1, alert: line }), plain('a2', 1, line));
});
