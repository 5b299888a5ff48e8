// The shipped catalog/*.json: coverage the simulator and the dialects rely on.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultCatalogDir, loadCatalog } from './load.js';

const catalog = loadCatalog(defaultCatalogDir());
const ids = <T extends { id: string }>(list: T[]) => new Set(list.map((e) => e.id));

test('every required league exists under its sport', () => {
  const leagues = new Map(catalog.leagues.map((l) => [l.id, l.sport]));
  const expected: Record<string, string> = {
    nfl: 'football',
    ncaaf: 'football',
    nba: 'basketball',
    ncaab: 'basketball',
    wnba: 'basketball',
    mlb: 'baseball',
    nhl: 'hockey',
    mls: 'soccer',
    epl: 'soccer',
    laliga: 'soccer',
    bundesliga: 'soccer',
    seriea: 'soccer',
    ligue1: 'soccer',
    ucl: 'soccer',
    atp: 'tennis',
    wta: 'tennis',
    ufc: 'mma',
  };
  for (const [league, sport] of Object.entries(expected)) assert.equal(leagues.get(league), sport);
  assert.deepEqual([...ids(catalog.sports)].sort(), [
    'baseball',
    'basketball',
    'football',
    'hockey',
    'mma',
    'soccer',
    'tennis',
  ]);
});

test('at least 15 books, including the US and sharp books the specs name', () => {
  assert.ok(catalog.books.length >= 15);
  const books = ids(catalog.books);
  for (const b of ['draftkings', 'fanduel', 'betmgm', 'caesars', 'betrivers', 'thescore']) {
    assert.ok(books.has(b), b);
  }
  for (const b of ['fanatics', 'pinnacle', 'circa', 'bookmaker', 'betonline', 'bovada']) {
    assert.ok(books.has(b), b);
  }
  for (const b of ['betfair', 'kalshi', 'polymarket']) assert.ok(books.has(b), b);
});

test('game markets, period variants and player props are all there', () => {
  const kinds = new Set(catalog.markets.map((m) => m.kind));
  for (const k of ['moneyline', 'spread', 'total', 'team_total', 'three_way', 'player_prop']) {
    assert.ok(kinds.has(k as never), k);
  }
  const moneyline = catalog.markets.find((m) => m.id === 'moneyline');
  for (const p of ['1h', '1q', '1p', 'f5']) assert.ok(moneyline?.periodIds?.[p], p);
  const stats = new Set(catalog.markets.map((m) => m.stat));
  const wanted = ['points', 'rebounds', 'assists', 'threes', 'passing_yards', 'rushing_yards'];
  wanted.push('receiving_yards', 'anytime_td', 'strikeouts', 'hits', 'shots_on_goal', 'goals');
  for (const s of wanted) assert.ok(stats.has(s), s);
});

test('periods cover halves, quarters, hockey periods and the first five innings', () => {
  const periods = ids(catalog.periods);
  for (const p of ['game', '1h', '2h', '1q', '2q', '3q', '4q', '1p', '2p', '3p', 'f5']) {
    assert.ok(periods.has(p), p);
  }
});

test('full rosters for the big leagues and at least 12 entries elsewhere', () => {
  const count = (league: string) => catalog.teams.filter((t) => t.league === league).length;
  const full: Record<string, number> = { nfl: 32, nba: 30, mlb: 30, nhl: 32, epl: 20 };
  for (const [league, n] of Object.entries(full)) assert.equal(count(league), n, league);
  assert.ok(count('wnba') >= 13);
  for (const league of catalog.leagues) assert.ok(count(league.id) >= 12, league.id);
});

test('at least 4 players on at least 8 teams in each of NFL, NBA, MLB, NHL', () => {
  const perTeam = new Map<string, number>();
  for (const p of catalog.players) perTeam.set(p.team, (perTeam.get(p.team) ?? 0) + 1);
  for (const league of ['nfl', 'nba', 'mlb', 'nhl']) {
    const teams = [...perTeam].filter(([team, n]) => team.startsWith(`${league}-`) && n >= 4);
    assert.ok(teams.length >= 8, league);
  }
});

test('every NFL, NBA, MLB and NHL team has two players or more, each with a position', () => {
  const perTeam = new Map<string, number>();
  for (const p of catalog.players) {
    assert.ok(p.position, `${p.id} has a position`);
    perTeam.set(p.team, (perTeam.get(p.team) ?? 0) + 1);
  }
  const teams = catalog.teams.filter((t) => ['nfl', 'nba', 'mlb', 'nhl'].includes(t.league));
  assert.deepEqual(
    teams.filter((t) => (perTeam.get(t.id) ?? 0) < 2).map((t) => t.id),
    [],
  );
});

test('docs/catalog.md lists exactly the values marked inferred', () => {
  const docs = readFileSync(join(defaultCatalogDir(), '..', 'docs', 'catalog.md'), 'utf8');
  const rows = new Set(
    [
      ...docs.matchAll(
        /^\|\s*(sport|league|book|market|period|team)\s*\|\s*(\S+)\s*\|\s*(\w+)\s*\|/gm,
      ),
    ].map((m) => `${m[1]} ${m[2]} ${m[3]}`),
  );
  const marks = new Set<string>();
  const kinds = [
    ['sport', catalog.sports],
    ['league', catalog.leagues],
    ['book', catalog.books],
    ['market', catalog.markets],
    ['period', catalog.periods],
    ['team', catalog.teams],
  ] as const;
  for (const [kind, list] of kinds) {
    for (const entry of list) {
      for (const vocab of entry.inferred ?? []) marks.add(`${kind} ${entry.id} ${vocab}`);
    }
  }
  assert.deepEqual([...rows].sort(), [...marks].sort());
});
