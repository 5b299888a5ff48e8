// A push that cannot be built (here: an event whose start no Date can hold, as a book loaded
// before the edge checked ranges could have) is reported through the fault port; the refresh
// timer and the connection live on, and the next push goes out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Snapshot } from '../../model/types.js';
import type { DialectDeps } from '../../seam/core.js';
import type { Connection, SubscribeRequest } from '../../seam/dialect.js';
import { staticDeps, staticReader } from '../../testing/dialect-deps.js';
import { quoteChange, testEvent, testKey, testValue } from '../../testing/fixtures.js';
import { rapidoddsConfigSchema } from './config.js';
import { rapidoddsDialect } from './index.js';

const principal = { keyId: 'k1', account: 'a1', plan: 'pro' };
const plan = {
  name: 'pro',
  dialects: ['*'],
  maxConnections: 5,
  tiers: {},
  metered: false,
  credits: 0,
};

test('a push that throws while being built is reported, and the next push is sent', () => {
  let start = 1e300;
  const faults: string[] = [];
  const snapshot = (): Snapshot => ({
    position: { epoch: 'e', seq: 1 },
    events: [testEvent('nba-e1', { startsAt: start })],
    quotes: [{ key: testKey(), value: testValue(-110) }],
  });
  const deps: DialectDeps = staticDeps({
    reader: staticReader([], { position: () => ({ epoch: 'e', seq: 1 }), snapshot }),
    access: { authenticate: () => ({ ok: true, principal, plan }) },
    limits: {
      maxFrameBytes: 65_536,
      maxSubscriptionsPerConnection: 10,
      maxFilterValues: 100,
      clientMessagesPerSecond: 10,
      check: () => {},
    },
    clock: () => Date.UTC(2030, 0, 1),
    server: 'test',
    fault: (_err, where) => faults.push(where),
  });
  const endpoint = rapidoddsDialect(deps, rapidoddsConfigSchema.parse({})).endpoints[0]!;
  const sent: string[] = [];
  let sub: SubscribeRequest | undefined;
  const conn: Connection = {
    id: 1,
    principal,
    plan,
    send: (text) => sent.push(text),
    subscribe: (req) => {
      sub = req;
    },
    unsubscribe: () => true,
    subscriptionCount: () => (sub ? 1 : 0),
    behind: () => false,
    close: (code) => assert.fail(`closed with ${code}`),
  };
  const handlers = endpoint.open(conn, undefined);
  handlers.onText(
    JSON.stringify({
      action: 'subscribe',
      sport: 'NBA',
      bookmakers: ['DraftKings'],
      market_types: ['head_to_head'],
    }),
  );
  assert.ok(sub?.onBatch, 'subscribed in batch mode');
  const change = quoteChange(1, { at: 0 });
  sub.onBatch([change], 0);
  assert.deepEqual(faults, ['rapidodds push']);
  assert.ok(!sent.some((s) => s.includes('odds_update')));
  start = Date.UTC(2030, 0, 2);
  sub.onBatch([{ ...change, seq: 2 }], 0);
  assert.equal(faults.length, 1);
  assert.ok(
    sent.some((s) => s.includes('"odds_update"')),
    sent.join('\n'),
  );
});
