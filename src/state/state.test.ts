import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileFilter } from '../model/filter.js';
import { eventUpdate, quoteUpdate, testEvent } from '../testing/fixtures.js';
import { State } from './state.js';

function newState(lastSeq = 0, windowSize = 100): State {
  let t = 0;
  return new State({ epoch: 'ep1', lastSeq, windowSize, clock: () => ++t });
}

test('an effective update gets the next seq; a no-op gets none', () => {
  const s = newState();
  const e = s.apply(eventUpdate());
  assert.equal(typeof e === 'object' && e?.seq, 1);
  const q1 = s.apply(quoteUpdate(-110));
  assert.equal(typeof q1 === 'object' && q1?.seq, 2);
  assert.equal(s.apply(quoteUpdate(-110)), null, 'same price again is a no-op');
  assert.equal(s.apply(eventUpdate()), null, 'same event again is a no-op');
  const q2 = s.apply(quoteUpdate(-115));
  assert.ok(q2 && typeof q2 === 'object' && q2.kind === 'quote');
  assert.equal(q2.seq, 3);
  assert.equal(q2.before?.price?.american, -110);
  assert.equal(q2.after.price?.american, -115);
  assert.deepEqual(s.position(), { epoch: 'ep1', seq: 3 });
});

test('seq continues from the last stored seq after a restart', () => {
  const s = newState(41);
  const c = s.apply(eventUpdate());
  assert.equal(typeof c === 'object' && c?.seq, 42);
});

test('a quote for an unknown event is refused without using a seq', () => {
  const s = newState();
  assert.equal(s.apply(quoteUpdate(-110)), 'unknown_event');
  assert.equal(s.position().seq, 0);
});

test('a quote Change carries the sport, league and in-play flag of its event', () => {
  const s = newState();
  s.apply(eventUpdate(testEvent('nba-e1', { status: 'live' })));
  const c = s.apply(quoteUpdate(120));
  assert.ok(c && typeof c === 'object');
  assert.equal(c.sport, 'basketball');
  assert.equal(c.league, 'nba');
  assert.equal(c.inPlay, true);
});

test('snapshot returns only matching quotes with the position it is valid at', () => {
  const s = newState();
  s.apply(eventUpdate(testEvent('nba-e1')));
  s.apply(eventUpdate(testEvent('nfl-e2', { sport: 'football', league: 'nfl', status: 'live' })));
  s.apply(quoteUpdate(-110, { event: 'nba-e1' }));
  s.apply(quoteUpdate(-120, { event: 'nfl-e2' }));
  s.apply(quoteUpdate(-105, { event: 'nfl-e2', book: 'fanduel' }));
  s.apply(quoteUpdate(-102, { event: 'nfl-e2', book: 'fanduel', line: 3, market: 'spread' }));
  const all = s.snapshot(compileFilter({}));
  assert.equal(all.quotes.length, 4);
  assert.deepEqual(all.position, { epoch: 'ep1', seq: 6 });
  const nfl = s.snapshot(compileFilter({ sports: ['football'], books: ['fanduel'] }));
  assert.equal(nfl.events.length, 1);
  assert.equal(nfl.quotes.length, 2);
  const live = s.snapshot(compileFilter({ inPlay: true, markets: ['spread'] }));
  assert.deepEqual(
    live.quotes.map((q) => q.key.line),
    [3],
  );
  assert.equal(s.snapshot(compileFilter({ events: ['nope'] })).quotes.length, 0);
});

test('the window replays exactly the Changes after a position, or admits it cannot', () => {
  const s = newState(0, 5);
  s.apply(eventUpdate());
  for (let i = 0; i < 9; i++) s.apply(quoteUpdate(-110 - i));
  // seqs 1..10 made; the window holds 6..10
  const head = s.position().seq;
  assert.deepEqual(
    s.window.since({ epoch: 'ep1', seq: 7 }, 'ep1', head)?.map((c) => c.seq),
    [8, 9, 10],
  );
  assert.deepEqual(
    s.window.since({ epoch: 'ep1', seq: 5 }, 'ep1', head)?.map((c) => c.seq),
    [6, 7, 8, 9, 10],
  );
  assert.equal(s.window.since({ epoch: 'ep1', seq: 4 }, 'ep1', head), null, 'seq 5 was evicted');
  assert.equal(s.window.since({ epoch: 'other', seq: 9 }, 'ep1', head), null, 'epoch changed');
  assert.equal(s.window.since({ epoch: 'ep1', seq: 11 }, 'ep1', head), null, 'from the future');
  assert.deepEqual(s.window.since({ epoch: 'ep1', seq: 10 }, 'ep1', head), []);
});

test('finished events are evicted with their quotes', () => {
  const s = newState();
  s.apply(eventUpdate(testEvent('old', { status: 'ended', startsAt: 10 })));
  s.apply(eventUpdate(testEvent('new', { status: 'scheduled', startsAt: 10 })));
  s.apply(quoteUpdate(-110, { event: 'old' }));
  assert.equal(s.evictFinished(100), 1);
  assert.equal(s.quoteCount(), 0);
  assert.equal(s.eventCount(), 1);
});

test('a quote is owned by the source that last sent it, a repeat included; no owner given keeps it', () => {
  const s = newState();
  s.apply(eventUpdate());
  const ownerOf = () => [...s.quoteEntries()].map((q) => q.owner);
  s.apply(quoteUpdate(-110), 'ingest:a');
  assert.deepEqual(ownerOf(), ['ingest:a']);
  // Same price from another source: no Change, but that source now owns the quote.
  assert.equal(s.apply(quoteUpdate(-110), 'ingest:b'), null);
  assert.deepEqual(ownerOf(), ['ingest:b']);
  // Feed health's own updates (suspend, restore) carry no owner and leave it as it was.
  assert.ok(s.apply(quoteUpdate(-120)));
  assert.deepEqual(ownerOf(), ['ingest:b']);
  s.apply(quoteUpdate(-125), 'ingest:a');
  assert.deepEqual(ownerOf(), ['ingest:a']);
});
