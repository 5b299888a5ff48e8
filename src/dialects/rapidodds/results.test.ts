// The results book and payload, pure: event Changes in, the SDK's documented shapes out
// (spec §5.4): the score split by period, named totals null until their periods finish,
// `full_time` only once CONCLUDED, `score` absent before the start.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultCatalogDir, loadCatalog } from '../../catalog/load.js';
import type { Change, EventStatus, LiveState, SportEvent } from '../../model/types.js';
import { buildResults, gameIdOf, type Include, selects } from './results.js';
import { ResultsBook } from './results-book.js';

const catalog = loadCatalog(defaultCatalogDir());
const nba = catalog.leagues.find((l) => l.id === 'nba')!;
const mlb = catalog.leagues.find((l) => l.id === 'mlb')!;
const ALL = new Set<Include>(['scores', 'players']);
const T0 = Date.UTC(2030, 0, 1, 20);

function game(status: EventStatus, live?: LiveState, league = 'nba'): SportEvent {
  return {
    id: `${league}-g1`,
    sport: league === 'mlb' ? 'baseball' : 'basketball',
    league,
    home: { id: 'h', name: 'Boston Celtics' },
    away: { id: 'a', name: 'Los Angeles Lakers' },
    startsAt: T0,
    status,
    ...(live ? { live } : {}),
  };
}

let seq = 0;
function feed(book: ResultsBook, states: SportEvent[]): void {
  let before: SportEvent | null = null;
  for (const after of states) {
    seq++;
    const c: Change = {
      kind: 'event',
      epoch: 'e',
      seq,
      at: T0 + seq * 60_000,
      id: `event:${after.id}`,
      before,
      after,
      sport: after.sport,
      league: after.league,
      inPlay: after.status === 'live',
    };
    book.observe([c]);
    before = after;
  }
}

type G = { game: Record<string, unknown>; score: Record<string, unknown>; players?: unknown };
const first = (p: { games: unknown[] }) => p.games[0] as G;

const live = (home: number, away: number, period: number, clock = 300): LiveState => ({
  home,
  away,
  period,
  clock,
});

test('the score is split by period as it moves, with one scoring event per score', () => {
  const book = new ResultsBook(new Set(['nba']), { maxGames: 10, maxScoringEvents: 10 });
  feed(book, [
    game('scheduled'),
    game('live', live(0, 0, 1, 720)),
    game('live', live(3, 0, 1, 500)),
    game('live', live(3, 2, 2, 600)),
    game('live', live(5, 2, 2, 100)),
  ]);
  const t = book.get('nba-g1')!;
  assert.deepEqual(t.homeBy, [3, 2]);
  assert.deepEqual(t.awayBy, [0, 2]);
  assert.deepEqual(
    t.scoring.map((s) => [s.period, s.side, s.points, s.home, s.away]),
    [
      [1, 'home', 3, 3, 0],
      [2, 'away', 2, 3, 2],
      [2, 'home', 2, 5, 2],
    ],
  );
  const g = first(buildResults('NBA', nba, [{ event: t.event, track: t }], ALL));
  assert.deepEqual(Object.keys(g.game), [
    'game_id',
    'commence_time',
    'last_update',
    'concluded_at',
    'home_team',
    'away_team',
    'status',
    'round_number',
  ]);
  assert.equal(g.game['status'], 'LIVE');
  assert.equal(g.game['concluded_at'], null);
  assert.equal(g.game['game_id'], gameIdOf('nba-g1'));
  const score = g.score;
  assert.deepEqual(score['home'], { team: 'Boston Celtics', points: 5 });
  assert.deepEqual(score['home_by_period'], [
    { period: 1, points: 3 },
    { period: 2, points: 2 },
  ]);
  assert.deepEqual(score['period_state'], [
    { period: 1, completed: true },
    {
      period: 2,
      completed: false,
      period_seconds_elapsed: 620,
      period_seconds_remaining: 100,
      match_seconds_elapsed: 1340,
      display_clock: '1:40',
    },
  ]);
  const totals = score['totals'] as Record<string, unknown>;
  assert.equal(totals['full_time'], null, 'full_time stays null until CONCLUDED');
  assert.equal(totals['half_time'], null, 'half_time stays null until the half is over');
  assert.deepEqual(g.players, []);
});

test('a game first seen in play: its score so far sits in that period, with no scoring event', () => {
  const book = new ResultsBook(new Set(['nba']), { maxGames: 10, maxScoringEvents: 10 });
  feed(book, [game('live', live(80, 70, 3)), game('live', live(82, 70, 3))]);
  const t = book.get('nba-g1')!;
  assert.deepEqual(t.homeBy, [0, 0, 82]);
  assert.deepEqual(t.awayBy, [0, 0, 70]);
  assert.deepEqual(
    t.scoring.map((s) => [s.side, s.points]),
    [['home', 2]],
  );
});

