import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AlertChange } from '../analytics/types.js';
import { Harness } from '../testing/analytics.js';
import { AlertStream } from './stream.js';

const arbQuotes = (home: number, away: number) => [
  { book: 'draftkings', selection: 'home', price: home },
  { book: 'draftkings', selection: 'away', price: -130 },
  { book: 'fanduel', selection: 'home', price: -130 },
  { book: 'fanduel', selection: 'away', price: away },
];

function setup(windowSize = 100) {
  const h = new Harness({ ev: { minEdge: 10 } });
  const errors: unknown[] = [];
  const stream = new AlertStream(h.engine, windowSize, (e) => errors.push(e), 'a1');
  const heard: AlertChange[] = [];
  stream.listen((b) => heard.push(...b));
  return { h, stream, heard, errors };
}

test('every phase gets the next position; the open alerts are the snapshot', () => {
  const { h, stream, heard } = setup();
  assert.deepEqual(stream.position(), { epoch: 'a1', seq: 0 });
  stream.apply(h.changes(...arbQuotes(110, 110)));
  stream.apply(h.changes({ book: 'fanduel', selection: 'away', price: 115 }));
  stream.apply(h.changes({ book: 'fanduel', selection: 'away', price: -200 }));
  assert.deepEqual(
    heard.map((c) => [c.seq, c.alert.kind, c.alert.phase]),
    [
      [1, 'arb', 'opened'],
      [2, 'arb', 'updated'],
      [3, 'arb', 'closed'],
    ],
  );
  assert.ok(heard.every((c) => c.epoch === 'a1' && c.alert.id === heard[0]?.alert.id));
  assert.deepEqual(stream.open(), { position: { epoch: 'a1', seq: 3 }, alerts: [] });
  stream.apply(h.changes({ book: 'fanduel', selection: 'away', price: 120 }));
  const open = stream.open();
  assert.deepEqual(
    open.alerts.map((c) => [c.seq, c.alert.phase]),
    [[4, 'opened']],
  );
  assert.deepEqual(open.position, { epoch: 'a1', seq: 4 });
});

test('a resume is served from the window, and refused once the window no longer holds it', () => {
  const { h, stream } = setup(2);
  stream.apply(h.changes(...arbQuotes(110, 110)));
  stream.apply(h.changes({ book: 'fanduel', selection: 'away', price: 115 }));
  assert.deepEqual(
    stream.since({ epoch: 'a1', seq: 0 })?.map((c) => c.seq),
    [1, 2],
  );
  assert.deepEqual(
    stream.since({ epoch: 'a1', seq: 1 })?.map((c) => c.seq),
    [2],
  );
  assert.deepEqual(stream.since({ epoch: 'a1', seq: 2 }), []);
  stream.apply(h.changes({ book: 'fanduel', selection: 'away', price: 120 }));
  assert.equal(stream.since({ epoch: 'a1', seq: 0 }), null, 'seq 1 left the window');
  assert.deepEqual(
    stream.since({ epoch: 'a1', seq: 1 })?.map((c) => c.seq),
    [2, 3],
  );
  assert.equal(stream.since({ epoch: 'other', seq: 1 }), null, 'another run');
  assert.equal(stream.since({ epoch: 'a1', seq: 9 }), null, 'ahead of the stream');
});

test('time passing closes what aged out; a listener that throws does not stop the others', () => {
  const { h, stream, heard, errors } = setup();
  stream.listen(() => {
    throw new Error('listener bug');
  });
  stream.apply(h.changes(...arbQuotes(110, 110)));
  assert.equal(errors.length, 1);
  stream.tick(h.now + 11 * 60_000);
  assert.deepEqual(
    heard.map((c) => [c.seq, c.alert.phase, c.alert.reason]),
    [
      [1, 'opened', undefined],
      [2, 'closed', 'stale'],
    ],
  );
  assert.equal(heard[1]?.alert.cause, null, 'the clock caused it');
});
