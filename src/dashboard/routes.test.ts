import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { startTestApp, type TestApp } from '../testing/app.js';

const apps: TestApp[] = [];
after(async () => {
  for (const a of apps) await a.close();
});

test('dashboard routes: the page and its stats need a key; the bundle does not', async () => {
  const a = await startTestApp();
  apps.push(a);
  const page = await fetch(`${a.url}/dashboard`);
  assert.equal(page.status, 401);
  assert.equal(
    ((await page.json()) as { error: { code: string } }).error.code,
    'LC_ERR_AUTH_MISSING',
  );
  const bad = await fetch(`${a.url}/dashboard?key=nope`);
  assert.equal(
    ((await bad.json()) as { error: { code: string } }).error.code,
    'LC_ERR_AUTH_INVALID',
  );
  const ok = await fetch(`${a.url}/dashboard?key=${a.key}`);
  assert.equal(ok.status, 200);
  assert.match(ok.headers.get('content-type') ?? '', /text\/html/);
  assert.match(await ok.text(), /\/dashboard\/assets\/app\.js/);
  const js = await fetch(`${a.url}/dashboard/assets/app.js`);
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type') ?? '', /javascript/);
  assert.equal((await fetch(`${a.url}/dashboard/assets/keys.json`)).status, 404);
  assert.equal((await fetch(`${a.url}/dashboard/assets/index.html`)).status, 404);

  await a.ingest([
    {
      type: 'event',
      id: 'e',
      sport: 'basketball',
      league: 'nba',
      home: { id: 'nba-bos', name: 'B' },
      away: { id: 'nba-lal', name: 'L' },
      startsAt: Date.UTC(2030, 0, 1),
      status: 'scheduled',
    },
  ]);
  const stats = (await (await fetch(`${a.url}/dashboard/stats?key=${a.key}`)).json()) as Record<
    string,
    unknown
  >;
  assert.deepEqual(Object.keys(stats).sort(), [
    'at',
    'connections',
    'history',
    'loopLagMs',
    'position',
    'subscriptions',
  ]);
  assert.deepEqual(stats['position'], a.app.state.position());
  assert.equal((await fetch(`${a.url}/dashboard/stats`)).status, 401);
});

test('dashboard routes: dashboard.enabled false serves nothing', async () => {
  const a = await startTestApp({ 'dashboard.enabled': false });
  apps.push(a);
  assert.equal((await fetch(`${a.url}/dashboard?key=${a.key}`)).status, 404);
  assert.equal((await fetch(`${a.url}/dashboard/assets/app.js`)).status, 404);
});
