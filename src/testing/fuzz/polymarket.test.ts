// Seeded fuzzing of the Polymarket US dialect: its frame decoder in-process, garbage over both
// of its sockets (after which a normal subscribe is still served), and garbage queries and bodies
// on every one of its REST routes, signed and unsigned: never a 5xx, never a crash, and the
// account's cash never moves (no counterparty, so no garbage can fill).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { decode, MARKET_TYPES, PRIVATE_TYPES } from '../../dialects/polymarket/input.js';
import {
  call,
  PmClient,
  type PolymarketServer,
  type SigningKey,
  SLUG_A,
  signedHeaders,
  startPolymarket,
} from '../polymarket.js';
import { fillPath, garbageQuery, garbageText, Rng } from './kit.js';

const VALID = [
  {
    subscribe: {
      requestId: 'r1',
      subscriptionType: 'SUBSCRIPTION_TYPE_MARKET_DATA',
      marketSlugs: [SLUG_A],
      responsesDebounced: true,
    },
  },
  { subscribe: { request_id: 'r2', subscription_type: 3, market_slugs: [SLUG_A] } },
  { subscribe: { requestId: 'r3', subscriptionType: 'SUBSCRIPTION_TYPE_ORDER' } },
  { unsubscribe: { requestId: 'r1' } },
];
const ORDER = {
  marketSlug: SLUG_A,
  intent: 'ORDER_INTENT_BUY_LONG',
  type: 'ORDER_TYPE_LIMIT',
  price: { value: '0.40', currency: 'USD' },
  quantity: 3,
  tif: 'TIME_IN_FORCE_GOOD_TILL_CANCEL',
  slippageTolerance: { currentPrice: { value: '0.5', currency: 'USD' }, ticks: 2 },
};
const BODIES = [ORDER, { request: ORDER }, { marketSlug: SLUG_A }, { slugs: [SLUG_A] }];
const PARAMS = [
  'slugs',
  'market',
  'limit',
  'offset',
  'cursor',
  'types',
  'sortOrder',
  'slug',
  'query',
  'active',
  'closed',
  'league',
  'status',
  'eventSlug',
];

test('decoder: 20,000 garbage frames per endpoint, never a throw, every error has text', () => {
  const rng = new Rng(41);
  for (let i = 0; i < 20_000; i++) {
    for (const [endpoint, types] of [
      ['markets', MARKET_TYPES],
      ['private', PRIVATE_TYPES],
    ] as const) {
      const c = decode(garbageText(rng, VALID), endpoint, types as readonly string[]);
      if (c.kind === 'error') assert.ok(c.error.length > 0, `case ${i}`);
      else if (c.kind === 'subscribe') assert.ok((types as readonly string[]).includes(c.type));
    }
  }
});

let s: PolymarketServer;
let k: SigningKey;
before(async () => {
  s = await startPolymarket({ overrides: { 'stream.clientMessagesPerSecond': 100_000 } });
  k = s.key('fuzz');
});
after(() => s.close());

test('both sockets: 300 garbage frames each, error frames only, then a normal subscribe is served', async () => {
  const rng = new Rng(42);
  for (const path of ['/v1/ws/markets', '/v1/ws/private'] as const) {
    const c = await PmClient.open(s, path, k);
    for (let i = 0; i < 300; i++) {
      const text = garbageText(rng, VALID);
      // Frames over stream.maxFrameBytes close the socket (1009) by design; tested elsewhere.
      if (text.length > 60_000) continue;
      if (rng.chance(0.05)) c.ws.send(Buffer.from(text), { binary: true });
      else c.send(text);
    }
    const type =
      path === '/v1/ws/markets'
        ? 'SUBSCRIPTION_TYPE_MARKET_DATA_LITE'
        : 'SUBSCRIPTION_TYPE_ORDER_SNAPSHOT';
    c.subscribe('probe-ok', type, [SLUG_A]);
    await c.waitFor((f) => f.requestId === 'probe-ok' && !('error' in f));
    for (const f of c.frames) {
      if ('error' in f) assert.equal(typeof f.error, 'string');
      else if (!('heartbeat' in f)) assert.ok(typeof f.requestId === 'string', JSON.stringify(f));
    }
    assert.equal(c.closed, false);
    c.close();
  }
});

test('every Polymarket route: 30 garbage requests each, signed or not: never a 5xx, cash unchanged', async () => {
  const rng = new Rng(43);
  const before = (
    (await call(s, k, 'GET', '/v1/account/balances')).body.balances as { currentBalance: number }[]
  )[0]!.currentBalance;
  const routes = s.t.app
    .routes()
    .filter((r) => r.path.startsWith('/v1/') && !r.path.startsWith('/v1/ingest'));
  const mine = routes.filter((r) =>
    [
      '/v1/orders',
      '/v1/order/',
      '/v1/portfolio',
      '/v1/account',
      '/v1/market',
      '/v1/series',
      '/v1/search',
      '/v1/sports',
      '/v1/events',
    ].some((p) => r.path.startsWith(p)),
  );
  assert.ok(mine.length >= 25, `${mine.length} routes`);
  for (const route of mine) {
    for (let i = 0; i < 30; i++) {
      const path = rng.chance(0.5)
        ? route.path.replace(/:slug/g, SLUG_A)
        : fillPath(rng, route.path);
      let url: URL;
      try {
        url = new URL(`${s.base}${path}?${garbageQuery(rng, PARAMS)}`);
      } catch {
        continue;
      }
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (rng.chance(0.7))
        Object.assign(headers, signedHeaders(k, route.method, url.pathname, s.now()));
      const res = await fetch(url, {
        method: route.method,
        headers,
        ...(route.method === 'GET' ? {} : { body: garbageText(rng, BODIES) }),
      });
      assert.ok(res.status < 500, `${route.method} ${url} -> ${res.status}`);
      await res.arrayBuffer();
    }
  }
  const after = (
    (await call(s, k, 'GET', '/v1/account/balances')).body.balances as { currentBalance: number }[]
  )[0]!.currentBalance;
  assert.equal(after, before);
});
