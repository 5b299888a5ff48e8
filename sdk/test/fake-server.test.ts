// The client's state machine and subscriptions against a scripted server: every edge case on
// purpose, in order.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { WebSocket } from 'ws';
import type { QuoteFrame, QuoteKey, QuoteValue } from '../../src/protocol/index.js';
import { Waiters } from '../../src/testing/waiters.js';
import { type Client, type ConnectOptions, connect } from '../src/client.js';
import { SubscriptionError } from '../src/subscription.js';
import { Collected, transitions } from './collect.js';
import { TestEventSource } from './event-source.js';
import { FakeServer } from './fake-server.js';
import { ManualTimers } from './manual-timers.js';

const key = (book: string, event = 'e1'): QuoteKey => ({
  event,
  market: 'moneyline',
  period: 'game',
  book,
  selection: 'home',
  line: null,
});
const value = (decimal: number): QuoteValue => ({
  price: { decimal },
  status: 'open',
  main: true,
  sourceAt: 1,
  receivedAt: 1,
});
const quote = (seq: number, book: string, decimal: number, epoch = 'E'): QuoteFrame => ({
  type: 'quote',
  epoch,
  seq,
  at: seq,
  sport: 'basketball',
  league: 'nba',
  key: key(book),
  value: value(decimal),
});

const clients: Client[] = [];
const servers: FakeServer[] = [];
after(async () => {
  for (const c of clients) c.close();
  await Promise.all(servers.map((s) => s.close()));
});

async function setup(opts: ConnectOptions = {}) {
  const server = await FakeServer.start();
  servers.push(server);
  const client = connect(server.url, { WebSocket, random: () => 0, ...opts });
  clients.push(client);
  const states = transitions(client);
  return { server, client, states };
}

/** Resolves once `entry` is in the log `times` times. */
function waitState(
  states: { log: string[] },
  client: Client,
  entry: string,
  times = 1,
): Promise<void> {
  const w = new Waiters();
  client.on('state', () => w.wake());
  const seen = () => states.log.filter((e) => e === entry).length >= times;
  return w.until(seen, 10_000, () => states.log.join(' '));
}

test('connected only after the welcome; subscribe sends the command; the image fills the book', async () => {
  const { server, client, states } = await setup({ key: 'k 1' });
  const conn = await server.conn(1);
  assert.equal(client.state, 'connecting', 'an open socket is not yet a session');
  const sub = client.subscribe({ books: ['pinnacle', 'fanduel'] }, { conflateMs: 250 });
  conn.welcome();
  assert.deepEqual(await conn.command(1), {
    type: 'subscribe',
    id: sub.id,
    filter: { books: ['pinnacle', 'fanduel'] },
    conflateMs: 250,
    snapshot: true,
  });
  assert.deepEqual(states.log, ['connected:welcome']);
  const got = new Collected(sub);
  const position = { epoch: 'E', seq: 10 };
  conn.send({ type: 'subscribed', id: sub.id, mode: 'snapshot', recovered: true, position });
  const q1 = { key: key('pinnacle'), value: value(2) };
  const q2 = { key: key('fanduel'), value: value(1.9) };
  const base = { type: 'snapshot', id: sub.id, parts: 2, position } as const;
  conn.send({ ...base, part: 1, events: [], quotes: [q1] });
  conn.send({ ...base, part: 2, events: [], quotes: [q2] });
  conn.send(quote(10, 'pinnacle', 5)); // at the image's position: already in it
  conn.send(quote(11, 'draftkings', 5)); // not this subscription's book
  conn.send(quote(12, 'pinnacle', 2.1));
  conn.send(quote(12, 'pinnacle', 2.1)); // a duplicate
  conn.send(quote(13, 'fanduel', 1.8));
  await got.until((c) => c.messages.length >= 3);
  assert.deepEqual(got.messages[0], {
    type: 'image',
    cause: 'subscribe',
    recovered: true,
    position,
    events: [],
    quotes: [q1, q2],
  });
  assert.deepEqual(got.seqs(), [12, 13]);
  const change = got.messages[1]!;
  assert.ok(change.type === 'quote');
  assert.deepEqual([change.before?.price?.decimal, change.after.price?.decimal], [2, 2.1]);
  assert.deepEqual(sub.position, { epoch: 'E', seq: 13 });
  assert.equal(sub.book.get(key('fanduel'))?.value.price?.decimal, 1.8);
  assert.equal(sub.book.get(key('draftkings')), undefined);
  assert.equal(conn.path, '/v1/stream?key=k%201');
});

