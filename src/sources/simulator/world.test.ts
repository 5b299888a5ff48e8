import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultCatalogDir, loadCatalog } from '../../catalog/load.js';
import { Simulator } from './simulator.js';
import { Board } from './testing.js';

const catalog = loadCatalog(defaultCatalogDir());
const T0 = Date.UTC(2026, 10, 21, 17, 0, 0);

// A few books of every kind keep the board small enough to be fully quoted within seconds.
const books = [
  'pinnacle',
  'circa',
  'draftkings',
  'fanduel',
  'bovada',
  'betfair',
  'bet365',
  'prizepicks',
];

// Two hours of sport at speed 120 is a minute of simulated time: enough for whole games.
function lifecycle() {
  const s = new Simulator({
    catalog,
    seed: 3,
    rate: 5000,
    clock: () => T0,
    now: T0,
    speed: 120,
    events: 30,
    books,
  });
  const board = new Board(catalog);
  const mainProblems: string[] = [];
  const overrounds: number[] = [];
  let minEvents = Number.POSITIVE_INFINITY;
  for (let i = 1; i <= 4 * 120; i++) {
    board.apply(s.tick(250));
    minEvents = Math.min(minEvents, s.eventCount);
    if (i % 40 === 0) {
      mainProblems.push(...board.mainLineProblems());
      overrounds.push(...board.overrounds());
    }
  }
  return { s, board, mainProblems, overrounds, minEvents };
}

const world = lifecycle();

test('events go scheduled -> live -> break -> live -> ended and nothing else', () => {
  assert.deepEqual(world.board.problems, []);
  for (const t of ['scheduled->live', 'live->break', 'break->live', 'live->ended']) {
    assert.ok(world.board.seen.transitions.has(t), t);
  }
});

test('new events are scheduled as others end, so the slate stays populated', () => {
  const events = [...world.board.events.values()];
  assert.ok(events.length > 30, `${events.length} events seen`);
  assert.ok(events.some((e) => e.status === 'ended'));
  assert.ok(events.some((e) => e.status === 'scheduled'));
  assert.ok(world.minEvents >= 28, `slate fell to ${world.minEvents}`);
});

test('prices are always valid and main-line books keep a 2.5-8.5% overround', () => {
  assert.ok(world.overrounds.length > 1000);
  const bad = world.overrounds.filter((o) => o < 0.025 || o > 0.085);
  assert.deepEqual(bad.slice(0, 5), []);
});

test('exactly one main line per event, market, period, book and side among open quotes', () => {
  assert.deepEqual(world.mainProblems.slice(0, 5), []);
});

test('suspensions and off-board periods carry their reason', () => {
  const reasons = world.board.seen.reasons;
  for (const r of [
    'suspended:score',
    'suspended:period_end',
    'suspended:news',
    'off_board:news',
    'off_board:line_moved',
    'closed:ended',
  ]) {
    assert.ok(reasons.has(r), `${r} in ${[...reasons].join(', ')}`);
  }
});

test('ended events have all their quotes closed or off the board', () => {
  const ended = new Set(
    [...world.board.events.values()].filter((e) => e.status === 'ended').map((e) => e.id),
  );
  // Give the closing wave time to drain.
  world.board.apply(world.s.tick(5000));
  const open = [...world.board.quotes.values()].filter(
    ({ key, value }) =>
      ended.has(key.event) && (value.status === 'open' || value.status === 'suspended'),
  );
  assert.deepEqual(open.slice(0, 3), []);
});
