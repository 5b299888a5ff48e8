import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultCatalogDir, loadCatalog } from '../../catalog/load.js';
import type { Update } from '../../model/types.js';
import { Simulator, type SimulatorOptions } from './simulator.js';
import { Board } from './testing.js';

const catalog = loadCatalog(defaultCatalogDir());
const T0 = Date.UTC(2026, 10, 21, 17, 0, 0);

function sim(opts: Partial<SimulatorOptions> = {}): Simulator {
  return new Simulator({
    catalog,
    seed: 7,
    rate: 2000,
    clock: () => T0,
    now: T0,
    events: 24,
    ...opts,
  });
}

function run(s: Simulator, ticks: number, ms: number): Update[] {
  const all: Update[] = [];
  for (let i = 0; i < ticks; i++) for (const u of s.tick(ms)) all.push(u);
  return all;
}

test('the same seed and ticks give the same updates; another seed does not', () => {
  const a = run(sim({ seed: 42 }), 200, 25);
  const b = run(sim({ seed: 42 }), 200, 25);
  const c = run(sim({ seed: 43 }), 200, 25);
  assert.ok(a.length > 5000);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.slice(0, 500), c.slice(0, 500));
});

test('every event is announced once at start, with stable canonical ids and real teams', () => {
  const first = sim().tick(25);
  const events = first.filter((u) => u.kind === 'event').map((u) => u.event);
  assert.equal(events.length, 24);
  assert.equal(new Set(events.map((e) => e.id)).size, 24);
  const teams = new Set(catalog.teams.map((t) => t.id));
  for (const e of events) {
    assert.match(e.id, /^[a-z0-9]+-\d{4}-\d{2}-\d{2}-[a-z0-9]+-[a-z0-9]+(-\d+)?$/);
    assert.ok(e.id.startsWith(`${e.league}-`));
    assert.ok(teams.has(e.home.id) && teams.has(e.away.id), e.id);
    assert.notEqual(e.home.id, e.away.id);
  }
  assert.ok(
    events.some((e) => e.status === 'live'),
    'some events start in play',
  );
  assert.ok(events.some((e) => e.status === 'scheduled' && e.startsAt > T0));
  assert.ok(new Set(events.map((e) => e.sport)).size >= 5, 'several sports');
});

test('quotes come from every catalog book with the sport-specific markets', () => {
  const board = new Board(catalog);
  const s = sim({ rate: 50_000 });
  for (let i = 0; i < 400; i++) board.apply(s.tick(25));
  const books = new Set<string>();
  const markets = new Set<string>();
  const periods = new Set<string>();
  for (const { key } of board.quotes.values()) {
    books.add(key.book);
    markets.add(key.market);
    periods.add(key.period);
  }
  assert.equal(books.size, catalog.books.length);
  for (const m of ['moneyline', 'spread', 'total', 'team-total', 'three-way', 'player-points']) {
    assert.ok(markets.has(m), m);
  }
  assert.ok(periods.has('1h') && periods.has('game'));
  assert.deepEqual(board.problems, []);
});

test('the configured rate is honoured over a simulated minute', () => {
  for (const rate of [1, 100, 5000]) {
    const s = sim({ rate });
    s.tick(0);
    let n = 0;
    for (let i = 0; i < 60_000 / 25; i++) n += s.tick(25).length;
    const expected = rate * 60;
    const tolerance = Math.max(expected * 0.05, 20);
    assert.ok(Math.abs(n - expected) <= tolerance, `rate ${rate}: ${n} updates in 60 s`);
  }
});

test('rate 0 is off', () => {
  const s = sim({ rate: 0 });
  assert.deepEqual(run(s, 100, 25), []);
});

test('start() drives the simulator from the clock and stop() ends it', async () => {
  let t = T0;
  const s = sim({ clock: () => t, rate: 1000, intervalMs: 5 });
  const batches: Update[][] = [];
  s.start((u) => batches.push(u));
  for (let i = 0; i < 10; i++) {
    t += 50;
    await new Promise((r) => setTimeout(r, 6));
  }
  await s.stop();
  const count = batches.length;
  await new Promise((r) => setTimeout(r, 20));
  assert.ok(count > 0);
  assert.equal(batches.length, count);
  assert.ok(
    batches.flat().every((u) => (u.kind === 'event' ? u.receivedAt : u.value.receivedAt) <= t),
  );
});

test('start() hands a large opening board over in slices, in order, before the world steps on', async () => {
  let t = T0;
  const s = sim({ clock: () => t, rate: 1000, intervalMs: 1, events: 0 });
  const batches: Update[][] = [];
  const at = (u: Update) => (u.kind === 'event' ? u.receivedAt : u.value.receivedAt);
  s.start((u) => batches.push(u));
  while (batches.length < 3) await new Promise((r) => setTimeout(r, 2));
  t += 50;
  while (!batches.some((b) => b.some((u) => at(u) > T0)))
    await new Promise((r) => setTimeout(r, 2));
  await s.stop();
  assert.ok(batches.every((b) => b.length <= 1000));
  const all = batches.flat();
  const opening = sim({ rate: 1000, events: 0 }).tick(0);
  assert.ok(opening.length > 20_000, `${opening.length} updates in the opening board`);
  assert.deepEqual(all.slice(0, opening.length), opening);
  assert.ok(all.slice(opening.length).every((u) => at(u) === T0 + 50));
});

/** The opening board through start() with `maxTurnMs`: each emit logged, and the flush it queues. */
async function turnLog(maxTurnMs: number): Promise<{ log: string[]; slices: number }> {
  const s = sim({ clock: () => T0, rate: 1000, intervalMs: 60_000, events: 0, maxTurnMs });
  const log: string[] = [];
  let slices = 0;
  const opened = s.start(() => {
    const n = ++slices;
    log.push(`slice ${n}`);
    setImmediate(() => log.push(`flush ${n}`));
  });
  await opened;
  await new Promise((r) => setImmediate(r));
  await s.stop();
  assert.ok(slices > 3, `${slices} slices`);
  return { log, slices };
}

test("start(): what emit queues (the hub's flush of a turn) runs before the next turn", async () => {
  // A budget of 0: every slice is a turn of its own.
  const { log, slices } = await turnLog(0);
  const expected = Array.from({ length: slices }, (_, i) => [`slice ${i + 1}`, `flush ${i + 1}`]);
  assert.deepEqual(log, expected.flat());
});

test('start(): a turn carries slices until its budget is spent', async () => {
  // A budget no emit here comes near: the whole opening board goes out in one turn.
  const { log, slices } = await turnLog(60_000);
  const emitted = Array.from({ length: slices }, (_, i) => `slice ${i + 1}`);
  const flushed = Array.from({ length: slices }, (_, i) => `flush ${i + 1}`);
  assert.deepEqual(log, [...emitted, ...flushed]);
});
