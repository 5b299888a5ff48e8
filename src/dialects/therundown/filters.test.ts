// The upgrade's query filters, pure: parsing rules and the hub filter plus encoder variant.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CatalogIndex } from '../../catalog/index.js';
import { defaultCatalogDir, loadCatalog } from '../../catalog/load.js';
import { Rng } from '../../sources/simulator/prng.js';
import { parseStreamQuery, parseVariant, streamSubscription } from './filters.js';
import { TrIds } from './ids.js';

const ids = new TrIds(new CatalogIndex(loadCatalog(defaultCatalogDir())));
const parse = (q: string) => parseStreamQuery(new URLSearchParams(q), 1_000);

test('CSV rules: trimmed, empty tokens dropped, duplicates folded, unknown parameters ignored', () => {
  assert.deepEqual(parse('sport_ids= 4 ,,6,4&affiliate_ids=19&colour=red&event_ids=abc,'), {
    ok: true,
    value: { sportIds: [4, 6], affiliateIds: [19], eventIds: ['abc'] },
  });
  assert.deepEqual(parse('sport_ids=&market_ids=,'), { ok: true, value: {} });
});

test('a non-integer token names its parameter', () => {
  const cases: [string, string][] = [
    ['sport_ids=abc', 'invalid sport_ids'],
    ['affiliate_ids=19,1e3', 'invalid affiliate_ids'],
    ['market_ids=-1', 'invalid market_ids'],
    ['market_ids=99999999999999999999', 'invalid market_ids'],
    [`event_ids=${'a'.repeat(65)}`, 'invalid event_ids'],
  ];
  for (const [q, error] of cases) assert.deepEqual(parse(q), { ok: false, error }, q);
  assert.deepEqual(parseStreamQuery(new URLSearchParams('sport_ids=1,2,3'), 2), {
    ok: false,
    error: 'too many ids in filters',
  });
});

test('sport and affiliate ids map exactly; market ids give a superset plus an exact variant', () => {
  const sub = streamSubscription(
    { sportIds: [4, 6], affiliateIds: [19, 999], marketIds: [1, 41] },
    ids,
    () => [],
  );
  assert.deepEqual(sub.filter?.leagues, ['nba', 'nhl']);
  assert.deepEqual(sub.filter?.books, ['draftkings']);
  assert.ok(sub.filter?.markets?.includes('moneyline'));
  assert.ok(sub.filter?.periods?.includes('game'));
  assert.equal(sub.variant, 'm=1,41');
  assert.deepEqual(parseVariant(sub.variant), { markets: new Set([1, 41]), events: null });
});

test('ids that name nothing match nothing (not everything)', () => {
  assert.equal(streamSubscription({ sportIds: [22] }, ids, () => []).filter, null);
  assert.equal(streamSubscription({ affiliateIds: [27] }, ids, () => []).filter, null);
  assert.equal(streamSubscription({ marketIds: [123456] }, ids, () => []).filter, null);
});

test('event ids narrow the hub only when every one is a known event', () => {
  const event = {
    id: 'nba-x',
    sport: 'basketball',
    league: 'nba',
    home: { id: 'nba-bos', name: 'B' },
    away: { id: 'nba-lal', name: 'L' },
    startsAt: 0,
    status: 'scheduled' as const,
  };
  const hex = ids.eventId('nba-x');
  assert.deepEqual(streamSubscription({ eventIds: [hex] }, ids, () => [event]).filter?.events, [
    'nba-x',
  ]);
  const partly = streamSubscription({ eventIds: [hex, 'f'.repeat(32)] }, ids, () => [event]);
  assert.equal(partly.filter?.events, undefined);
  assert.deepEqual(parseVariant(partly.variant).events, new Set([hex, 'f'.repeat(32)]));
});

test('fuzz: random query strings never throw', () => {
  const rng = new Rng(7);
  const alphabet = 'sport_idsaffiliate_idsmarket_idsevent_ids=&,0123456789 -.%x';
  for (let i = 0; i < 5_000; i++) {
    const n = Math.floor(rng.next() * 80);
    const q = Array.from(
      { length: n },
      () => alphabet[Math.floor(rng.next() * alphabet.length)],
    ).join('');
    const r = parse(q);
    if (r.ok) streamSubscription(r.value, ids, () => []);
    else assert.equal(typeof r.error, 'string');
  }
});
