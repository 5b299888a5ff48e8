// What a client sees in the first minutes of a fresh server at the default rate, on fixed dates
// of the calendar: every league in season has prices at once and moves every few seconds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultCatalogDir, loadCatalog } from '../../catalog/load.js';
import { Simulator } from './simulator.js';
import { Board } from './testing.js';

const catalog = loadCatalog(defaultCatalogDir());
/** The configuration's default `simulator.rate`. */
const DEFAULT_RATE = 200;
const TICK_MS = 25;
const WATCH_MS = 120_000;

interface Day {
  name: string;
  at: string;
  inSeason: string[];
  outOfSeason: string[];
}

const days: Day[] = [
  {
    name: 'a winter Sunday with NFL games in play',
    at: '2026-11-29T19:00:00Z',
    inSeason: [
      'nfl',
      'ncaaf',
      'nba',
      'ncaab',
      'nhl',
      'mls',
      'epl',
      'laliga',
      'bundesliga',
      'seriea',
      'ligue1',
    ],
    outOfSeason: ['wnba', 'mlb', 'atp', 'wta'],
  },
  {
    name: 'a summer weekday in the MLB All-Star break',
    at: '2026-07-15T23:30:00Z',
    inSeason: ['wnba', 'mlb', 'mls', 'atp', 'wta'],
    outOfSeason: [
      'nfl',
      'ncaaf',
      'nba',
      'ncaab',
      'nhl',
      'epl',
      'laliga',
      'bundesliga',
      'seriea',
      'ligue1',
      'ucl',
    ],
  },
  {
    name: 'an NFL wild-card Sunday',
    at: '2027-01-17T21:00:00Z',
    inSeason: [
      'nfl',
      'nba',
      'ncaab',
      'nhl',
      'epl',
      'laliga',
      'bundesliga',
      'seriea',
      'ligue1',
      'atp',
      'wta',
    ],
    outOfSeason: ['wnba', 'mlb', 'mls'],
  },
];

for (const day of days) {
  test(`${day.name}: every league in season has prices at once and an update at least every 5 s, every event within 2 min`, () => {
    const t0 = Date.parse(day.at);
    const s = new Simulator({ catalog, seed: 1, rate: DEFAULT_RATE, clock: () => t0, now: t0 });
    const board = new Board(catalog);
    const leagueOf = new Map<string, string>();
    const opening = s.tick(0);
    board.apply(opening);
    for (const u of opening) if (u.kind === 'event') leagueOf.set(u.event.id, u.event.league);
    const leagues = new Set(leagueOf.values());

    for (const league of day.inSeason) assert.ok(leagues.has(league), `${league} is in season`);
    for (const league of day.outOfSeason) assert.ok(!leagues.has(league), `${league} is not`);
    const priced = new Set<string>();
    for (const { key } of board.quotes.values()) priced.add(leagueOf.get(key.event) ?? '');
    assert.deepEqual(
      [...leagues].filter((l) => !priced.has(l)),
      [],
      'leagues without prices at once',
    );

    // A client subscribing at any moment waits at most the longest gap between two updates.
    const last = new Map<string, number>([...leagues].map((l) => [l, 0]));
    const longest = new Map<string, number>();
    const moved = new Set<string>();
    const movedAll = new Set<string>();
    for (let t = TICK_MS; t <= WATCH_MS; t += TICK_MS) {
      const batch = s.tick(TICK_MS);
      board.apply(batch);
      for (const u of batch) {
        if (u.kind === 'event') {
          leagueOf.set(u.event.id, u.event.league);
          continue;
        }
        const league = leagueOf.get(u.key.event) ?? '';
        if (t <= 30_000) moved.add(u.key.event);
        movedAll.add(u.key.event);
        const gap = t - (last.get(league) ?? 0);
        if (gap > (longest.get(league) ?? 0)) longest.set(league, gap);
        last.set(league, t);
      }
    }
    for (const [league, at] of last) {
      const gap = Math.max(longest.get(league) ?? 0, WATCH_MS - at);
      assert.ok(gap <= 5000, `${league}: ${gap} ms without an update`);
    }
    // The budget reaches the whole slate, not a few events at a time.
    const listed = [...leagueOf.keys()].length;
    console.log(
      `${day.at}: ${moved.size} of ${listed} events updated in the first 30 s, ${movedAll.size} in 120 s`,
    );
    assert.ok(moved.size >= listed * 0.6, `${moved.size} of ${listed} events updated in 30 s`);
    assert.equal(movedAll.size, listed, 'every event updated within two minutes');
    assert.deepEqual(board.problems, []);
  });
}
