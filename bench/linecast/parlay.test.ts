// The Parlay target's expected deliveries are exact only if its view of the catalog is: the
// bench's sport keys are the catalog's, and every book the publisher quotes has a Parlay key.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCatalogDir, loadCatalog } from '../../src/catalog/load.js';
import { fanoutBySport, SPORTS } from '../workload.js';
import { parlayPath, parlayReceives, SPORT_KEYS } from './parlay.js';
import { BOOKS, LEAGUES } from './wire.js';

const catalog = loadCatalog(defaultCatalogDir());

describe('Parlay bench target', () => {
  it('names each bench league by its catalog sport key, and only those that have one', () => {
    for (const l of LEAGUES) {
      const key = catalog.leagues.find((x) => x.id === l.league)?.ids?.parlay;
      assert.equal(SPORT_KEYS[l.league], key, l.league);
    }
  });

  it('quotes only books with a Parlay key (and a TheRundown id)', () => {
    for (const b of BOOKS) {
      const ids = catalog.books.find((x) => x.id === b)?.ids;
      assert.ok(ids?.parlay, `${b} has no Parlay key`);
      assert.ok(ids?.therundown !== undefined, `${b} has no TheRundown id`);
    }
  });

  it('expects nothing of the leagues without a key, as native elsewhere', () => {
    const tennis = SPORTS.indexOf('tennis');
    const native = fanoutBySport(40);
    const parlay = fanoutBySport(40, parlayReceives);
    assert.equal(parlay[tennis], 0);
    for (let s = 0; s < SPORTS.length; s++) {
      const keyed = LEAGUES[s]!.league in SPORT_KEYS;
      assert.equal(parlay[s], keyed ? native[s] : 0, SPORTS[s]);
    }
    assert.match(parlayPath({ sport: 'soccer' }, 'k'), /^\/v1\/ws\/odds\/soccer_epl\?/);
  });
});
