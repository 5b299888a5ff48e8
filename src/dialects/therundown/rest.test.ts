// Spec §6 checks 24–29 and the REST shapes of §5: the snapshot's delta cursor, delta polling and
// its cursor rules, the same ids and values on the socket and the delta endpoint, open and keyed
// endpoints, the 12-market cap, the event-level delta, history, openers and V1 closing lines.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sleep, TextClient } from '../../conformance/client.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { eventItems, quoteItems } from '../../testing/feed.js';
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
): Promise<{ status: number; body: Json; headers: Headers }> {
  const sep = path.includes('?') ? '&' : '?';
  const res = await fetch(`${t.url}${path}${key === null ? '' : `${sep}key=${key}`}`);
  return { status: res.status, body: (await res.json()) as Json, headers: res.headers };
}

type Delta = Json & { id: number };
const deltas = (b: Json) => b['deltas'] as Delta[];
const meta = (b: Json) => b['meta'] as Json;

test('27: sports and affiliates need no key; everything else is a 401 without one', async () => {
  const sports = await get('/api/v2/sports', null);
  assert.equal(sports.status, 200);
  assert.deepEqual(
    (sports.body['sports'] as Json[]).find((s) => s['sport_id'] === 4),
    { sport_id: 4, sport_name: 'NBA' },
  );
  for (const path of ['/api/v2/affiliates', '/api/v2/sportsbooks', '/v2/affiliates']) {
    const r = await get(path, null);
    assert.equal(r.status, 200, path);
    const dk = (r.body['affiliates'] as Json[]).find((a) => a['affiliate_id'] === 19);
    assert.equal(dk?.['affiliate_name'], 'DraftKings');
  }
  for (const path of [
    '/api/v2/markets',
    '/api/v2/sports/4/events/2030-01-01',
    '/api/v2/markets/delta?last_id=0',
  ]) {
    const r = await get(path, null);
    assert.equal(r.status, 401, path);
    assert.equal(typeof r.body['error'], 'string');
    assert.equal((await get(path, 'lc_bad_key')).status, 401);
  }
  const withHeader = await fetch(`${t.url}/api/v2/markets`, {
    headers: { 'x-therundown-key': t.key },
  });
  assert.equal(withHeader.status, 200);
  assert.equal(withHeader.headers.get('x-websocket-access'), 'true');
  assert.equal(withHeader.headers.get('x-tier'), 'pro');
});

test('market definitions carry the documented fields; market ids encode the period', async () => {
  const r = await get('/api/v2/markets');
  const markets = r.body['markets'] as Json[];
  const byId = new Map(markets.map((m) => [m['id'], m]));
  assert.deepEqual(
    [1, 2, 3, 4, 41].map((id) => [byId.get(id)?.['name'], byId.get(id)?.['period_id']]),
    [
      ['moneyline', 0],
      ['handicap', 0],
      ['totals', 0],
      ['moneyline_first_half', 1],
      ['moneyline', 7],
    ],
  );
  assert.equal(byId.get(1)?.['live_variant_id'], 41);
  for (const k of [
    'line_value_is_participant',
    'proposition',
    'description',
    'short_description',
    'updated_at',
  ])
    assert.ok(k in byId.get(2)!, k);
});

test('24: the snapshot cursor bootstraps delta polling: only later ids, ascending, has_more false', async () => {
  const snap = await get('/api/v2/sports/4/events/2030-01-01');
  assert.equal(snap.status, 200);
  const cursor = meta(snap.body)['delta_last_id'] as string;
  assert.match(cursor, /^\d+$/);
  assert.equal(Number(cursor), t.app.state.position().seq);
  const events = snap.body['events'] as Json[];
  assert.equal(events.length, 2, 'both NBA events of the day');
  assert.ok(events.every((e) => e['sport_id'] === 4));
  const markets = (events[0]!['markets'] as Json[]).map((m) => m['market_id']);
  assert.deepEqual(markets, [1, 2, 3]);

  const empty = await get(`/api/v2/markets/delta?last_id=${cursor}`);
  assert.deepEqual(deltas(empty.body), []);
  assert.equal(meta(empty.body)['delta_last_id'], cursor);
  assert.equal(meta(empty.body)['has_more'], false);

  await t.ingest(quoteItems(30, 4, 72));
  const r = await get(`/api/v2/markets/delta?last_id=${cursor}&limit=1000`);
  const rows = deltas(r.body);
  assert.equal(rows.length, 30);
  assert.ok(rows.every((d) => d.id > Number(cursor)));
  assert.deepEqual(
    rows.map((d) => d.id),
    [...rows.map((d) => d.id)].sort((a, b) => a - b),
  );
  assert.equal(meta(r.body)['has_more'], false);
  assert.equal(meta(r.body)['count'], 30);
  assert.equal(meta(r.body)['delta_last_id'], String(rows.at(-1)!.id));

  // Paging: limit 12 ⇒ has_more, and following delta_last_id continues without gap or repeat.
  const seen: number[] = [];
  let last = cursor;
  for (let i = 0; i < 10; i++) {
    const page = await get(`/api/v2/markets/delta?last_id=${last}&limit=12`);
    seen.push(...deltas(page.body).map((d) => d.id));
    last = meta(page.body)['delta_last_id'] as string;
    if (!meta(page.body)['has_more']) break;
  }
  assert.deepEqual(
    seen,
    rows.map((d) => d.id),
  );

  // Filters: sport, affiliates, markets, event.
  const nfl = await get(
    `/api/v2/markets/delta?last_id=${cursor}&sport_id=2&affiliate_ids=19,3&market_ids=1,2`,
  );
  const want = rows.filter(
    (d) =>
      d['sport_id'] === 2 &&
      [19, 3].includes(d['affiliate_id'] as number) &&
      [1, 2].includes(d['market_id'] as number),
  );
  assert.deepEqual(
    deltas(nfl.body).map((d) => d.id),
    want.map((d) => d.id),
  );
});

