// Checks 5-7 and 9-14 of the spec (§6): the snapshot, frame types, heartbeats on the manual
// clock, what each kind of change sends, and the lifecycle of a fixture.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TextClient } from '../../conformance/client.js';
import {
  board,
  eventItem,
  eventOf,
  FIXTURES,
  type Frame,
  framesOf,
  type Harness,
  quote,
  startHarness,
} from '../../testing/tickodds.js';
import { fixtureIdOf } from './vocab.js';

let h: Harness;
before(async () => {
  h = await startHarness();
  await h.feed([
    eventItem('soccer'),
    eventItem('basketball'),
    eventItem('tennis', { clock: 0 }),
    ...board(),
  ]);
});
after(() => h.t.close());

const TYPES = new Set(['snapshot', 'match_start', 'update', 'match_end', 'heartbeat']);
const STATUSES = new Set(['in_progress', 'half_time', 'ended', 'suspended']);

async function connect(): Promise<TextClient> {
  const c = await TextClient.connect(`${h.t.wsUrl}/ws/live?apiKey=${h.keys.pro}`);
  await c.until(() => c.texts.length >= 1);
  return c;
}

/** Frames after `from` of one type. */
const after_ = (c: TextClient, from: number, type: string): Frame[] =>
  framesOf(c)
    .slice(from)
    .filter((f) => f.type === type);

test('check 5: the first frame is the snapshot of every live event, count = events.length', async () => {
  const c = await connect();
  const first = framesOf(c)[0]!;
  assert.equal(first.type, 'snapshot');
  const events = first['events'] as { fixtureId: string; sportName: string }[];
  assert.equal(first['count'], events.length);
  assert.deepEqual(events.map((e) => e.sportName).sort(), ['Basketball', 'Soccer', 'Tennis']);
  assert.ok(events.every((e) => /^\d{9}$/.test(e.fixtureId)));
  await c.close();
});

