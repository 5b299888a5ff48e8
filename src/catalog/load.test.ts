import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { CatalogError, defaultCatalogDir, loadCatalog } from './load.js';

const FILES = ['sports', 'leagues', 'books', 'markets', 'periods', 'teams', 'players'] as const;
type File = (typeof FILES)[number];
// biome-ignore lint/suspicious/noExplicitAny: fixtures are edited as raw JSON on purpose.
type Raw = Record<File, any[]>;

function realFiles(): Raw {
  const raw = {} as Raw;
  for (const f of FILES) {
    raw[f] = JSON.parse(readFileSync(join(defaultCatalogDir(), `${f}.json`), 'utf8'));
  }
  return raw;
}

/** Writes the real catalog, edited by `mutate`, to a temp dir, lets `patch` touch the files, loads. */
function loadEdited(mutate: (raw: Raw) => void, patch?: (dir: string) => void): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'linecast-catalog-'));
  try {
    const raw = realFiles();
    mutate(raw);
    for (const f of FILES) writeFileSync(join(dir, `${f}.json`), JSON.stringify(raw[f]));
    patch?.(dir);
    return loadCatalog(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function rejects(mutate: (raw: Raw) => void, message: RegExp, patch?: (dir: string) => void): void {
  assert.throws(
    () => loadEdited(mutate, patch),
    (err: unknown) => {
      assert.ok(err instanceof CatalogError, `expected CatalogError, got ${String(err)}`);
      assert.equal(err.code, 'LC_ERR_CATALOG_INVALID');
      assert.match(err.message, message);
      return true;
    },
  );
}

function indexOf(list: { id: string }[], id: string): number {
  const i = list.findIndex((e) => e.id === id);
  assert.notEqual(i, -1, `fixture has no ${id}`);
  return i;
}

test('defaultCatalogDir is the catalog folder at the repo root', () => {
  assert.equal(defaultCatalogDir(), resolve('catalog'));
});

test('the shipped catalog loads and an unedited copy loads too', () => {
  const catalog = loadCatalog(defaultCatalogDir());
  assert.ok(catalog.teams.length > 300);
  assert.doesNotThrow(() => loadEdited(() => {}));
});

test('a file that is not JSON names the file', () => {
  rejects(
    () => {},
    /books\.json: invalid JSON/,
    (dir) => writeFileSync(join(dir, 'books.json'), '[{'),
  );
});

test('a missing file names the file', () => {
  rejects(
    () => {},
    /periods\.json: cannot read/,
    (dir) => unlinkSync(join(dir, 'periods.json')),
  );
});

test('a file that is not an array is rejected', () => {
  rejects((raw) => {
    raw.sports = { football: {} } as never;
  }, /sports\.json: expected an array/);
});

test('a wrongly typed dialect id names the entry and the field', () => {
  rejects((raw) => {
    raw.books[3].ids.therundown = '19';
  }, /books\.json\[3\]\.ids\.therundown: .*expected number/);
});

test('an unknown vocabulary is rejected', () => {
  rejects((raw) => {
    raw.books[0].ids.oddsapi = 'x';
  }, /books\.json\[0\]\.ids: .*oddsapi/);
});

test('an id that is not a lowercase slug is rejected', () => {
  rejects((raw) => {
    raw.teams[0].id = 'NFL ARI';
  }, /teams\.json\[0\]\.id: expected a lowercase slug/);
});

test('two entries of one kind may not share an id', () => {
  rejects((raw) => {
    raw.books[1].id = raw.books[0].id;
  }, /books\.json\[1\]\.id: duplicate id "draftkings" \(also \[0\]\)/);
});

test('a league must name a known sport', () => {
  rejects((raw) => {
    raw.leagues[2].sport = 'curling';
  }, /leagues\.json\[2\]\.sport: unknown sport "curling"/);
});

test('a league may only list known periods', () => {
  rejects((raw) => {
    raw.leagues[0].periods.push('5q');
  }, /leagues\.json\[0\]\.periods\[7\]: unknown period "5q"/);
});

test('a market must name known sports', () => {
  rejects((raw) => {
    raw.markets[0].sports.push('darts');
  }, /markets\.json\[0\]\.sports\[6\]: unknown sport "darts"/);
});

test('a market period variant must name a known period', () => {
  rejects((raw) => {
    raw.markets[0].periodIds.ot = {};
  }, /markets\.json\[0\]\.periodIds\.ot: unknown period "ot"/);
});

test('a per-sport override must name one of the market sports and its periods', () => {
  rejects((raw) => {
    raw.markets[indexOf(raw.markets, 'three-way')].bySport.hockey = { ids: {} };
  }, /markets\.json\[4\]\.bySport\.hockey: sport "hockey" is not in this market's sports/);
  rejects((raw) => {
    raw.markets[indexOf(raw.markets, 'total')].bySport.soccer.periodIds['1s'] = {};
  }, /markets\.json\[2\]\.bySport\.soccer\.periodIds\.1s: period "1s" not in periodIds/);
});

test('player props need a stat and other markets take none', () => {
  rejects((raw) => {
    raw.markets[0].stat = 'points';
  }, /markets\.json\[0\]\.stat: player_prop markets need a stat/);
});

test('a team must name a known league and a unique abbreviation in it', () => {
  rejects((raw) => {
    raw.teams[5].league = 'xfl';
  }, /teams\.json\[5\]\.league: unknown league "xfl"/);
  rejects((raw) => {
    raw.teams[1].abbr = raw.teams[0].abbr;
  }, /teams\.json\[1\]\.abbr: duplicate abbr "ARI" in league nfl \(also nfl-ari\)/);
});

test('a player must name a known team', () => {
  rejects((raw) => {
    raw.players[2].team = 'nba-xyz';
  }, /players\.json\[2\]\.team: unknown team "nba-xyz"/);
});

test('two books may not share a dialect id', () => {
  rejects((raw) => {
    raw.books[3].ids.therundown = 19;
  }, /books\.json\[3\]\.ids\.therundown: duplicate id 19 \(also draftkings\)$/);
});

test('a market period variant may not reuse another variant id', () => {
  rejects((raw) => {
    raw.markets[indexOf(raw.markets, 'spread')].periodIds['1q'].parlay = 'h2h_1st_half';
  }, /markets\.json\[1\]\.periodIds\.1q\.parlay: duplicate id "h2h_1st_half" \(also moneyline\/1h\)/);
});

test('per-sport market ids must be unique within the sport', () => {
  rejects((raw) => {
    const total = raw.markets[indexOf(raw.markets, 'team-total')];
    total.bySport.baseball.ids.rapidodds = 'alternate_total_runs';
  }, /markets\.json\[3\]\.bySport\.baseball\.ids\.rapidodds: duplicate id "alternate_total_runs" in sport baseball \(also total\)/);
});

test('period ids must be unique within each league that uses them', () => {
  rejects((raw) => {
    raw.periods[indexOf(raw.periods, '2q')].ids.therundown = 3;
  }, /periods\.json\[4\]\.ids\.therundown: duplicate id 3 in league nfl \(also 1q\)/);
});

test('team dialect ids must be unique within the league', () => {
  rejects((raw) => {
    raw.teams[indexOf(raw.teams, 'nba-bos')].ids = { polymarket: 'den' };
  }, /teams\.json\[\d+\]\.ids\.polymarket: duplicate id "den" in league nba \(also nba-bos\)/);
});

test('an inferred mark needs an id in that vocabulary', () => {
  rejects((raw) => {
    raw.books[indexOf(raw.books, 'circa')].inferred = ['therundown'];
  }, /books\.json\[10\]\.inferred\[0\]: marks "therundown" inferred but circa has no therundown id/);
});
