import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LocalBus } from '../bus/bus.js';
import type { Change } from '../model/types.js';
import { eventUpdate, quoteUpdate } from '../testing/fixtures.js';
import { Pipeline } from './pipeline.js';
import { State } from './state.js';

/** History as the pipeline sees it: room to spare, set by the test. */
function sink(room: number) {
  return { room: () => room, health: () => ({ closed: false }), set: (n: number) => (room = n) };
}

function pipeline(room: number, reserve = 2) {
  let t = 0;
  const state = new State({ epoch: 'ep1', lastSeq: 0, windowSize: 100, clock: () => ++t });
  const bus = new LocalBus();
  const published: Change[] = [];
  bus.subscribe((c) => published.push(...c));
  const s = sink(room);
  return { p: new Pipeline(state, bus, s, reserve), state, published, sink: s };
}

test('updates history cannot take at once are not applied: no seq, nothing published', () => {
  const { p, state, published } = pipeline(2);
  assert.throws(
    () => p.apply([eventUpdate(), quoteUpdate(-110), quoteUpdate(-120)]),
    /LC_ERR_INGEST_BACKPRESSURE|History is saturated/,
  );
  assert.deepEqual(state.position(), { epoch: 'ep1', seq: 0 });
  assert.equal(state.eventCount(), 0);
  assert.deepEqual(published, []);
  assert.equal(p.apply([eventUpdate(), quoteUpdate(-110)]).changes.length, 2);
  assert.equal(published.length, 2);
});

test('sources may offer work only above the reserve; a refused offer applies nothing', () => {
  const { p, state, sink: s } = pipeline(10, 4);
  assert.equal(p.accepting(), true);
  assert.equal(p.offer([eventUpdate()]), true);
  s.set(4);
  assert.equal(p.accepting(), false, 'the reserve is kept for batches already accepted');
  assert.equal(p.fits(4), true);
  assert.equal(p.offer([quoteUpdate(-105)]), false);
  s.set(0); // history failing
  assert.equal(p.fits(1), false);
  assert.equal(state.position().seq, 1);
});
