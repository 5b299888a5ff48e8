// kill -9 of the server with a Polymarket US user's exchange state acknowledged over signed REST
// (orders resting, partly filled, modified and cancelled, a deposit, positions): after the restart
// on the same data directory every balance, open order, order, position and activity reads back
// identical, order ids carry on, and a torn last record left in the log is dropped with a log line
// while the server starts.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { type ChildServer, ingest, serve } from '../src/testing/child-server.js';
import { eventItems } from '../src/testing/feed.js';
import { type Frame, limit, type SigningKey, signedCall } from '../src/testing/polymarket.js';

const CONFIG = {
  listeners: { polymarket: { port: 0 } },
  exchange: { makers: { enabled: false } },
  dialects: { polymarket: { restRequestsPerSecond: 0 } },
};

async function admin(s: ChildServer, dataDir: string, path: string, body: unknown): Promise<Frame> {
  const token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
  const res = await fetch(`${s.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const out = (await res.json()) as Frame;
  assert.ok(res.ok, `${path}: ${res.status} ${JSON.stringify(out)}`);
  return out;
}

/** A signed call that must succeed: the answer is an acknowledgement. */
async function ok(
  s: ChildServer,
  k: SigningKey,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<Frame> {
  const r = await signedCall(s.urls['polymarket']!, Date.now(), k, method, path, body);
  assert.equal(r.status, 200, `${method} ${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Everything the user can read about an account, over signed REST. */
async function readBack(s: ChildServer, k: SigningKey, orderIds: string[]) {
  return {
    balances: await ok(s, k, 'GET', '/v1/account/balances'),
    open: await ok(s, k, 'GET', '/v1/orders/open'),
    positions: await ok(s, k, 'GET', '/v1/portfolio/positions'),
    activities: await ok(s, k, 'GET', '/v1/portfolio/activities?limit=100'),
    orders: await Promise.all(orderIds.map((id) => ok(s, k, 'GET', `/v1/order/${id}`))),
  };
}

async function marketSlugs(s: ChildServer): Promise<string[]> {
  for (;;) {
    const res = await fetch(`${s.urls['polymarket']}/v1/markets?limit=100`);
    const body = (await res.json()) as { markets: { slug: string; linecastEventId: string }[] };
    const ours = body.markets.filter((m) => m.linecastEventId.startsWith('nba-'));
    if (ours.length >= 2) return ours.map((m) => m.slug).sort();
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('exchange state acknowledged over REST survives kill -9', { timeout: 300_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'linecast-exchange-crash-'));
  let server = await serve(dataDir, CONFIG);
  try {
    assert.equal(await ingest(server.url, eventItems()), 200);
    const [a, b] = await marketSlugs(server);
    const key = async (account: string): Promise<SigningKey> => {
      const r = await admin(server, dataDir, '/admin/keys', {
        plan: 'polymarket',
        signed: true,
        account,
      });
      return { keyId: r['keyId'] as string, secret: r['secret'] as string, account };
    };
    const alice = await key('alice');
    const bob = await key('bob');
    const place = async (k: SigningKey, body: Record<string, unknown>) =>
      (await ok(server, k, 'POST', '/v1/orders', body))['id'] as string;

    const ids: Record<string, string[]> = { alice: [], bob: [] };
    ids['alice']!.push(await place(alice, limit(a!, 'ORDER_INTENT_BUY_LONG', '0.55', 10)));
    ids['alice']!.push(await place(alice, limit(b!, 'ORDER_INTENT_SELL_SHORT', '0.40', 5)));
    ids['alice']!.push(await place(alice, limit(a!, 'ORDER_INTENT_BUY_LONG', '0.30', 3)));
    // bob fills part of alice's first bid, and rests an offer in the other market
    ids['bob']!.push(await place(bob, limit(a!, 'ORDER_INTENT_SELL_LONG', '0.55', 4)));
    ids['bob']!.push(await place(bob, limit(b!, 'ORDER_INTENT_SELL_LONG', '0.62', 7)));
    await ok(server, alice, 'POST', `/v1/order/${ids['alice']![2]}/cancel`, { marketSlug: a });
    await ok(server, bob, 'POST', `/v1/order/${ids['bob']![1]}/modify`, {
      marketSlug: b,
      price: { value: '0.60', currency: 'USD' },
      quantity: 9,
    });
    await admin(server, dataDir, '/admin/accounts/alice/fund', { amount: 250.5 });
    // alice lifts part of bob's modified offer
    ids['alice']!.push(await place(alice, limit(b!, 'ORDER_INTENT_BUY_LONG', '0.60', 2)));

    const before = {
      alice: await readBack(server, alice, ids['alice']!),
      bob: await readBack(server, bob, ids['bob']!),
    };
    // What the acknowledgements promised is what the reads say, before the kill.
    const count = (list: unknown) => Object.keys(list as object).length;
    assert.equal(count(before.alice.open['orders']), 2, 'alice: the rest of her bid and her short');
    assert.equal(count(before.bob.open['orders']), 1, 'bob: his modified offer');
    assert.equal(count(before.alice.positions['positions']), 2, 'alice: long one, short the other');

    await server.stop('SIGKILL');
    // A write torn by the kill: a last record cut short.
    const db = new Database(join(dataDir, 'exchange.sqlite'));
    db.prepare('INSERT INTO ops (at, body) VALUES (?, ?)').run(
      Date.now(),
      Buffer.from([0xff, 0x0f]),
    );
    db.close();

    server = await serve(dataDir, CONFIG);
    const torn = server.lines.filter((l) => /torn write/.test(l.msg ?? ''));
    assert.equal(torn.length, 1, 'one line says the torn record was dropped');
    assert.ok(server.lines.some((l) => l.msg === 'exchange restored'));
    assert.deepEqual(
      {
        alice: await readBack(server, alice, ids['alice']!),
        bob: await readBack(server, bob, ids['bob']!),
      },
      before,
    );
    // It trades on, with fresh order ids.
    const next = await place(bob, limit(a!, 'ORDER_INTENT_SELL_LONG', '0.55', 1));
    assert.ok(![...ids['alice']!, ...ids['bob']!].includes(next), 'order ids carry on');
    const after = await ok(server, alice, 'GET', `/v1/order/${ids['alice']![0]}`);
    assert.equal((after['order'] as Frame)['cumQuantity'], 5, 'the resting bid filled on');
  } finally {
    await server.stop('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
});
