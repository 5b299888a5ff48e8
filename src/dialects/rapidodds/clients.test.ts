// Clients written as the vendor shows them, changed only in the host: the WebSocket guide's
// Python (`websockets`) and Node (`ws`) examples, and a Python client that streams the way the
// official SDK does (reconnects, re-subscribes, stops on 403/4001, raises on error events).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { eventItems, quoteItems } from '../../testing/feed.js';
import { type RoServer, sleep, startRo } from '../../testing/rapidodds.js';

// Debian's python3-websockets is installed for the system interpreter, not pyenv's.
const PYTHON = '/usr/bin/python3';
const script = (name: string) => fileURLToPath(new URL(`./clients/${name}`, import.meta.url));

type Line = Record<string, unknown> & { step?: string };

class Py {
  readonly lines: Line[] = [];
  readonly exited: Promise<number | null>;
  private readonly proc: ChildProcess;
  private stderr = '';

  constructor(name: string, args: string[]) {
    this.proc = spawn(PYTHON, [script(name), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    this.proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl = buf.indexOf('\n');
      while (nl >= 0) {
        this.lines.push(JSON.parse(buf.slice(0, nl)) as Line);
        buf = buf.slice(nl + 1);
        nl = buf.indexOf('\n');
      }
    });
    this.proc.stderr!.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
    this.exited = new Promise((resolve) => this.proc.once('exit', (code) => resolve(code)));
  }

  steps(step: string): Line[] {
    return this.lines.filter((l) => l.step === step);
  }

  async until(pred: () => boolean, timeoutMs = 10_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!pred()) {
      if (Date.now() > end) {
        throw new Error(`timed out; lines ${JSON.stringify(this.lines)}; stderr ${this.stderr}`);
      }
      await sleep(20);
    }
  }

  kill(): void {
    this.proc.kill();
  }
}

const REST_NBA =
  '/sports/NBA/markets?market_type=head_to_head&market_type=alternate_lines' +
  '&bookmaker=DraftKings&bookmaker=Pinnacle';

test('the guide Python client: connected, subscribed, pushes equal to the REST response', async () => {
  const s = await startRo();
  await s.t.ingest(eventItems());
  const { key } = s.key('pro');
  const py = new Py('guide.py', [s.t.wsUrl, key, 'NBA', '2']);
  await py.until(() => py.steps('subscribed').length === 1);
  assert.equal((py.steps('connected')[0]!['frame'] as Line)['tier'], 'pro');
  assert.equal(py.steps('subscribed')[0]?.['credits_per_push'], 2);

  // Every NBA game changes, so the push holds all of them: it equals the REST answer.
  await s.t.ingest(quoteItems(72, 21, 72));
  s.cycle();
  await py.until(() => py.steps('odds_update').length === 1);
  const rest = await (await fetch(`${s.t.url}${REST_NBA}&api_key=${key}`)).json();
  const push = py.steps('odds_update')[0]!;
  assert.equal(push['credits_charged'], 2);
  assert.equal(push['games'], 2);
  assert.deepEqual(push['data'], rest);

  await s.t.ingest(quoteItems(72, 22, 72));
  s.cycle();
  assert.equal(await py.exited, 0);
  assert.equal(py.steps('odds_update').length, 2);
  assert.equal(py.steps('done').length, 1);
  await s.close();
});

test('the guide Node client: subscribe on open, pushes, and a credits error it can print without losing the socket', async () => {
  const s = await startRo({
    'auth.plans': { metered: { dialects: ['*'], metered: true, credits: 2 } },
  });
  await s.t.ingest(eventItems());
  const { key } = s.key('metered');
  const got: { event: string; message?: string; credits_charged?: number }[] = [];
  // As in the guide: new WebSocket(url), subscribe in 'open', JSON.parse in 'message'.
  const ws = new WebSocket(`${s.t.wsUrl}/ws?api_key=${key}`);
  ws.on('open', () => {
    ws.send(
      JSON.stringify({
        action: 'subscribe',
        sport: 'NFL',
        bookmakers: ['DraftKings', 'Pinnacle'],
        market_types: ['head_to_head', 'alternate_lines'],
      }),
    );
  });
  ws.on('message', (data) => got.push(JSON.parse(data.toString())));
  const until = async (n: number) => {
    for (let i = 0; got.length < n && i < 500; i++) await sleep(20);
    assert.ok(got.length >= n, JSON.stringify(got));
  };
  await until(2);
  await s.t.ingest(quoteItems(72, 31, 72));
  s.cycle();
  await until(3);
  await s.t.ingest(quoteItems(72, 32, 72));
  s.cycle();
  await until(4);
  assert.deepEqual(
    got.map((m) => m.event),
    ['connected', 'subscribed', 'odds_update', 'error'],
  );
  assert.equal(got[2]?.credits_charged, 2);
  assert.match(got[3]?.message ?? '', /credit/i);
  assert.equal(ws.readyState, WebSocket.OPEN);
  ws.close();
  await s.close();
});

