import assert from 'node:assert/strict';
import { test } from 'node:test';
import { marketPeriods } from './ids.js';
import { CatalogIndex } from './index.js';
import { defaultCatalogDir, loadCatalog } from './load.js';
import { VOCABULARIES } from './schema.js';
import type { DialectIds, Vocabulary } from './types.js';

const catalog = loadCatalog(defaultCatalogDir());
const index = new CatalogIndex(catalog);

function entries(ids: DialectIds | undefined): [Vocabulary, string | number][] {
  return Object.entries(ids ?? {}) as [Vocabulary, string | number][];
}

test('finds every entry by id and answers undefined for unknown ids', () => {
  assert.equal(index.book('draftkings')?.name, 'DraftKings');
  assert.equal(index.team('nba-bos')?.name, 'Boston Celtics');
  assert.equal(index.player('lebron-james')?.team, 'nba-lal');
  assert.equal(index.period('f5')?.name, 'First 5 innings');
  for (const lookup of ['sport', 'league', 'book', 'market', 'period', 'team', 'player'] as const) {
    assert.equal(index[lookup]('nope'), undefined);
  }
  assert.equal(index.teamsOf('nope'), undefined);
  assert.equal(index.playersOf('nope'), undefined);
  assert.equal(index.leaguesOf('nope'), undefined);
  assert.equal(index.marketsFor('nope'), undefined);
  assert.equal(index.dialectId('therundown', 'book', 'nope'), undefined);
  assert.equal(index.fromDialectId('therundown', 'book', 999999), undefined);
  assert.equal(index.fromDialectId('therundown', 'market', 1, 'nope'), undefined);
});

test('groups teams by league, players by team, leagues and markets by sport', () => {
  assert.equal(index.teamsOf('nba')?.length, 30);
  assert.ok(index.playersOf('nba-lal')?.some((p) => p.id === 'lebron-james'));
  assert.deepEqual(index.playersOf('epl-ars'), []);
  assert.ok(index.leaguesOf('soccer')?.some((l) => l.id === 'epl'));
  const soccer = index.marketsFor('soccer')?.map((m) => m.id) ?? [];
  assert.ok(soccer.includes('three-way'));
  assert.ok(!soccer.includes('moneyline'));
});

test('reads the documented vendor ids', () => {
  assert.equal(index.dialectId('therundown', 'league', 'nba'), 4);
  assert.equal(index.dialectId('therundown', 'book', 'draftkings'), 19);
  assert.equal(index.dialectId('parlay', 'league', 'nba'), 'basketball_nba');
  assert.equal(index.dialectId('rapidodds', 'market', 'moneyline'), 'head_to_head');
  assert.equal(index.dialectId('therundown', 'market', 'moneyline', '1h'), 4);
  assert.equal(index.dialectId('therundownLive', 'market', 'moneyline'), 41);
  assert.equal(index.dialectId('tickoddsIndustry', 'market', 'three-way'), 'h2h_3_way');
});

test('market ids that differ by sport need the league', () => {
  assert.equal(index.dialectId('rapidodds', 'market', 'total'), undefined);
  assert.equal(
    index.dialectId('rapidodds', 'market', 'total', 'game', 'mlb'),
    'alternate_total_runs',
  );
  assert.equal(
    index.dialectId('rapidodds', 'market', 'total', '1h', 'epl'),
    'alternate_total_goals_1st_half',
  );
  assert.deepEqual(index.fromDialectId('therundown', 'market', 1), {
    id: 'moneyline',
    period: 'game',
  });
  assert.deepEqual(index.fromDialectId('therundown', 'market', '1', 'epl'), {
    id: 'three-way',
    period: 'game',
  });
  assert.equal(index.dialectId('rapidodds', 'market', 'moneyline', 'game', 'epl'), undefined);
});

test('wire strings resolve like numbers', () => {
  assert.deepEqual(index.fromDialectId('therundown', 'book', '23'), { id: 'fanduel' });
  assert.deepEqual(index.fromDialectId('therundown', 'market', '4'), {
    id: 'moneyline',
    period: '1h',
  });
});

test('period and team ids shared across leagues resolve only with the league', () => {
  assert.equal(index.fromDialectId('therundown', 'period', 3), undefined);
  assert.deepEqual(index.fromDialectId('therundown', 'period', 3, 'nba'), { id: '1q' });
  assert.deepEqual(index.fromDialectId('therundown', 'period', 3, 'nhl'), { id: '1p' });
  assert.deepEqual(index.fromDialectId('therundown', 'period', 0), { id: 'game' });
  assert.deepEqual(index.fromDialectId('polymarket', 'team', 'edm', 'nhl'), { id: 'nhl-edm' });
});

test('every sport, league, book, period and team id round-trips', () => {
  const simple = [
    ['sport', catalog.sports],
    ['league', catalog.leagues],
    ['book', catalog.books],
  ] as const;
  let checked = 0;
  for (const [kind, list] of simple) {
    for (const entry of list) {
      for (const [vocab, value] of entries(entry.ids)) {
        assert.equal(index.dialectId(vocab, kind, entry.id), value);
        assert.deepEqual(
          index.fromDialectId(vocab, kind, value),
          { id: entry.id },
          `${kind} ${entry.id}`,
        );
        checked++;
      }
    }
  }
  for (const league of catalog.leagues) {
    for (const periodId of league.periods) {
      for (const [vocab, value] of entries(index.period(periodId)?.ids)) {
        assert.equal(index.dialectId(vocab, 'period', periodId), value);
        assert.deepEqual(index.fromDialectId(vocab, 'period', value, league.id), { id: periodId });
        checked++;
      }
    }
  }
  for (const team of catalog.teams) {
    for (const [vocab, value] of entries(team.ids)) {
      assert.equal(index.dialectId(vocab, 'team', team.id), value);
      assert.deepEqual(index.fromDialectId(vocab, 'team', value, team.league), { id: team.id });
      checked++;
    }
  }
  assert.ok(checked > 150);
});

test('every market id round-trips for every period, with and without a league', () => {
  let checked = 0;
  for (const market of catalog.markets) {
    for (const period of marketPeriods(market)) {
      const expected = { id: market.id, period };
      for (const [vocab, value] of entries(
        period === 'game' ? market.ids : market.periodIds?.[period],
      )) {
        assert.equal(index.dialectId(vocab, 'market', market.id, period), value);
        assert.deepEqual(index.fromDialectId(vocab, 'market', value), expected);
        checked++;
      }
      for (const league of catalog.leagues.filter((l) => market.sports.includes(l.sport))) {
        for (const vocab of VOCABULARIES) {
          const value = index.dialectId(vocab, 'market', market.id, period, league.id);
          if (value === undefined) continue;
          assert.deepEqual(
            index.fromDialectId(vocab, 'market', value, league.id),
            expected,
            `${market.id}/${period} ${vocab} in ${league.id}`,
          );
          checked++;
        }
      }
    }
  }
  assert.ok(checked > 500);
});