test('check 7: an idle connection gets a heartbeat every 15 s on the clock, RFC 3339 UTC with Z', async () => {
  const c = await connect();
  const beats = () => framesOf(c).filter((f) => f.type === 'heartbeat');
  h.clock.advance(14_999);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(beats().length, 0);
  h.clock.advance(1);
  await c.until(() => beats().length === 1);
  const ts = beats()[0]!['timestamp'] as string;
  assert.match(ts, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  assert.equal(Date.parse(ts), h.clock.now() - (h.clock.now() % 1000));
  h.clock.advance(30_000);
  await c.until(() => beats().length === 3);
  await c.close();
});

test('check 9: a price move is an odds update; the selection matches event.odds and marketGroups', async () => {
  const c = await connect();
  const n = c.texts.length;
  await h.feed([quote('soccer', 'three-way', 'home', 2.25)]);
  await c.until(() => after_(c, n, 'update').length === 1);
  const u = after_(c, n, 'update')[0]!;
  const e = eventOf(u);
  assert.equal(u['change'], 'odds');
  assert.equal(u['fixtureId'], fixtureIdOf(FIXTURES.soccer.id));
  assert.equal(e.fixtureId, u['fixtureId']);
  assert.equal(u['marketName'], 'Fulltime Result');
  const sel = u['selection'] as Record<string, unknown>;
  assert.deepEqual(Object.keys(sel), ['id', 'name', 'odds', 'handicap', 'suspended']);
  assert.deepEqual(sel, {
    id: `${u['fixtureId']}:full_time_result:full_game:home`,
    name: 'Brentford',
    odds: 2.25,
    handicap: null,
    suspended: false,
  });
  assert.equal(e.odds.find((r) => r.id === sel['id'])?.price, 2.25);
  const inGroups = e.marketGroups.flatMap((g) => g.selections).find((s) => s.id === sel['id']);
  assert.equal(inGroups?.odds, 2.25);
  // Another book's price, or the same price again, sends nothing.
  await h.feed([
    quote('soccer', 'three-way', 'home', 9.9, { book: 'pinnacle' }),
    quote('soccer', 'three-way', 'home', 2.25),
    quote('soccer', 'three-way', 'draw', 3.3),
  ]);
  await c.until(() => after_(c, n, 'update').length === 2);
  assert.equal((after_(c, n, 'update')[1]!['selection'] as { odds: number }).odds, 3.3);
  await c.close();
});

test('checks 10-12: a goal is a score update, a period change a period update, a card an incident', async () => {
  const c = await connect();
  const n = c.texts.length;
  await h.feed([eventItem('soccer', { home: 1, clock: 700 })]);
  await h.feed([eventItem('soccer', { home: 1, clock: 2700, period: 1, status: 'break' })]);
  await h.feed([
    eventItem('soccer', {
      home: 1,
      clock: 2700,
      status: 'break',
      incident: { n: 1, kind: 'red_card', side: 'away' },
    }),
  ]);
  await h.feed([
    eventItem('soccer', {
      home: 1,
      clock: 2700,
      status: 'break',
      suspended: true,
      incident: { n: 1, kind: 'red_card', side: 'away' },
    }),
  ]);
  await c.until(() => after_(c, n, 'update').length === 4);
  const [score, period, incident, held] = after_(c, n, 'update');
  assert.deepEqual([score!['change'], score!['from'], score!['to']], ['score', '0-0', '1-0']);
  assert.equal(eventOf(score!).score, '1-0');
  assert.deepEqual(
    [period!['change'], period!['from'], period!['to']],
    ['period', '1st Half', 'Half Time'],
  );
  assert.equal(eventOf(period!).period, 'Half Time');
  assert.equal(eventOf(period!).status, 'half_time');
  assert.deepEqual([incident!['change'], incident!['incident']], ['incident', 'Red Card']);
  assert.deepEqual([held!['change'], held!['suspended']], ['suspended', true]);
  assert.equal(eventOf(held!).status, 'suspended');
  // A clock tick alone changes the document but sends nothing.
  await h.feed([eventItem('soccer', { home: 1, clock: 0, period: 2 })]);
  await h.feed([eventItem('soccer', { home: 1, clock: 10, period: 2 })]);
  await h.feed([quote('soccer', 'three-way', 'away', 5.5)]);
  await c.until(() => after_(c, n, 'update').length === 6);
  const last = after_(c, n, 'update');
  assert.equal(last[4]!['change'], 'period');
  assert.equal(last[5]!['change'], 'odds');
  assert.equal(eventOf(last[5]!)['clock'], '45:10');
  await c.close();
});

test('checks 6, 13, 14: match_start -> update* -> match_end, nothing after, every frame typed', async () => {
  const c = await connect();
  const n = c.texts.length;
  const fid = fixtureIdOf(FIXTURES.basketball.id);
  await h.feed([
    eventItem('basketball', { status: 'ended', home: 101, away: 99, period: 4, clock: 0 }),
  ]);
  await h.feed([quote('basketball', 'moneyline', 'home', 1.01)]);
  await h.feed([quote('soccer', 'three-way', 'draw', 3.1)]);
  await c.until(() => after_(c, n, 'update').some((f) => f['fixtureId'] !== fid));
  const ends = after_(c, n, 'match_end');
  assert.equal(ends.length, 1);
  assert.equal(ends[0]!['fixtureId'], fid);
  assert.equal(eventOf(ends[0]!).status, 'ended');
  assert.equal(eventOf(ends[0]!).score, '101-99');
  assert.equal(eventOf(ends[0]!).period, 'Full Time');
  const endAt = c.texts.indexOf(c.texts.find((t) => t.includes('"match_end"'))!);
  const later = framesOf(c).slice(endAt + 1);
  assert.ok(later.every((f) => f['fixtureId'] !== fid && eventOf(f).fixtureId !== fid));

  // A fixture that goes live again is a new lifecycle: match_start first, with its board.
  await h.feed([eventItem('basketball', { status: 'scheduled' })]);
  await h.feed([eventItem('basketball')]);
  await h.feed([quote('basketball', 'moneyline', 'away', 2.2)]);
  await c.until(
    () => after_(c, n, 'match_start').length === 1 && framesOf(c).at(-1)!['change'] === 'odds',
  );
  const start = after_(c, n, 'match_start')[0]!;
  assert.equal(eventOf(start).fixtureId, fid);
  assert.equal(start['fixtureId'], undefined, 'match_start carries only event (spec)');
  assert.ok(eventOf(start).odds.length > 0, 'the board of the fixture is in the document');
  for (const f of framesOf(c)) {
    assert.ok(TYPES.has(f.type), f.type);
    if (f.type === 'snapshot' || f.type === 'heartbeat') continue;
    assert.ok(STATUSES.has(eventOf(f).status), eventOf(f).status);
  }
  await c.close();
});