test('SDK-style client: a bad key or a Free key raises an auth error after one attempt, no retries', async () => {
  const s = await startRo();
  for (const key of ['oa_not_a_key', s.key('free').key]) {
    const py = new Py('sdk_like.py', [s.t.wsUrl, key, 'NBA', '1', '0.05']);
    assert.equal(await py.exited, 0);
    assert.equal(py.steps('connecting').length, 1);
    assert.equal(py.steps('raised')[0]?.['kind'], 'auth');
  }
  await s.close();
});

test('SDK-style client: updates flow, and across a server restart it reconnects and re-subscribes without raising', async () => {
  let s: RoServer = await startRo();
  await s.t.ingest(eventItems());
  const { key } = s.key('pro');
  const port = new URL(s.t.url).port;
  const py = new Py('sdk_like.py', [s.t.wsUrl, key, 'NBA', '2', '0.1']);
  // The SDK sends subscribe before reading connected; connected still comes first.
  await py.until(() => py.steps('frame').length === 2);
  assert.deepEqual(
    py.steps('frame').map((l) => l['event']),
    ['connected', 'subscribed'],
  );
  await s.t.ingest(quoteItems(72, 41, 72));
  s.cycle();
  await py.until(() => py.steps('update').length === 1);

  const dir = s.t.dataDir;
  await s.close({ keepData: true });
  await sleep(300);
  s = await startRo({ port: Number(port) }, dir);
  await py.until(() => py.steps('frame').filter((l) => l['event'] === 'subscribed').length === 2);
  await s.t.ingest(quoteItems(72, 42, 72));
  s.cycle();
  assert.equal(await py.exited, 0);
  assert.equal(py.steps('update').length, 2);
  assert.equal(py.steps('raised').length, 0);
  assert.ok(py.steps('connecting').length >= 2);
  await s.close();
});

test('SDK-style client: running out of credits raises its credits error', async () => {
  const s = await startRo({
    'auth.plans': { metered: { dialects: ['*'], metered: true, credits: 1 } },
  });
  await s.t.ingest(eventItems());
  const py = new Py('sdk_like.py', [s.t.wsUrl, s.key('metered').key, 'NBA', '5', '0.05']);
  await py.until(() => py.steps('frame').length === 2);
  for (const seed of [51, 52]) {
    await s.t.ingest(quoteItems(72, seed, 72));
    s.cycle();
    await sleep(100);
  }
  assert.equal(await py.exited, 0);
  assert.equal(py.steps('update').length, 1);
  const raised = py.steps('raised')[0];
  assert.equal(raised?.['kind'], 'credits');
  assert.match(String(raised?.['message']), /you have 0 remaining/);
  py.kill();
  await s.close();
});

test('SDK-style results client (stream_results): live scores as results_update, across a server restart', async () => {
  let s: RoServer = await startRo();
  const game = (status: string, home: number, away: number, period: number) => ({
    ...(eventItems()[0] as Record<string, unknown>),
    status,
    live: { home, away, clock: 400, period },
  });
  await s.t.ingest(eventItems());
  const { key } = s.key('pro');
  const port = new URL(s.t.url).port;
  const py = new Py('sdk_like.py', [s.t.wsUrl, key, 'NBA', '2', '0.1', 'results', 'live']);
  await py.until(() => py.steps('frame').length === 2);
  assert.deepEqual(
    py.steps('frame').map((l) => l['event']),
    ['connected', 'subscribed'],
  );
  await s.t.ingest([game('live', 2, 0, 1)]);
  s.cycle();
  await py.until(() => py.steps('update').length === 1);
  const first = py.steps('update')[0]!;
  assert.equal(first['credits_charged'], 1);
  const games = (first['data'] as { games: { game: Line; score: Line }[] }).games;
  assert.equal(games[0]?.game['status'], 'LIVE');
  assert.deepEqual(games[0]?.score['home'], { team: 'nba-bos', points: 2 });

  const dir = s.t.dataDir;
  await s.close({ keepData: true });
  await sleep(300);
  s = await startRo({ port: Number(port) }, dir);
  await py.until(() => py.steps('frame').filter((l) => l['event'] === 'subscribed').length === 2);
  await s.t.ingest([game('ended', 110, 104, 4)]);
  s.cycle();
  assert.equal(await py.exited, 0);
  const last = (py.steps('update')[1]!['data'] as { games: { game: Line }[] }).games[0]!;
  assert.equal(last.game['status'], 'CONCLUDED');
  assert.equal(py.steps('raised').length, 0);
  await s.close();
});
