// Bad client frames: one `error` event each, the socket stays open, no non-credit error says
// "credit" (the SDK would read it as out of credits), and other clients carry on.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventItems, quoteItems } from '../../testing/feed.js';
import {
  RoClient,
  type RoServer,
  sleep,
  startRo,
  subscribeFrame,
} from '../../testing/rapidodds.js';

let s: RoServer;
let key: string;
before(async () => {
  s = await startRo({ 'stream.maxFrameBytes': 4_096 });
  key = s.key('pro').key;
  await s.t.ingest(eventItems());
});
after(() => s.close());

const BAD: [string, string | Buffer, string][] = [
  ['not JSON', 'garbage', 'invalid_json'],
  ['truncated JSON', '{"action":"subscribe"', 'invalid_json'],
  ['binary frame', Buffer.from([1, 2, 3]), 'invalid_json'],
  ['a JSON array', '[1,2]', 'unknown_action'],
  ['a JSON string', '"subscribe"', 'unknown_action'],
  ['no action', '{"sport":"NBA"}', 'unknown_action'],
  ['unknown action', '{"action":"snapshot","sport":"NBA"}', 'unknown_action'],
  ['action of the wrong type', '{"action":1}', 'unknown_action'],
  [
    'unknown sport',
    JSON.stringify(subscribeFrame('CURLING', ['Pinnacle'], ['x'])),
    'unknown_sport',
  ],
  [
    'sport named like credits',
    JSON.stringify(subscribeFrame('credits', ['Pinnacle'], ['x'])),
    'unknown_sport',
  ],
  [
    'missing sport',
    '{"action":"subscribe","bookmakers":["Pinnacle"],"market_types":["x"]}',
    'unknown_sport',
  ],
  ['sport of the wrong type', '{"action":"unsubscribe","sport":["NBA"]}', 'unknown_sport'],
  [
    'sport an object that cannot print',
    '{"action":"subscribe","sport":{"toString":1}}',
    'unknown_sport',
  ],
  [
    'missing bookmakers',
    '{"action":"subscribe","sport":"NBA","market_types":["x"]}',
    'invalid_subscription',
  ],
  [
    'empty market_types',
    JSON.stringify(subscribeFrame('NBA', ['Pinnacle'], [])),
    'invalid_subscription',
  ],
  [
    'bookmakers not a list',
    '{"action":"subscribe","sport":"NBA","bookmakers":"Pinnacle","market_types":["x"]}',
    'invalid_subscription',
  ],
  [
    'a number among names',
    '{"action":"subscribe","sport":"NBA","bookmakers":[5],"market_types":["x"]}',
    'invalid_subscription',
  ],
];

test('each bad frame gets exactly one error event with a string message; the socket stays open', async () => {
  const c = await RoClient.open(s.t.wsUrl, key);
  await c.count(1);
  for (const [name, data, code] of BAD) {
    const before = c.frames().length;
    c.c.send(data);
    await c.count(before + 1);
    await sleep(20);
    const got = c.frames().slice(before);
    assert.equal(got.length, 1, name);
    const e = got[0]!;
    assert.equal(e.event, 'error', name);
    assert.equal(e['code'], code, name);
    assert.equal(typeof e['message'], 'string', name);
    assert.doesNotMatch(String(e['message']), /credit/i, `${name}: only credit errors say credit`);
    assert.ok(c.isOpen(), name);
  }
  // Still usable: a good subscribe is answered as usual.
  c.send(subscribeFrame('NBA', ['Pinnacle'], ['head_to_head']));
  await c.until((f) => f.some((x) => x.event === 'subscribed'));
  await c.close();
});

test('a frame over the size limit closes with 1009; a flood closes with 4029; others are unaffected', async () => {
  const bystander = await RoClient.open(s.t.wsUrl, key);
  bystander.send(subscribeFrame('NBA', ['DraftKings', 'Pinnacle'], ['head_to_head']));
  await bystander.count(2);

  const big = await RoClient.open(s.t.wsUrl, key);
  big.send(subscribeFrame('NBA', ['x'.repeat(5_000)], ['head_to_head']));
  assert.equal(await big.closed, 1009);

  const flood = await RoClient.open(s.t.wsUrl, key);
  for (let i = 0; i < 200; i++) flood.send('nonsense');
  assert.equal(await flood.closed, 4029);

  await s.t.ingest(quoteItems(24, 4, 24));
  s.cycle();
  await bystander.until((f) => f.some((x) => x.event === 'odds_update'));
  assert.ok(bystander.isOpen());
  await bystander.close();
});