test('a dropped socket: disconnected, reconnect, resume from the last position, no duplicate', async () => {
  const { server, client, states } = await setup();
  const conn = await server.conn(1);
  conn.welcome();
  const sub = client.subscribe({});
  const got = new Collected(sub);
  await conn.command(1);
  const position = { epoch: 'E', seq: 5 };
  conn.send({ type: 'subscribed', id: sub.id, mode: 'snapshot', recovered: true, position });
  conn.send({ type: 'snapshot', id: sub.id, part: 1, parts: 1, position, events: [], quotes: [] });
  conn.send(quote(6, 'pinnacle', 2));
  conn.send(quote(7, 'fanduel', 2));
  await got.until((c) => c.seqs().length === 2);
  conn.ws.terminate();

  const conn2 = await server.conn(2);
  conn2.welcome();
  assert.deepEqual(await conn2.command(1), {
    type: 'subscribe',
    id: sub.id,
    filter: {},
    from: { epoch: 'E', seq: 7 },
    snapshot: false,
  });
  conn2.send({
    type: 'subscribed',
    id: sub.id,
    mode: 'resumed',
    recovered: true,
    position: { epoch: 'E', seq: 7 },
  });
  conn2.send(quote(7, 'fanduel', 2)); // replayed once more: must not surface
  conn2.send(quote(8, 'pinnacle', 3));
  await got.until((c) => c.seqs().length === 3);
  assert.deepEqual(got.seqs(), [6, 7, 8]);
  assert.deepEqual(states.log, [
    'connected:welcome',
    'disconnected:transport_closed',
    'connecting:reconnect',
    'connected:welcome',
  ]);
  assert.equal(states.list[1]!.detail?.startsWith('1006'), true);
});

test('a resume the server cannot honour: recovered false and a fresh image replaces the book', async () => {
  const { server, client } = await setup();
  const conn = await server.conn(1);
  conn.welcome();
  const sub = client.subscribe({});
  const got = new Collected(sub);
  await conn.command(1);
  const p1 = { epoch: 'E', seq: 5 };
  conn.send({ type: 'subscribed', id: sub.id, mode: 'snapshot', recovered: true, position: p1 });
  const old = { key: key('pinnacle'), value: value(2) };
  conn.send({
    type: 'snapshot',
    id: sub.id,
    part: 1,
    parts: 1,
    position: p1,
    events: [],
    quotes: [old],
  });
  await got.until((c) => c.messages.length === 1);
  conn.ws.close(1001, 'LC_ERR_SERVER_SHUTDOWN');

  const conn2 = await server.conn(2);
  conn2.welcome();
  await conn2.command(1);
  const p2 = { epoch: 'F', seq: 3 };
  const fresh = { key: key('fanduel'), value: value(1.5) };
  conn2.send({ type: 'subscribed', id: sub.id, mode: 'snapshot', recovered: false, position: p2 });
  conn2.send({
    type: 'snapshot',
    id: sub.id,
    part: 1,
    parts: 1,
    position: p2,
    events: [],
    quotes: [fresh],
  });
  conn2.send(quote(4, 'fanduel', 1.6, 'F'));
  await got.until((c) => c.messages.length === 3);
  const image = got.messages[1]!;
  assert.ok(image.type === 'image');
  assert.deepEqual([image.cause, image.recovered, image.position], ['resync', false, p2]);
  assert.equal(sub.book.get(key('pinnacle')), undefined, 'the old book is gone');
  assert.equal(sub.book.get(key('fanduel'))?.value.price?.decimal, 1.6);
  assert.deepEqual(sub.position, { epoch: 'F', seq: 4 });
});

test('heartbeat watchdog: silence past the tolerance disconnects, then the client reconnects', async () => {
  const timers = new ManualTimers();
  const { server, client, states } = await setup({ timers, heartbeatTolerance: 2 });
  const conn = await server.conn(1);
  conn.welcome(1_000);
  await waitState(states, client, 'connected:welcome');
  timers.advance(1_999);
  assert.equal(client.state, 'connected');
  conn.send({ type: 'heartbeat', now: 1, position: { epoch: 'E', seq: 0 } });
  await new Promise<void>((resolve) => client.on('frame', () => resolve()));
  timers.advance(1_999);
  assert.equal(client.state, 'connected', 'the heartbeat restarted the watchdog');
  timers.advance(1);
  // random() is 0 here, so the retry is due at once and runs within the same advance
  assert.deepEqual(states.log.slice(1), ['disconnected:heartbeat_timeout', 'connecting:reconnect']);
  await conn.until(() => conn.closed);
  const conn2 = await server.conn(2);
  conn2.welcome(1_000);
  await waitState(states, client, 'connected:welcome', 2);
  assert.equal(client.state, 'connected');
});

test('refused upgrades: connect_failed with growing backoff, until the server lets it in', async () => {
  const timers = new ManualTimers();
  const server = await FakeServer.start();
  servers.push(server);
  server.refuseWith = 503;
  const client = connect(server.url, {
    WebSocket,
    timers,
    random: () => 0.5,
    backoff: { baseMs: 100, maxMs: 10_000 },
  });
  clients.push(client);
  const states = transitions(client);
  const w = new Waiters();
  client.on('state', () => w.wake());
  const delays: number[] = [];
  for (let i = 1; i <= 3; i++) {
    await w.until(
      () => client.state === 'disconnected',
      10_000,
      () => states.log.join(' '),
    );
    const before = timers.now;
    while (client.state === 'disconnected') timers.advance(1);
    delays.push(timers.now - before);
  }
  assert.deepEqual(delays, [50, 100, 200], 'half of 100, 200, 400 ms');
  server.refuseWith = null;
  const conn = await server.conn(1);
  conn.welcome();
  await waitState(states, client, 'connected:welcome');
  assert.deepEqual(states.log.slice(0, 2), ['disconnected:connect_failed', 'connecting:reconnect']);
});

