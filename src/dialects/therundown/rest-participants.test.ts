// §5.8: `markets/participants` lists an event's participants per market with the ids the events
// endpoint uses; `season_types` lists the season types. Both need a key.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { eventItems, quoteItems } from '../../testing/feed.js';
import { expectGolden } from '../../testing/golden.js';
import { ManualScheduler } from '../../timers/scheduler.js';

let t: TestApp;
const clock = new ManualScheduler(Date.UTC(2029, 11, 31, 12));
before(async () => {
  t = await startTestApp({}, undefined, undefined, { scheduler: clock });
  await t.ingest(eventItems());
  await t.ingest(quoteItems(72, 3, 72));
});
after(() => t.close());

type Json = Record<string, unknown>;
async function get(
  path: string,
  key: string | null = t.key,
): Promise<{ status: number; body: Json }> {
  const sep = path.includes('?') ? '&' : '?';
  const res = await fetch(`${t.url}${path}${key === null ? '' : `${sep}key=${key}`}`);
  return { status: res.status, body: (await res.json()) as Json };
}

const golden = (name: string, body: unknown) =>
  expectGolden(new URL('./golden/', import.meta.url), name, JSON.stringify(body));

test('participants of an event match the participants in its markets, per market id', async () => {
  const snap = await get('/api/v2/sports/4/events/2030-01-01?market_ids=1,2,3');
  const events = snap.body['events'] as Json[];
  const ev = events[0]!;
  const fromEvent = new Set<string>();
  for (const m of ev['markets'] as Json[]) {
    for (const p of m['participants'] as Json[]) {
      fromEvent.add(`${m['market_id']}|${p['id']}|${p['type']}|${p['name']}`);
    }
  }
  const r = await get(`/api/v2/markets/participants?event_id=${ev['event_id']}`);
  assert.equal(r.status, 200);
  const rows = r.body['participants'] as Json[];
  assert.deepEqual(
    new Set(rows.map((p) => `${p['market_id']}|${p['id']}|${p['type']}|${p['name']}`)),
    fromEvent,
  );
  for (const p of rows) {
    if (p['market_id'] === 1) assert.equal(p['team_id'], p['id'], 'moneyline sides are teams');
    if (p['type'] === 'TYPE_RESULT') assert.equal('team_id' in p, false);
  }
  const only = await get(`/api/v2/markets/participants?event_id=${ev['event_id']}&market_ids=3`);
  const totals = only.body['participants'] as Json[];
  assert.ok(totals.length > 0);
  assert.ok(totals.every((p) => p['market_id'] === 3 && p['type'] === 'TYPE_RESULT'));
  golden('participants', { participants: rows.filter((p) => p['market_id'] === 1) });
});

test('participants: bad or missing event_id and bad market_ids answer in the vendor form', async () => {
  assert.deepEqual(await get('/api/v2/markets/participants'), {
    status: 400,
    body: { error: 'event_id is required' },
  });
  const unknown = await get(`/api/v2/markets/participants?event_id=${'0'.repeat(32)}`);
  assert.equal(unknown.status, 404);
  assert.equal(typeof unknown.body['error'], 'string');
  const ev = ((await get('/api/v2/sports/4/events/2030-01-01')).body['events'] as Json[])[0]!;
  const badIds = await get(`/api/v2/markets/participants?event_id=${ev['event_id']}&market_ids=x`);
  assert.deepEqual(badIds, { status: 400, body: { error: 'invalid market_ids' } });
  assert.equal((await get('/api/v2/markets/participants', null)).status, 401);
});

test('season types: a keyed list of ids and names, also on the /v2 path style', async () => {
  const r = await get('/api/v2/season_types');
  assert.equal(r.status, 200);
  const types = r.body['season_types'] as Json[];
  assert.ok(types.some((s) => s['name'] === 'Regular Season'));
  assert.deepEqual((await get('/v2/season_types')).body, r.body);
  assert.equal((await get('/api/v2/season_types', null)).status, 401);
  golden('season_types', r.body);
});