test('named totals fill in as their periods finish; full_time once concluded', () => {
  const book = new ResultsBook(new Set(['nba']), { maxGames: 10, maxScoringEvents: 10 });
  feed(book, [
    game('live', live(0, 0, 1, 720)),
    game('live', live(20, 18, 1)),
    game('live', live(40, 41, 2)),
    game('break', live(50, 50, 2, 0)),
    game('live', live(70, 75, 4)),
    game('ended', live(90, 95, 4, 0)),
  ]);
  const t = book.get('nba-g1')!;
  const g = first(buildResults('NBA', nba, [{ event: t.event, track: t }], ALL));
  assert.equal(g.game['status'], 'CONCLUDED');
  assert.equal(typeof g.game['concluded_at'], 'string');
  const totals = g.score['totals'] as Record<string, unknown>;
  assert.deepEqual(totals['full_time'], { home: 90, away: 95, total: 185 });
  assert.deepEqual(totals['half_time'], { home: 50, away: 50, total: 100 });
  const states = g.score['period_state'] as { completed: boolean }[];
  assert.ok(states.every((p) => p.completed));
  const by = totals['by_period'] as { total: number }[];
  assert.equal(
    by.reduce((a, p) => a + p.total, 0),
    185,
    'by_period sums to the score',
  );
});

test('baseball: runs, first_5_innings instead of half_time, and half instead of a clock', () => {
  const book = new ResultsBook(new Set(['mlb']), { maxGames: 10, maxScoringEvents: 10 });
  feed(book, [game('live', live(0, 0, 1, 0), 'mlb'), game('live', live(1, 0, 3, 900), 'mlb')]);
  const t = book.get('mlb-g1')!;
  const g = first(buildResults('MLB', mlb, [{ event: t.event, track: t }], ALL));
  assert.deepEqual(g.score['home'], { team: 'Boston Celtics', runs: 1 });
  const totals = g.score['totals'] as Record<string, unknown>;
  assert.ok('first_5_innings' in totals && !('half_time' in totals));
  const current = (g.score['period_state'] as Record<string, unknown>[])[2]!;
  assert.deepEqual(current, { period: 3, completed: false, half: 'bottom' });
});

test('a game that has not started has no score; include limits what is shown', () => {
  const book = new ResultsBook(new Set(['nba']), { maxGames: 10, maxScoringEvents: 10 });
  feed(book, [game('scheduled')]);
  const t = book.get('nba-g1')!;
  const g = buildResults('NBA', nba, [{ event: t.event, track: t }], ALL).games[0]!;
  assert.deepEqual(Object.keys(g), ['game']);
  feed(book, [game('live', live(2, 0, 1))]);
  const only = buildResults(
    'NBA',
    nba,
    [{ event: book.get('nba-g1')!.event, track: book.get('nba-g1') }],
    new Set<Include>(['scores']),
  ).games[0]!;
  assert.deepEqual(Object.keys(only), ['game', 'score']);
});

test('the book is bounded: games and scoring events past their limits are forgotten', () => {
  const book = new ResultsBook(new Set(['nba']), { maxGames: 2, maxScoringEvents: 2 });
  for (const id of ['a', 'b', 'c']) feed(book, [{ ...game('scheduled'), id }]);
  assert.equal(book.get('a'), undefined);
  assert.ok(book.get('b') && book.get('c'));
  feed(book, [
    { ...game('live', live(1, 0, 1)), id: 'c' },
    { ...game('live', live(2, 0, 1)), id: 'c' },
    { ...game('live', live(3, 0, 1)), id: 'c' },
  ]);
  assert.deepEqual(
    book.get('c')!.scoring.map((s) => s.home),
    [2, 3],
  );
  // Leagues without results are not kept at all.
  feed(book, [{ ...game('scheduled'), id: 'x', league: 'ncaab' }]);
  assert.equal(book.get('x'), undefined);
});

test('status, days, game_id and round select games; a live query still sees its game end', () => {
  const q = (status: 'all' | 'live' | 'scheduled' | 'concluded') => ({ status, include: ALL });
  const ended = game('ended', live(1, 0, 4));
  assert.equal(selects(q('live'), ended, T0), false);
  assert.equal(selects(q('live'), ended, T0, 'live'), true);
  assert.equal(selects(q('concluded'), ended, T0), true);
  assert.equal(selects({ ...q('all'), days: 1 }, ended, T0 + 2 * 86_400_000), false);
  assert.equal(selects({ ...q('all'), days: 3 }, ended, T0 + 2 * 86_400_000), true);
  assert.equal(selects({ ...q('all'), gameId: String(gameIdOf(ended.id)) }, ended, T0), true);
  assert.equal(selects({ ...q('all'), gameId: '8216' }, ended, T0), false);
  assert.equal(selects({ ...q('all'), round: '20' }, ended, T0), false);
});
