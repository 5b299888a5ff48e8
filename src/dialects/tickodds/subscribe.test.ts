// Checks 20-24 of the spec (§6): sport subscriptions by name, id or `all`, in any letter case;
// bad frames get no reply and do not close the socket.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TextClient } from '../../conformance/client.js';
import {
  board,
  eventItem,
  eventOf,
  framesOf,
  type Harness,
  quote,
  startHarness,
} from '../../testing/tickodds.js';

let h: Harness;
before(async () => {
  h = await startHarness({ 'dialects.tickodds.ackSubscriptions': false });
  await h.feed([
    eventItem('soccer'),
    eventItem('basketball'),
    eventItem('tennis', { clock: 0 }),
    ...board(),
  ]);
});
after(() => h.t.close());

let price = 1.5;
/** One price move in each sport, then a marker the client waits for. */
async function moveAll(): Promise<void> {
  price += 0.01;
  const p = Math.round(price * 100) / 100;
  await h.feed([
    quote('soccer', 'three-way', 'home', p),
    quote('tennis', 'moneyline', 'home', p),
    quote('basketball', 'moneyline', 'home', p),
  ]);
}

/** Sports of the update frames since `from`, after a basketball marker arrives. */
async function sportsSince(c: TextClient, from: number, marker = true): Promise<string[]> {
  if (marker)
    await c.until(() =>
      framesOf(c)
        .slice(from)
        .some((f) => f.type === 'update' && eventOf(f).sportName === 'Basketball'),
    );
  return [
    ...new Set(
      framesOf(c)
        .slice(from)
        .filter((f) => f.type === 'update')
        .map((f) => eventOf(f).sportName),
    ),
  ].sort();
}

async function connect(): Promise<TextClient> {
  const c = await TextClient.connect(`${h.t.wsUrl}/ws/live?apiKey=${h.keys.pro}`);
  await c.until(() => c.texts.length === 1);
  return c;
}

/** Sends and lets the server apply it: a ping round trip orders it before the next feed. */
async function send(c: TextClient, text: string): Promise<void> {
  c.send(text);
  await new Promise<void>((resolve) => {
    c.ws.once('pong', () => resolve());
    c.ws.ping();
  });
}

test('check 20: without sending anything a client gets every sport', async () => {
  const c = await connect();
  const n = c.texts.length;
  await moveAll();
  await c.until(() => framesOf(c).slice(n).length === 3);
  assert.deepEqual(await sportsSince(c, n), ['Basketball', 'Soccer', 'Tennis']);
  await c.close();
});

test('checks 21-23: subscribe replaces all, then adds; unsubscribe removes; all and ids work in any case', async () => {
  const c = await connect();
  const step = async (frame: string | null, want: string[]) => {
    if (frame) await send(c, frame);
    const n = c.texts.length;
    await moveAll();
    // Basketball is always followed here, so its update marks the end of the step.
    assert.deepEqual(await sportsSince(c, n), want, frame ?? '');
  };
  await step('{"subscribe":["Soccer","Basketball"]}', ['Basketball', 'Soccer']);
  await step('{"subscribe":["Tennis"]}', ['Basketball', 'Soccer', 'Tennis']);
  await step('{"unsubscribe":["Tennis"]}', ['Basketball', 'Soccer']);
  await step('{"unsubscribe":["SOCCER"]}', ['Basketball']);
  await step('{"subscribe":["all"]}', ['Basketball', 'Soccer', 'Tennis']);
  await step('{"unsubscribe":["tennis"]}', ['Basketball', 'Soccer']);
  await c.close();

  const d = await connect();
  await send(d, '{"subscribe":["soccer","basketball","Curling"]}');
  const n = d.texts.length;
  await moveAll();
  assert.deepEqual(await sportsSince(d, n), ['Basketball', 'Soccer']);
  await d.close();
});

test('check 21: a client on one sport gets only its frames, lifecycle included', async () => {
  const c = await connect();
  await send(c, '{"subscribe":["Tennis"]}');
  const n = c.texts.length;
  await h.feed([eventItem('soccer', { home: 2 })]);
  await h.feed([eventItem('tennis', { clock: 0, home: 1 })]);
  await c.until(() => framesOf(c).length > n);
  await new Promise((r) => setTimeout(r, 50));
  const got = framesOf(c).slice(n);
  assert.deepEqual(
    got.map((f) => [f.type, f['change'], eventOf(f).sportName]),
    [['update', 'score', 'Tennis']],
  );
  await c.close();
});

test('check 24: not-JSON, {} and odd shapes get no reply and do not close; the stream goes on', async () => {
  const c = await connect();
  const n = c.texts.length;
  for (const bad of [
    'not json',
    '{}',
    '[]',
    '"x"',
    '{"subscribe":"Soccer"}',
    '{"subscribe":[1,null]}',
    'null',
  ]) {
    await send(c, bad);
  }
  c.send(Buffer.from([1, 2, 3]));
  assert.equal(c.texts.length, n, 'no reply');
  assert.ok(c.isOpen());
  await moveAll();
  assert.equal((await sportsSince(c, n)).length, 3);
  await c.close();
});

test('acknowledgements: off by default (no frame after subscribe)', async () => {
  const c = await connect();
  const n = c.texts.length;
  await send(c, '{"subscribe":["Soccer"]}');
  assert.equal(c.texts.length, n);
  await c.close();
});