test('26 (our choice): the socket and the delta endpoint report the same ids and values for the same changes', async () => {
  const c = await TextClient.connect(`${t.wsUrl}/api/v2/ws/markets?key=${t.key}`);
  const from = t.app.state.position().seq;
  await t.ingest(quoteItems(36, 8, 36));
  const r = await get(`/api/v2/markets/delta?last_id=${from}`);
  const rows = deltas(r.body);
  await c.until(() => c.texts.length >= rows.length);
  await sleep(50);
  const frames = c.texts.map((x) => (JSON.parse(x) as { data: Json }).data);
  assert.equal(frames.length, rows.length);
  for (const [i, d] of rows.entries()) {
    const f = frames[i]!;
    assert.equal(f['id'], d.id);
    for (const k of ['event_id', 'sport_id', 'affiliate_id', 'market_id', 'price', 'updated_at'])
      assert.equal(f[k], d[k], k);
    assert.equal(f['normalized_market_participant_id'], d['participant_id']);
    assert.equal(f['line'], d['line'] === '' ? '0' : d['line']);
    assert.equal(
      d['previous_price'] === null ? null : Number(d['previous_price']),
      f['previous_price'] === null ? null : Number(f['previous_price']),
    );
  }
  await c.close();
});

test('25: an unknown cursor and a cursor older than 30 minutes are 400s with the documented strings', async () => {
  const head = t.app.state.position().seq;
  const ahead = await get(`/api/v2/markets/delta?last_id=${head + 1000}`);
  assert.equal(ahead.status, 400);
  assert.deepEqual(ahead.body, { error: 'last_id not found, re-bootstrap from events endpoint' });
  assert.equal((await get('/api/v2/markets/delta?last_id=abc')).status, 400);
  assert.deepEqual((await get('/api/v2/markets/delta')).body, { error: 'last_id is required' });

  const before = t.app.state.position().seq;
  await t.ingest(quoteItems(5, 21, 5));
  clock.advance(31 * 60_000);
  const stale = await get(`/api/v2/markets/delta?last_id=${before}`);
  assert.equal(stale.status, 400);
  assert.deepEqual(stale.body, {
    error: 'last_id is stale (>30 min), re-bootstrap from events endpoint',
  });
  // A cursor at the head is never stale, however quiet the market has been.
  const current = await get(`/api/v2/markets/delta?last_id=${t.app.state.position().seq}`);
  assert.equal(current.status, 200);
  assert.deepEqual(deltas(current.body), []);
});

test('28: 13 market ids on a snapshot: the first 12 are honoured, no error', async () => {
  const thirteen = [4, 29, 35, 38, 39, 87, 88, 93, 94, 98, 99, 297, 1].join(',');
  const r = await get(`/api/v2/sports/4/events/2030-01-01?market_ids=${thirteen}`);
  assert.equal(r.status, 200);
  const events = r.body['events'] as Json[];
  assert.ok(events.length > 0);
  assert.ok(
    events.every((e) => (e['markets'] as Json[]).length === 0),
    'market 1 is the 13th: ignored',
  );
  const twelve = await get('/api/v2/sports/4/events/2030-01-01?market_ids=1');
  assert.ok((twelve.body['events'] as Json[]).some((e) => (e['markets'] as Json[]).length === 1));
});