test('1008 (key revoked) closes for good: iterators end, no reconnect', async () => {
  const { server, client, states } = await setup();
  const conn = await server.conn(1);
  conn.welcome();
  const got = new Collected(client.subscribe({}));
  await conn.command(1);
  conn.ws.close(1008, 'LC_ERR_AUTH_REVOKED');
  await got.until((c) => c.ended);
  assert.equal(got.error, null);
  assert.deepEqual(states.log, ['connected:welcome', 'closed:auth_revoked']);
  assert.equal(states.list[1]!.detail, '1008 LC_ERR_AUTH_REVOKED');
  assert.throws(() => client.subscribe({}), /closed/);
  assert.equal(server.conns.length, 1);
});

test('an error frame for a subscription ends its iterator with the code; others carry on', async () => {
  const { server, client } = await setup();
  const conn = await server.conn(1);
  conn.welcome();
  const bad = client.subscribe({ books: ['x'] });
  const good = client.subscribe({});
  const badGot = new Collected(bad);
  await conn.command(2);
  conn.send({ type: 'error', id: bad.id, code: 'LC_ERR_LIMIT_FILTER_SIZE', message: 'too many' });
  await badGot.until((c) => c.ended);
  assert.ok(badGot.error instanceof SubscriptionError);
  assert.equal(badGot.error.code, 'LC_ERR_LIMIT_FILTER_SIZE');
  assert.equal(bad.closed, true);
  assert.equal(good.closed, false);
  await assert.rejects(bad.ready(), /closed|LC_ERR/);
  good.unsubscribe();
  assert.deepEqual(await conn.command(3), { type: 'unsubscribe', id: good.id }, 'none for bad');
});

test('SSE to a server that is down never reports connected', async () => {
  const server = await FakeServer.start();
  await server.close();
  const timers = new ManualTimers();
  const client = connect(server.url, {
    transport: 'sse',
    EventSource: TestEventSource,
    timers,
    random: () => 0,
  });
  clients.push(client);
  const states = transitions(client);
  client.subscribe({});
  await waitState(states, client, 'disconnected:connect_failed');
  timers.advance(0);
  await waitState(states, client, 'disconnected:connect_failed', 2);
  assert.deepEqual(states.log.slice(0, 3), [
    'disconnected:connect_failed',
    'connecting:reconnect',
    'disconnected:connect_failed',
  ]);
});

test('break out of for-await unsubscribes; close() ends everything and closes the socket', async () => {
  const { server, client, states } = await setup();
  const conn = await server.conn(1);
  conn.welcome();
  const sub = client.subscribe({});
  await conn.command(1);
  const position = { epoch: 'E', seq: 1 };
  conn.send({ type: 'subscribed', id: sub.id, mode: 'live', recovered: true, position });
  conn.send(quote(2, 'pinnacle', 2));
  for await (const m of sub) {
    assert.equal(m.type, 'quote');
    break;
  }
  assert.deepEqual(await conn.command(2), { type: 'unsubscribe', id: sub.id });
  const other = new Collected(client.subscribe({}));
  client.close();
  await other.until((c) => c.ended);
  await conn.until(() => conn.closed);
  assert.deepEqual(states.log.at(-1), 'closed:client_close');
  client.close();
  assert.equal(states.log.length, 2, 'close twice moves once');
});

test('a consumer maxBuffered behind gets one overflow image of the current book', async () => {
  const { server, client } = await setup({ maxBuffered: 3 });
  const conn = await server.conn(1);
  conn.welcome();
  const sub = client.subscribe({});
  await conn.command(1);
  const position = { epoch: 'E', seq: 0 };
  conn.send({ type: 'subscribed', id: sub.id, mode: 'live', recovered: true, position });
  for (let seq = 1; seq <= 5; seq++)
    conn.send(quote(seq, seq % 2 ? 'pinnacle' : 'fanduel', 1 + seq));
  await sub.ready();
  const w = new Waiters();
  client.on('frame', () => w.wake());
  await w.until(
    () => sub.position?.seq === 5,
    10_000,
    () => JSON.stringify(sub.position),
  );
  const got: string[] = [];
  for await (const m of sub) {
    got.push(
      m.type === 'image'
        ? `image:${m.cause}:${m.quotes.length}:${m.position.seq}`
        : `q${m.position.seq}`,
    );
    if (m.type === 'quote' && m.position.seq === 6) break;
    if (got.length === 1) conn.send(quote(6, 'pinnacle', 9));
  }
  // 1-3 queued, 4 overflowed: the queue became the book at seq 4, then 5 and 6 as usual
  assert.deepEqual(got, ['image:overflow:2:4', 'q5', 'q6']);
});
