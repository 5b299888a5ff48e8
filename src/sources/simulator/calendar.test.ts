import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultCatalogDir, loadCatalog } from '../../catalog/load.js';
import { Calendar, circleRound } from './calendar.js';
import { dayOf, localDay, localTime } from './localtime.js';
import { gameDurationMs, sportProfile } from './profiles.js';
import { SEASONS } from './seasons.js';

const catalog = loadCatalog(defaultCatalogDir());
const calendar = new Calendar(catalog, 1);
const league = (id: string) => {
  const l = catalog.leagues.find((x) => x.id === id);
  if (!l) throw new Error(id);
  return l;
};
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);

test('a round robin round pairs every team once, and no pairing repeats within a cycle', () => {
  const teams = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  const seen = new Set<string>();
  for (let r = 0; r < 7; r++) {
    const pairs = circleRound(teams, r);
    assert.equal(pairs.length, 3, 'one team sits out with an odd count');
    assert.equal(new Set(pairs.flat()).size, 6);
    for (const [h, a] of pairs) {
      const key = [h, a].sort().join('-');
      assert.ok(!seen.has(key), `${key} twice in round ${r}`);
      seen.add(key);
    }
  }
});

test('kick-offs follow the local clock across daylight-saving changes', () => {
  const kickoffs = (id: string, y: number, m: number, d: number) =>
    calendar.on(league(id), dayOf(y, m, d)).map((f) => iso(f.startsAt));
  // NFL early Sunday games are at 13:00 in New York: 17:00 UTC in October, 18:00 UTC in November.
  assert.ok(kickoffs('nfl', 2026, 10, 4).includes('2026-10-04T17:00'));
  assert.ok(kickoffs('nfl', 2026, 11, 29).includes('2026-11-29T18:00'));
  // English Saturday 15:00 games: 14:00 UTC under British Summer Time, 15:00 UTC after it.
  assert.ok(kickoffs('epl', 2026, 10, 17).includes('2026-10-17T14:00'));
  assert.ok(kickoffs('epl', 2026, 11, 7).includes('2026-11-07T15:00'));
  assert.equal(
    localDay('America/New_York', Date.parse('2026-11-30T03:00:00Z')),
    dayOf(2026, 11, 29),
  );
  assert.equal(
    iso(localTime('Europe/Berlin', dayOf(2026, 3, 29), 15 * 60 + 30)),
    '2026-03-29T13:30',
  );
});

test('seasons: NFL week 1 after Labor Day, playoffs in January, MLB dark for the All-Star break', () => {
  const games = (id: string, y: number, m: number, d: number) =>
    calendar.on(league(id), dayOf(y, m, d)).length;
  assert.equal(games('nfl', 2026, 9, 10), 1, 'Thursday kick-off after Labor Day 2026');
  assert.equal(games('nfl', 2026, 9, 6), 0, 'the Sunday before is pre-season');
  assert.equal(games('nfl', 2027, 1, 17), 3, 'wild-card Sunday');
  assert.equal(games('nfl', 2027, 1, 18), 1, 'wild-card Monday');
  assert.equal(games('nfl', 2027, 2, 14), 1, 'the Super Bowl');
  assert.equal(games('nba', 2026, 11, 26), 0, 'no NBA on Thanksgiving');
  assert.ok(games('nba', 2026, 11, 27) >= 5);
  assert.equal(games('mlb', 2026, 7, 15), 0, 'All-Star break');
  assert.ok(games('mlb', 2026, 7, 17) >= 12);
  assert.equal(games('mlb', 2026, 11, 29), 0);
  assert.equal(games('wnba', 2026, 11, 29), 0);
  assert.equal(games('bundesliga', 2027, 1, 2), 0, 'winter break');
});

test('over a year no team plays twice at once and no pairing is listed twice', () => {
  const from = dayOf(2026, 8, 1);
  for (const l of calendar.leagues) {
    const season = SEASONS[l.id];
    assert.ok(season, l.id);
    const duration = gameDurationMs(l, sportProfile(l));
    for (let d = from; d < from + 365; d++) {
      const listed = [];
      for (let k = -1; k <= season.horizonDays; k++) listed.push(...calendar.on(l, d + k));
      const pairs = new Set<string>();
      const busy = new Map<string, number[]>();
      for (const f of listed) {
        const pair = [f.home.id, f.away.id].sort().join(' v ');
        assert.ok(!pairs.has(pair), `${l.id}: ${pair} listed twice around day ${iso(d * 864e5)}`);
        pairs.add(pair);
        for (const team of [f.home.id, f.away.id]) {
          for (const start of busy.get(team) ?? []) {
            assert.ok(
              Math.abs(start - f.startsAt) >= duration,
              `${team} plays twice at once: ${iso(start)} and ${iso(f.startsAt)}`,
            );
          }
          busy.set(team, [...(busy.get(team) ?? []), f.startsAt]);
        }
      }
    }
  }
});

test('the same seed lists the same fixtures; another seed other pairings', () => {
  const day = dayOf(2026, 11, 29);
  const ids = (c: Calendar) => c.on(league('nba'), day).map((f) => `${f.home.id}-${f.away.id}`);
  assert.deepEqual(ids(new Calendar(catalog, 1)), ids(calendar));
  assert.notDeepEqual(ids(new Calendar(catalog, 2)), ids(calendar));
});
