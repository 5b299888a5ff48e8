import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultCatalogDir, loadCatalog } from '../../catalog/load.js';
import type { SportEvent, Update } from '../../model/types.js';
import { Simulator, type SimulatorOptions } from './simulator.js';
import { Board } from './testing.js';

const catalog = loadCatalog(defaultCatalogDir());
const players = new Map(catalog.players.map((p) => [p.id, p]));
const stats = new Map(catalog.markets.map((m) => [m.id, m.stat]));

function run(at: string, ms: number, opts: Partial<SimulatorOptions> = {}) {
  const t0 = Date.parse(at);
  const s = new Simulator({ catalog, seed: 4, rate: 5000, clock: () => t0, now: t0, ...opts });
  const updates: Update[] = [...s.tick(0)];
  for (let t = 0; t < ms; t += 250) updates.push(...s.tick(250));
  const events = new Map<string, SportEvent>();
  for (const u of updates) if (u.kind === 'event') events.set(u.event.id, u.event);
  return { updates, events };
}

test('the slate carries games in play, today and the next days; only game day has the full board', () => {
  const { updates, events } = run('2026-11-29T19:00:00Z', 0);
  const nba = [...events.values()].filter((e) => e.league === 'nba');
  const days = new Set(nba.map((e) => new Date(e.startsAt - 5 * 3_600_000).getUTCDate()));
  assert.deepEqual([...days].sort(), [1, 29, 30], 'today and the next two days (New York dates)');
  assert.ok([...events.values()].some((e) => e.league === 'nfl' && e.status === 'live'));
  const periods = new Map<string, Set<string>>();
  for (const u of updates) {
    if (u.kind !== 'quote') continue;
    const set = periods.get(u.key.event) ?? new Set();
    set.add(u.key.period);
    periods.set(u.key.event, set);
  }
  for (const e of nba) {
    const gameDay = e.startsAt - Date.parse('2026-11-29T19:00:00Z') < 18 * 3_600_000;
    assert.equal(periods.get(e.id)?.has('1q') ?? false, gameDay, `${e.id} quarter markets`);
  }
});

test('props follow positions, for players of both teams', () => {
  for (const at of ['2026-11-29T17:00:00Z', '2026-07-17T20:00:00Z']) {
    const { updates, events } = run(at, 0);
    const withProps = new Set<string>();
    for (const u of updates) {
      if (u.kind !== 'quote') continue;
      const player = players.get(u.key.selection.split('.')[0] ?? '');
      if (!player) continue;
      withProps.add(u.key.event);
      const stat = stats.get(u.key.market) ?? '';
      const where = `${u.key.event} ${player.id} (${player.position}) ${u.key.market}`;
      const passing = ['passing_yards', 'passing_tds', 'pass_completions'].includes(stat);
      assert.ok(!passing || player.position === 'QB', where);
      assert.equal(stat === 'strikeouts', player.position === 'P', where);
      if (player.position === 'G' && player.team.startsWith('nhl-'))
        assert.equal(stat, 'saves', where);
    }
    for (const e of events.values()) {
      if (!['nfl', 'nba', 'mlb', 'nhl'].includes(e.league) || e.status !== 'scheduled') continue;
      if (e.startsAt - Date.parse(at) > 12 * 3_600_000) continue;
      assert.ok(withProps.has(e.id), `${e.id} has props on game day`);
      const teams = new Set((e.players ?? []).map((p) => players.get(p.id)?.team));
      assert.deepEqual(
        [...teams].sort(),
        [e.away.id, e.home.id].sort(),
        `${e.id} props for both teams`,
      );
    }
  }
});

test('live clocks are whole seconds; baseball and tennis show innings and sets, no clock', () => {
  const seen = new Set<string>();
  for (const at of ['2026-11-29T20:00:00Z', '2026-07-17T23:30:00Z', '2026-07-15T13:00:00Z']) {
    const { events, updates } = run(at, 20_000, { speed: 20 });
    for (const u of updates) {
      if (u.kind !== 'event' || !u.event.live) continue;
      const { clock, period } = u.event.live;
      const league = catalog.leagues.find((l) => l.id === u.event.league);
      assert.ok(Number.isInteger(clock), `${u.event.id} clock ${clock}`);
      assert.ok(
        period >= 1 && period <= (league?.clock.periods ?? 0),
        `${u.event.id} period ${period}`,
      );
      if (u.event.sport === 'baseball' || u.event.sport === 'tennis') assert.equal(clock, 0);
      seen.add(u.event.sport);
    }
    assert.ok(events.size > 0);
  }
  for (const sport of ['football', 'basketball', 'hockey', 'soccer', 'baseball', 'tennis'])
    assert.ok(seen.has(sport), `${sport} in play`);
});

test('the same seed and start give the same opening board; another date another slate', () => {
  const a = run('2026-11-29T19:00:00Z', 0, { rate: 200 });
  assert.deepEqual(run('2026-11-29T19:00:00Z', 0, { rate: 200 }).updates, a.updates);
  const later = run('2026-12-02T19:00:00Z', 0, { rate: 200 }).events;
  assert.ok(![...later.keys()].some((id) => id.includes('-2026-11-29-')));
  assert.ok([...a.events.keys()].some((id) => id.includes('-2026-11-29-')));
});

test('the slate rolls with the clock: new days are listed, game day opens the full board', () => {
  // Sunday 21:00 in New York; at speed 240 two minutes of clock are eight hours of world.
  const t0 = Date.parse('2026-11-30T02:00:00Z');
  const s = new Simulator({ catalog, seed: 4, rate: 2000, clock: () => t0, now: t0, speed: 240 });
  const board = new Board(catalog);
  const opening = s.tick(0);
  board.apply(opening);
  const atStart = new Set(board.events.keys());
  const quarters = new Set<string>();
  for (const u of opening)
    if (u.kind === 'quote' && u.key.period === '1q') quarters.add(u.key.event);
  const monday = [...board.events.values()].filter(
    (e) => e.league === 'nba' && e.id.startsWith('nba-2026-12-01-'),
  );
  assert.ok(monday.length > 0 && monday.every((e) => !quarters.has(e.id)), 'main lines only');
  for (let i = 0; i < 480; i++) {
    const batch = s.tick(250);
    board.apply(batch);
    for (const u of batch)
      if (u.kind === 'quote' && u.key.period === '1q') quarters.add(u.key.event);
  }
  const listedLater = [...board.events.keys()].filter((id) => !atStart.has(id));
  assert.ok(
    listedLater.some((id) => id.startsWith('nba-2026-12-02-') || id.startsWith('nba-2026-12-03-')),
    `newly listed: ${listedLater.join(' ')}`,
  );
  assert.ok(
    monday.some((e) => quarters.has(e.id)),
    'game day opened the quarter markets',
  );
  assert.ok([...board.events.values()].some((e) => atStart.has(e.id) && e.status === 'ended'));
  assert.deepEqual(board.problems, []);
});
