// The odds stream on a Scale (raw) key (spec §6 checks 8, 10–12, 16–20): the row contract,
// subscribe/unsubscribe, change detection, URL filters, resume, diff mode, the live stream and
// bad client frames.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  NBA1,
  NBA2,
  PxClient,
  type PxServer,
  type Row,
  sleep,
  startParlay,
} from '../../testing/parlay.js';

let s: PxServer;
let scale: string;
before(async () => {
  s = await startParlay();
  scale = s.key('scale');
  await s.quote(128);
  await s.quote(-118, { market: 'total', selection: 'over', line: 220.5, book: 'fanduel' });
  await s.quote(105, { event: 'nba-2' });
});
after(() => s.close());

async function open(q = '', path = '/v1/ws/odds/basketball_nba'): Promise<PxClient> {
  const c = await PxClient.open(`${s.t.wsUrl}${path}?apiKey=${scale}${q}`);
  await c.count('initial_state');
  return c;
}

function assertRowContract(r: Row): void {
  for (const f of ['bookmaker', 'market_key', 'outcome', 'event_id', 'sport_key']) {
    assert.equal(typeof r[f], 'string', f);
    assert.notEqual(r[f], '', f);
  }
  assert.ok(Number.isInteger(r['price_american']), 'price_american is an integer');
  assert.ok(Number.isInteger(r['last_update']) && (r['last_update'] as number) > 1e12, 'ms');
  assert.ok(['game', 'prop'].includes(r['kind'] as string));
  assert.equal(typeof r['commence_time'], 'string');
}

test('rows carry the whole contract; a change arrives in its own odds_update at once', async () => {
  const c = await open();
  const snap = c.rows('initial_state');
  assert.equal(snap.length, 3);
  for (const r of snap) assertRowContract(r);
  const ml = snap.find((r) => r['market_key'] === 'h2h' && r['event_id'] === NBA1);
  assert.deepEqual(
    [ml?.['bookmaker'], ml?.['outcome'], ml?.['price_american'], ml?.['line'], ml?.['home_team']],
    ['pinnacle', 'nba-bos', 128, null, 'nba-bos'],
  );
  await s.quote(131);
  await c.count('odds_update');
  const u = c.of('odds_update')[0]!;
  assert.equal(u['count'], 1);
  assert.equal(u['coalesced'], undefined);
  const row = (u['data'] as Row[])[0]!;
  assertRowContract(row);
  assert.equal(row['price_american'], 131);
  // The player-props page's filter never throws.
  assert.deepEqual(
    (u['data'] as Row[]).filter((r) => (r['market_key'] as string).startsWith('player_')),
    [],
  );
  await c.close();
});

test('an identical price produces no odds_update; an update is never empty', async () => {
  const c = await open();
  await s.quote(131);
  await s.quote(-150, { event: 'nba-2', selection: 'away' });
  await c.count('odds_update');
  await sleep(100);
  const updates = c.of('odds_update');
  assert.equal(updates.length, 1, 'the unchanged price sent nothing');
  assert.equal((updates[0]!['data'] as Row[])[0]?.['event_id'], NBA2);
  for (const u of updates) assert.ok((u['data'] as Row[]).length > 0);
  await c.close();
});

test('subscribe narrows to one event, a second replaces it, unsubscribe restores the sport', async () => {
  const c = await open();
  c.send({ type: 'subscribe', event_id: NBA1 });
  await c.count('subscribed');
  assert.deepEqual(
    { ...c.of('subscribed')[0], timestamp: 0 },
    { type: 'subscribed', event_id: NBA1, timestamp: 0 },
  );
  await s.quote(140, { event: 'nba-2' });
  await s.quote(141);
  await c.count('odds_update');
  await sleep(50);
  assert.deepEqual(
    c.rows().map((r) => r['event_id']),
    [NBA1],
  );
  c.send({ type: 'subscribe', event_id: NBA2 });
  await c.count('subscribed', 2);
  await s.quote(142);
  await s.quote(143, { event: 'nba-2' });
  await c.count('odds_update', 2);
  assert.equal(c.rows()[1]?.['event_id'], NBA2);
  c.send({ type: 'unsubscribe' });
  await c.count('unsubscribed');
  await s.quote(144);
  await c.until((x) => x.rows().some((r) => r['price_american'] === 144));
  await c.close();
});

