// Who may open a stream and what they see first (spec §6 checks 1–7): the connected frame,
// the snapshot, every alias path and credential carrier, and each refusal's close code.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TextClient } from '../../conformance/client.js';
import { PxClient, type PxServer, START, startParlay } from '../../testing/parlay.js';

let s: PxServer;
let business: string;
before(async () => {
  s = await startParlay();
  business = s.key('business');
  await s.quote(128);
  await s.quote(-140, { selection: 'away' });
});
after(() => s.close());

const url = (path: string, q = '') => `${s.t.wsUrl}${path}${q}`;

test('query auth: connected first (business, coalesced 1 s, integer seconds), then initial_state', async () => {
  const c = await PxClient.open(url('/v1/ws/odds/basketball_nba', `?apiKey=${business}`));
  await c.until((x) => x.frames().length >= 2);
  const [connected, snapshot] = c.frames();
  assert.equal(connected?.['type'], 'connected');
  assert.equal(connected?.['sport_key'], 'basketball_nba');
  assert.equal(connected?.['tier'], 'business');
  assert.equal(connected?.['push_mode'], 'coalesced');
  assert.equal(connected?.['min_push_interval_s'], 1);
  assert.equal(connected?.['diff_mode'], false);
  assert.ok(Number.isInteger(connected?.['timestamp']));
  assert.ok(Math.abs((connected?.['timestamp'] as number) - START / 1000) <= 5);
  assert.equal(snapshot?.['type'], 'initial_state');
  const data = snapshot?.['data'] as unknown[];
  assert.equal(snapshot?.['count'], data.length);
  assert.equal(data.length, 2);
  await c.close();
});

test('the unversioned and live aliases open the same way', async () => {
  for (const path of [
    '/ws/odds/basketball_nba',
    '/v1/ws/live/basketball_nba',
    '/ws/live/basketball_nba',
  ]) {
    const c = await PxClient.open(url(path, `?apiKey=${business}`));
    await c.until((x) => x.frames().length >= 2);
    assert.deepEqual(
      c.frames().map((f) => f['type']),
      ['connected', 'initial_state'],
      path,
    );
    await c.close();
  }
});

test('every credential carrier works; a header key wins over a bad query key', async () => {
  const opened = async (c: PxClient) => {
    await c.count('connected');
    await c.close();
  };
  await opened(await PxClient.open(url('/v1/ws/odds/basketball_nba'), { 'X-API-Key': business }));
  await opened(await PxClient.open(url('/v1/ws/odds/basketball_nba', `?api_key=${business}`)));
  await opened(
    await PxClient.open(url('/v1/ws/odds/basketball_nba'), { Authorization: `Bearer ${business}` }),
  );
  await opened(
    await PxClient.open(url('/v1/ws/odds/basketball_nba', '?apiKey=lc_0000_nope'), {
      'X-API-Key': business,
    }),
  );
  const p = await PxClient.open(url('/v1/ws/odds/basketball_nba'), undefined, [
    `apikey.${business}`,
  ]);
  assert.equal(p.c.ws.protocol, `apikey.${business}`, 'the 101 echoes the subprotocol');
  await opened(p);
});

/** How a refused attempt ends: the close code and its reason. */
async function refusal(u: string): Promise<{ code: number; reason: string }> {
  const c = await TextClient.connect(u);
  return new Promise((resolve) =>
    c.ws.once('close', (code, r) => resolve({ code, reason: r.toString() })),
  );
}

test('refusals complete the upgrade, then close 4003, 1008, 4001 with a reason', async () => {
  const base = url('/v1/ws/odds/basketball_nba');
  assert.deepEqual(await refusal(base), { code: 4003, reason: 'Missing apiKey' });
  assert.deepEqual(await refusal(`${base}?apiKey=lc_0000_nope`), {
    code: 1008,
    reason: 'Invalid API key',
  });
  assert.deepEqual(await refusal(`${base}?apiKey=${s.key('pro')}`), {
    code: 4001,
    reason: 'WebSocket requires Business tier or above',
  });
  assert.equal((await refusal(`${base}?apiKey=${business}&limit=5000`)).code, 4000);
});

test('the cap counts WebSocket and SSE together: the extra stream closes 4002', async () => {
  const key = s.key('business');
  const sse = await fetch(`${s.t.url}/v1/sse/odds/basketball_nba?apiKey=${key}`);
  assert.equal(sse.status, 200);
  const open: PxClient[] = [];
  for (let i = 0; i < 4; i++)
    open.push(await PxClient.open(url('/ws/odds/basketball_nba', `?apiKey=${key}`)));
  assert.deepEqual(await refusal(url('/ws/odds/basketball_nba', `?apiKey=${key}`)), {
    code: 4002,
    reason: 'Concurrent connection cap reached',
  });
  const extra = await fetch(`${s.t.url}/v1/sse/odds/basketball_nba?apiKey=${key}`);
  assert.equal(extra.status, 429);
  assert.equal(((await extra.json()) as { error: string }).error, 'concurrent_limit');
  await sse.body?.cancel();
  await Promise.all(open.map((c) => c.close()));
});

test('tier windows: Scale is raw with 0, Enterprise coalesced with 0.5', async () => {
  for (const [tier, mode, window] of [
    ['scale', 'raw', 0],
    ['enterprise', 'coalesced', 0.5],
  ] as const) {
    const c = await PxClient.open(url('/v1/ws/odds/basketball_nba', `?apiKey=${s.key(tier)}`));
    await c.count('connected');
    const f = c.of('connected')[0]!;
    assert.equal(f['tier'], tier);
    assert.equal(f['push_mode'], mode);
    assert.equal(f['min_push_interval_s'], window);
    await c.close();
  }
});

test('an unknown sport is accepted with a note and an empty snapshot', async () => {
  const c = await PxClient.open(url('/v1/ws/odds/curling_world', `?apiKey=${business}`));
  await c.count('initial_state');
  assert.match(String(c.of('connected')[0]?.['note']), /unknown/);
  assert.equal(c.of('initial_state')[0]?.['count'], 0);
  await c.close();
});
