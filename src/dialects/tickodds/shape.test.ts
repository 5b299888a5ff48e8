// Checks 15-19 of the spec (§6): the three odds views agree on every frame, the REST live
// document is the socket's, and prematch matches have the same odds shape.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TextClient } from '../../conformance/client.js';
import {
  board,
  eventItem,
  eventOf,
  FIXTURES,
  framesOf,
  type Harness,
  type LiveEvent,
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
    eventItem('tennis', { status: 'scheduled' }),
    ...board(),
  ]);
});
after(() => h.t.close());

function checkViews(e: LiveEvent): void {
  const ids = new Set<string>();
  for (const r of e.odds) {
    for (const k of ['id', 'marketKey', 'industryKey', 'period', 'side', 'price', 'groupingKey'])
      assert.ok(k in r, `odds row lacks ${k}`);
    assert.equal(typeof r.price, 'number');
    assert.ok(r.groupingKey.startsWith(`${r.marketKey}:${r.period}`), r.groupingKey);
    assert.ok(r.id.startsWith(`${e.fixtureId}:${r.marketKey}:${r.period}:${r.side}`), r.id);
    assert.ok(!ids.has(r.id), `duplicate id ${r.id}`);
    ids.add(r.id);
  }
  let selections = 0;
  for (const g of e.marketGroups) {
    for (const s of g.selections) {
      selections++;
      const rows = e.odds.filter((r) => r.id === s.id);
      assert.equal(rows.length, 1, `one odds row for ${s.id}`);
      assert.equal(rows[0]!.price, s.odds);
      assert.equal(e.legacyOdds[g.name]?.[s.name], s.odds, `legacyOdds[${g.name}][${s.name}]`);
    }
  }
  assert.equal(selections, e.odds.length);
  assert.equal(
    Object.values(e.legacyOdds).reduce((n, m) => n + Object.keys(m).length, 0),
    selections,
  );
}

test('checks 15-17: odds rows, marketGroups and legacyOdds agree in every document the socket sends', async () => {
  const c = await TextClient.connect(`${h.t.wsUrl}/ws/live?apiKey=${h.keys.pro}`);
  await c.until(() => c.texts.length === 1);
  await h.feed([
    quote('soccer', 'total', 'over', 1.9, { line: 2.5 }),
    quote('soccer', 'total', 'over', 2.7, { line: 3.5, main: false }),
    quote('soccer', 'spread', 'away', 1.95, { line: 0.5 }),
    quote('soccer', 'three-way', 'draw', 3.0, { status: 'suspended' }),
    quote('basketball', 'total', 'under', 1.87, { line: 220.5 }),
  ]);
  await c.until(() => framesOf(c).filter((f) => f.type === 'update').length === 5);
  const snapshot = framesOf(c)[0]!['events'] as LiveEvent[];
  const docs = [...snapshot, ...framesOf(c).slice(1).map(eventOf)];
  for (const e of docs) checkViews(e);
  const soccer = docs.at(-2)!;
  assert.deepEqual(
    soccer.marketGroups.map((g) => [g.name, g.key, g.period]),
    [
      ['Fulltime Result', 'full_time_result', 'full_game'],
      ['Match Goals', 'match_goals', 'full_game'],
      ['Match Goals (3.5)', 'match_goals', 'full_game'],
      ['Asian Handicap', 'asian_handicap', 'full_game'],
    ],
  );
  const draw = soccer.odds.find((r) => r.side === 'draw')!;
  assert.equal(draw.industryKey, 'h2h_3_way');
  assert.equal((draw as unknown as { suspended: boolean }).suspended, true);
  assert.equal(
    soccer.odds.find((r) => r.groupingKey === 'match_goals:full_game:3.5' && r.side === 'over')?.id,
    `${soccer.fixtureId}:match_goals:full_game:over:3.5`,
  );
  await c.close();
});

test('check 18: GET /api/v1/live/events/{id} is the document the socket last sent', async () => {
  const c = await TextClient.connect(`${h.t.wsUrl}/ws/live?apiKey=${h.keys.pro}`);
  await c.until(() => c.texts.length === 1);
  await h.feed([quote('basketball', 'moneyline', 'home', 1.5)]);
  await c.until(() => c.texts.length === 2);
  const last = eventOf(framesOf(c)[1]!);
  const fid = fixtureIdOf(FIXTURES.basketball.id);
  const res = await fetch(`${h.t.url}/api/v1/live/events/${fid}`, {
    headers: { 'X-API-Key': h.keys.pro },
  });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { ok: boolean; data: LiveEvent };
  assert.equal(body.ok, true);
  assert.deepEqual(body.data, last);
  const list = (await (
    await fetch(`${h.t.url}/api/v1/live/events?sport=basketball`, {
      headers: { 'X-API-Key': h.keys.pro },
    })
  ).json()) as { data: LiveEvent[] };
  assert.deepEqual(list.data, [last]);
  const missing = await fetch(`${h.t.url}/api/v1/live/events/1`, {
    headers: { 'X-API-Key': h.keys.pro },
  });
  assert.equal(missing.status, 404);
  assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'NOT_FOUND');
  await c.close();
});

test('check 19: a prematch match has the same marketGroups/odds field names and types as a live event', async () => {
  await h.feed([
    quote('tennis', 'moneyline', 'home', 1.66),
    quote('tennis', 'total', 'over', 1.8, { line: 22.5 }),
  ]);
  const get = async (path: string) =>
    (await (await fetch(`${h.t.url}${path}`, { headers: { 'X-API-Key': h.keys.pro } })).json()) as {
      data: LiveEvent;
    };
  const pre = (await get(`/api/v1/matches/${fixtureIdOf(FIXTURES.tennis.id)}`)).data;
  const live = (await get(`/api/v1/live/events/${fixtureIdOf(FIXTURES.soccer.id)}`)).data;
  assert.equal(pre.status, 'scheduled');
  checkViews(pre);
  const shape = (o: object) =>
    Object.entries(o)
      .map(([k, v]) => `${k}:${v === null ? 'null' : typeof v}`)
      .sort();
  assert.deepEqual(
    shape(pre.odds[0]!).filter((k) => !k.startsWith('line')),
    shape(live.odds[0]!),
  );
  const preGroup = pre.marketGroups[0]!;
  const liveGroup = live.marketGroups[0]!;
  assert.deepEqual(shape({ ...preGroup, selections: [] }), shape({ ...liveGroup, selections: [] }));
  assert.deepEqual(shape(preGroup.selections[0]!), shape(liveGroup.selections[0]!));
  assert.deepEqual(
    pre.marketGroups.map((g) => g.key),
    ['to_win_match', 'total_games'],
  );
});