test('bad client frames get an error frame and the socket stays open', async () => {
  const c = await open();
  c.send('not json');
  c.send({ type: 'teleport' });
  c.send({ type: 'subscribe', event_id: '' });
  c.send(Buffer.from([1, 2]));
  await c.count('error', 4);
  assert.deepEqual(
    c.of('error').map((e) => e['error']),
    ['invalid_json', 'unknown_type', 'invalid_message', 'invalid_message'],
  );
  await s.quote(150);
  await c.until((x) => x.rows().some((r) => r['price_american'] === 150));
  assert.ok(c.c.isOpen());
  await c.close();
});

test('URL filters: bookmakers and kinds narrow rows and are echoed', async () => {
  const c = await open('&bookmakers=pinnacle');
  const filters = c.of('connected')[0]?.['filters'] as { bookmakers: string[] };
  assert.deepEqual(filters.bookmakers, ['pinnacle']);
  assert.ok(c.rows('initial_state').every((r) => r['bookmaker'] === 'pinnacle'));
  assert.ok(c.rows('initial_state').length >= 2);
  const props = await open('&kinds=prop');
  assert.deepEqual(props.rows('initial_state'), []);
  const totals = await open('&markets=totals&limit=1');
  assert.deepEqual(
    totals.rows('initial_state').map((r) => r['market_key']),
    ['totals'],
  );
  await s.quote(-125, { market: 'total', selection: 'over', line: 220.5, book: 'fanduel' });
  await s.quote(160);
  await c.until((x) => x.rows().some((r) => r['price_american'] === 160));
  await totals.until((x) => x.rows().length > 0);
  await sleep(50);
  assert.ok(c.rows().every((r) => r['bookmaker'] === 'pinnacle'));
  assert.ok(totals.rows().every((r) => r['market_key'] === 'totals'));
  await Promise.all([c.close(), props.close(), totals.close()]);
});

test('since: only newer rows, echoed; a cursor older than the lookback gives a truncated full snapshot', async () => {
  s.clock.advance(5_000);
  const cut = s.clock.now();
  s.clock.advance(1_000);
  await s.quote(170);
  const c = await open(`&since=${cut}`);
  const f = c.of('initial_state')[0]!;
  assert.equal(f['since'], cut);
  assert.deepEqual(
    (f['data'] as Row[]).map((r) => r['price_american']),
    [170],
  );
  assert.ok((f['data'] as Row[]).every((r) => (r['last_update'] as number) > cut));
  const old = await open(`&since=${cut - 2 * 3_600_000}`);
  const g = old.of('initial_state')[0]!;
  assert.equal(g['truncated'], true);
  assert.ok(
    (g['data'] as Row[]).some((r) => (r['last_update'] as number) <= cut),
    'full image',
  );
  await Promise.all([c.close(), old.close()]);
});

test('diff mode: flagged, and rows carry _diff with the identity and what changed', async () => {
  const c = await open('&diff=true');
  assert.equal(c.of('connected')[0]?.['diff_mode'], true);
  s.clock.advance(1_000);
  await s.quote(175);
  await c.count('odds_update');
  const row = c.rows()[0]!;
  assert.equal(row['_diff'], true);
  assert.equal(row['price_american'], 175);
  assert.equal(row['event_id'], NBA1);
  assert.equal(row['bookmaker'], 'pinnacle');
  assert.equal(row['home_team'], undefined, 'unchanged fields are left out');
  await c.close();
});

test('the live stream is silent for events that have not started', async () => {
  const c = await open('', '/ws/live/basketball_nba');
  assert.equal(c.of('initial_state')[0]?.['count'], 0);
  const odds = await open();
  await s.quote(180);
  await odds.until((x) => x.rows().some((r) => r['price_american'] === 180));
  await sleep(100);
  assert.deepEqual(c.of('odds_update'), []);
  await Promise.all([c.close(), odds.close()]);
});
