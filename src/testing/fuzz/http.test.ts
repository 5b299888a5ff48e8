// Seeded fuzzing of the HTTP surface: upgrade requests with garbage paths, query strings and
// headers over raw TCP, and every REST route with garbage query strings, path parameters and
// bodies. No answer is a 5xx; Linecast's own routes answer with catalogued codes.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../app.js';
import { eventItems, quoteItems } from '../feed.js';
import { NativeClient } from '../native-client.js';
import { CATALOGUE_CODES, fillPath, garbageQuery, garbageString, garbageText, Rng } from './kit.js';

let t: TestApp;
before(async () => {
  t = await startTestApp();
  await t.ingest(eventItems());
  await t.ingest(quoteItems(50, 1));
});
after(() => t.close());

const UPGRADE_PATHS = [
  '/v1/stream',
  '/v1/ingest/ws',
  '/api/v2/ws/markets',
  '/api/v1/ws',
  '/ws',
  '/results-ws',
  '/v1/sse',
];
const PARAMS = [
  'key',
  'api_key',
  'token',
  'sport',
  'sport_ids',
  'affiliate_ids',
  'market_ids',
  'event_ids',
  'from',
  'market_type',
  'bookmaker',
  'event',
  'market',
  'period',
  'book',
  'limit',
  'date',
  'last_id',
  'status',
  'include',
  'game_id',
  'days',
  'round',
  'event_id',
  'market_line_price_ids',
];

/** Runs `n` tasks, `width` at a time. */
async function pool(n: number, width: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) await task(next++);
    }),
  );
}

/** Sends a raw request head and resolves with the response status, or 0 if the socket closed. */
function rawStatus(head: string): Promise<number> {
  const { port } = new URL(t.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    let got = '';
    socket.on('data', (d) => {
      got += d.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3}) /.exec(got);
      if (m) {
        socket.destroy();
        resolve(Number(m[1]));
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve(0));
    socket.write(head, 'latin1');
  });
}

function garbageHeaderValue(rng: Rng): string {
  return garbageString(rng, 60).replace(/[\r\n]/g, '');
}

function upgradeHead(rng: Rng, key: string): string {
  const path = rng.chance(0.85) ? rng.pick(UPGRADE_PATHS) : `/${garbageString(rng, 20)}`;
  const query = garbageQuery(rng, PARAMS).replace(/ /g, '%20');
  const withKey = rng.chance(0.5) ? `${query}&key=${key}&api_key=${key}` : query;
  const lines = [
    `${rng.chance(0.95) ? 'GET' : garbageString(rng, 6)} ${path}?${withKey} HTTP/1.1`,
    'host: x',
  ];
  if (rng.chance(0.9))
    lines.push(`upgrade: ${rng.chance(0.9) ? 'websocket' : garbageHeaderValue(rng)}`);
  if (rng.chance(0.9)) lines.push('connection: Upgrade');
  const r = rng.next();
  if (r < 0.6) lines.push('sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==');
  else if (r < 0.9) lines.push(`sec-websocket-key: ${garbageHeaderValue(rng)}`);
  if (rng.chance(0.8))
    lines.push(`sec-websocket-version: ${rng.chance(0.8) ? '13' : garbageHeaderValue(rng)}`);
  if (rng.chance(0.3)) lines.push(`sec-websocket-protocol: ${garbageHeaderValue(rng)}`);
  if (rng.chance(0.3))
    lines.push(`authorization: Bearer ${rng.chance(0.5) ? key : garbageHeaderValue(rng)}`);
  if (rng.chance(0.2)) lines.push(`x-therundown-key: ${garbageHeaderValue(rng)}`);
  if (rng.chance(0.2)) lines.push(`last-event-id: ${garbageHeaderValue(rng)}`);
  if (rng.chance(0.2)) lines.push(`${garbageString(rng, 12) || 'x'}: ${garbageHeaderValue(rng)}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

test('600 upgrade requests with garbage paths, queries and headers: never a 5xx; still serving', async () => {
  const rng = new Rng(31);
  const statuses = new Map<number, number>();
  const heads = Array.from({ length: 600 }, () => upgradeHead(rng, t.key));
  await pool(heads.length, 8, async (i) => {
    const status = await rawStatus(heads[i]!);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    assert.ok(status < 500, `case ${i}: ${status}\n${heads[i]}`);
  });
  assert.ok((statuses.get(101) ?? 0) > 0, 'some upgrades succeed');
  assert.ok(
    [...statuses.keys()].some((s) => s >= 400),
    'some are refused',
  );
  const c = await NativeClient.connect(`${t.wsUrl}/v1/stream?key=${t.key}`);
  c.send({ type: 'ping', id: 'alive' });
  await c.until(() => c.frames.some((f) => f['id'] === 'alive'));
  await c.close();
});

/** Vendor routes answer in their vendor's shape; these statuses are in their docs. */
const VENDOR_STATUSES = new Set([200, 400, 401, 403, 404, 405, 413, 415, 422, 429]);

test('every REST route with 40 garbage queries, parameters and bodies: never a 5xx', async () => {
  const rng = new Rng(32);
  const routes = t.app.routes();
  assert.ok(routes.length > 25, `${routes.length} routes`);
  const cases = routes.flatMap((r) => Array.from({ length: 40 }, () => r));
  let sent = 0;
  await pool(cases.length, 8, async (i) => {
    const route = cases[i]!;
    const path = fillPath(rng, route.path);
    const credential = rng.next();
    const auth =
      credential < 0.3
        ? `&key=${t.key}&api_key=${t.key}`
        : credential < 0.5
          ? `&key=${garbageString(rng, 20)}`
          : '';
    let url: URL;
    try {
      url = new URL(`${t.url}${path}?${garbageQuery(rng, PARAMS)}${auth}`);
    } catch {
      return; // not a URL any client could send
    }
    const token = rng.chance(0.5) ? (rng.chance(0.5) ? t.app.adminToken : t.app.ingestToken) : 'x';
    const res = await fetch(url, {
      method: route.method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(rng.chance(0.3) ? { 'x-therundown-key': t.key } : {}),
      },
      ...(route.method === 'GET' ? {} : { body: garbageText(rng, [{ add: 5 }, { plan: 'pro' }]) }),
    });
    sent++;
    const text = await res.text();
    assert.ok(
      res.status < 500,
      `${route.method} ${url.pathname}${url.search}: ${res.status} ${text}`,
    );
    // 431: the request head passed Node's 16 KiB limit; its parser answers, without a body.
    if (res.status === 431) return;
    // Linecast's own routes answer with catalogue codes; vendor routes (Parlay shares /v1) with
    // their vendor's bodies.
    const own =
      /^\/(v1\/(snapshot|events|position|history|openers|closing|catalog|ingest)|admin|healthz|readyz|metrics|dashboard)/.test(
        url.pathname,
      );
    if (own && res.status >= 400) {
      let code = '';
      try {
        code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? '';
      } catch {
        // reported below with the response
      }
      assert.ok(
        CATALOGUE_CODES.has(code),
        `${route.method} ${url.pathname}: ${res.status} ${text}`,
      );
    } else if (!own) assert.ok(VENDOR_STATUSES.has(res.status), `${url.pathname}: ${res.status}`);
  });
  assert.ok(sent > cases.length * 0.9, `${sent} of ${cases.length} sent`);
  assert.equal((await fetch(`${t.url}/v1/position`)).status, 200);
});