test('29: /api/v2/delta with the zero UUID returns events as JSON strings and a 36-char cursor', async () => {
  const r = await get('/api/v2/delta?last_id=00000000-0000-0000-0000-000000000000');
  assert.equal(r.status, 400, 'the first change is now over 30 minutes old');
  const head = t.app.state.position().seq;
  const zero = '00000000-0000-0000-0000-000000000000';
  await t.ingest(quoteItems(4, 31, 4));
  const cursor = `${zero.slice(0, 24)}${head.toString(16).padStart(12, '0')}`;
  const fresh = await get(`/api/v2/delta?last_id=${cursor}`);
  assert.equal(fresh.status, 200);
  const m = meta(fresh.body)['delta_last_id'] as string;
  assert.equal(m.length, 36);
  const list = fresh.body['deltas'] as { data: unknown }[];
  assert.ok(list.length > 0);
  for (const d of list) {
    assert.equal(typeof d.data, 'string');
    const event = JSON.parse(d.data as string) as Json;
    assert.match(event['event_id'] as string, /^[0-9a-f]{32}$/);
  }
});

test('events by id, history, chart series, openers and V1 closing', async () => {
  const snap = await get('/api/v2/sports/4/events/2030-01-01');
  const event = (snap.body['events'] as Json[])[0]!;
  const id = event['event_id'] as string;
  const one = await get(`/api/v2/events/${id}`);
  assert.equal(one.body['meta'], null);
  assert.equal((one.body['events'] as Json[])[0]!['event_id'], id);
  assert.deepEqual((await get('/api/v2/events/0123456789abcdef0123456789abcdef')).status, 404);

  const history = await get(`/api/v2/events/${id}/markets/history?market_ids=1&affiliate_ids=19`);
  const rows = history.body['history'] as Json[];
  assert.ok(rows.length > 0);
  assert.equal(meta(history.body)['count'], rows.length);
  assert.ok(
    rows.every((h) => h['market_id'] === 1 && h['affiliate_id'] === 19 && h['event_id'] === id),
  );
  assert.equal(rows.find((h) => h['change_type'] === 'new')?.['previous_price'], null);

  const chart = await get(`/api/v2/events/${id}/markets/1/history`);
  assert.equal(meta(chart.body)['market_name'], 'moneyline');
  const series = chart.body['series'] as Record<string, { data: Json[] }>;
  assert.ok(
    series['19']?.data.every((p) => typeof p['t'] === 'string' && typeof p['p'] === 'string'),
  );

  const opening = await get(`/api/v2/events/${id}/markets/opening?market_ids=1`);
  const markets = opening.body['markets'] as Record<string, Json>;
  assert.deepEqual(Object.keys(markets), ['1']);
  assert.ok((meta(opening.body)['count'] as number) > 0);
  const openers = await get(`/api/v2/events/${id}/openers`);
  assert.equal((openers.body['events'] as Json[]).length, 1);
  const byDate = await get('/api/v2/sports/4/openers/2030-01-01');
  assert.equal((byDate.body['events'] as Json[]).length, 2);

  const closing = await get('/api/v1/sports/4/closing/2030-01-01');
  assert.equal(closing.status, 200);
  const v1 = (closing.body['events'] as Json[])[0]!;
  assert.ok(v1['lines'] && typeof v1['lines'] === 'object');

  for (const bad of [
    '/api/v2/sports/x/events/2030-01-01',
    '/api/v2/sports/4/events/yesterday',
    '/api/v2/sports/4/events/2030-01-01?market_ids=a',
  ]) {
    const r = await get(bad);
    assert.equal(r.status, 400, bad);
    assert.equal(typeof r.body['error'], 'string');
  }
});

test('bad REST input is a 4xx with an error body, never a 5xx', async () => {
  const paths = [
    '/api/v2/markets/delta?last_id=-1',
    '/api/v2/markets/delta?last_id=1e9&limit=abc',
    '/api/v2/markets/delta?last_id=0&sport_id=x',
    '/api/v2/markets/delta?last_id=0&affiliate_ids=%00',
    '/api/v2/delta?last_id=not-a-uuid',
    '/api/v2/delta',
    '/api/v2/sports/99999/events/2030-01-01',
    '/api/v2/sports/4/events/2030-02-31',
    '/api/v2/sports/4/events/2030-01-01?offset=zz',
    '/api/v2/sports/4/events/2030-01-01?participant_type=TYPE_ALIEN',
    '/api/v2/sports/4/events/2030-01-01?main_line=maybe',
    '/api/v2/events/%E0%A4%A/markets/history',
    '/api/v2/events/abc/markets/history?from=yesterday',
    '/api/v2/events/abc/markets/x/history',
    '/api/v1/sports/4/closing/today',
  ];
  for (const path of paths) {
    const res = await fetch(`${t.url}${path}${path.includes('?') ? '&' : '?'}key=${t.key}`);
    assert.ok(res.status < 500, `${path}: ${res.status}`);
    if (res.status !== 200) {
      const body = (await res.json()) as Json;
      assert.ok(typeof body['error'] === 'string' || typeof body['error'] === 'object', path);
    } else await res.arrayBuffer();
  }
  assert.equal(
    (await get('/api/v2/sports/99999/events/2030-01-01')).status,
    200,
    'an unknown sport is an empty list',
  );
});
