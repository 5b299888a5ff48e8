import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Harness, only } from '../testing/analytics.js';

function board(h: Harness, price = -110): void {
  for (const book of ['pinnacle', 'draftkings', 'fanduel', 'betmgm']) {
    h.quotes({ book, selection: 'home', price }, { book, selection: 'away', price });
  }
}

test('a sharp move followed by two books within the window is one steam alert with lags', () => {
  const h = new Harness({ steam: { minCents: 10, minFollowers: 2, windowMs: 60_000 } });
  board(h);
  h.now += 1_000;
  assert.equal(
    only(h.quotes({ book: 'pinnacle', selection: 'home', price: -130 }), 'steam').length,
    0,
  );
  h.now += 1_500;
  h.quotes({ book: 'draftkings', selection: 'home', price: -120 });
  h.now += 2_000;
  const [opened] = only(h.quotes({ book: 'fanduel', selection: 'home', price: -115 }), 'steam');
  assert.ok(opened);
  assert.equal(opened.phase, 'opened');
  assert.equal(opened.move, 'price');
  assert.equal(opened.selection, 'home');
  assert.equal(opened.leader.book, 'pinnacle');
  assert.equal(opened.leader.size, -20);
  assert.deepEqual(
    opened.followers.map((f) => [f.book, f.lagMs, f.size]),
    [
      ['draftkings', 1_500, -10],
      ['fanduel', 3_500, -5],
    ],
  );
  h.now += 1_000;
  const [updated] = only(h.quotes({ book: 'betmgm', selection: 'home', price: -125 }), 'steam');
  assert.equal(updated?.phase, 'updated');
  assert.equal(updated?.id, opened.id);
  assert.equal(updated?.followers.length, 3);
  const [closed] = only(h.advance(60_000), 'steam');
  assert.equal(closed?.phase, 'closed');
  assert.equal(closed?.reason, 'window_ended');
  assert.equal(closed?.id, opened.id);
});

test('no steam when the leader moves less than N cents, a follower moves the other way, or too late', () => {
  const h = new Harness({ steam: { minCents: 10, minFollowers: 2, windowMs: 10_000 } });
  board(h);
  h.quotes({ book: 'pinnacle', selection: 'home', price: -115 });
  h.quotes({ book: 'draftkings', selection: 'home', price: -120 });
  h.quotes({ book: 'fanduel', selection: 'home', price: -120 });
  assert.equal(only(h.log, 'steam').length, 0, '5 cents does not lead');

  h.quotes({ book: 'pinnacle', selection: 'home', price: -130 });
  h.quotes({ book: 'draftkings', selection: 'home', price: -105 });
  h.now += 10_001;
  h.quotes({ book: 'fanduel', selection: 'home', price: -125 });
  h.quotes({ book: 'betmgm', selection: 'home', price: -125 });
  assert.equal(
    only(h.log, 'steam').length,
    0,
    'one follower went the other way, the rest came late',
  );
});

test('a book that is not a leader does not start a watch', () => {
  const h = new Harness({ steam: { minFollowers: 1 } });
  board(h);
  h.quotes({ book: 'draftkings', selection: 'home', price: -150 });
  h.quotes({ book: 'fanduel', selection: 'home', price: -150 });
  assert.equal(only(h.log, 'steam').length, 0);
});

test('line steam: the sharp main total moves a point and others follow', () => {
  const h = new Harness({ steam: { minPoints: 1, minFollowers: 1, windowMs: 30_000 } });
  const total = (book: string, line: number) => ({
    book,
    market: 'total',
    selection: 'over',
    line,
    price: -110,
  });
  h.quotes(total('pinnacle', 220.5), total('draftkings', 220.5));
  h.now += 1_000;
  h.quotes({ ...total('pinnacle', 220.5), main: false }, total('pinnacle', 221.5));
  h.now += 4_000;
  const [steam] = only(
    h.quotes({ ...total('draftkings', 220.5), main: false }, total('draftkings', 221.5)),
    'steam',
  );
  assert.ok(steam);
  assert.equal(steam.move, 'line');
  assert.equal(steam.selection, 'over');
  assert.deepEqual([steam.leader.from, steam.leader.to, steam.leader.size], [220.5, 221.5, 1]);
  assert.deepEqual(
    steam.followers.map((f) => [f.book, f.lagMs]),
    [['draftkings', 4_000]],
  );
});
