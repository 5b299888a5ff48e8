// What a person at a terminal sees, on a real pseudo terminal (util-linux `script`), against what
// a pipe gets: the ready banner and readable logs versus JSON logs and no key; replay progress
// versus none.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../testing/app.js';
import { runCli, runCliOnTty, startCli, untilPrinted } from '../testing/cli.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'linecast-cli-tty-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const ESC = String.fromCharCode(27);
const serveArgs = (data: string) => ['serve', '--port', '0', '--data-dir', data, '--sim-rate', '0'];

test('on a terminal, serve prints the URLs, the demo key and its file, and readable logs', async () => {
  const data = join(dir, 'tty');
  const run = runCliOnTty(serveArgs(data));
  try {
    const out = await untilPrinted(run, (o) => /Streams by dialect[\s\S]*parlay/.test(o));
    const key = readFileSync(join(data, 'demo-key'), 'utf8').trim();
    const url = /ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    assert.ok(url, out);
    const ws = url.replace('http', 'ws');
    assert.ok(out.includes(`Demo API key  ${key}  (stored in ${join(data, 'demo-key')})`), out);
    assert.ok(out.includes(`${url}/dashboard?key=${key}`), out);
    assert.match(out, new RegExp(`native +${ws}/v1/stream +${url}/v1/sse`));
    assert.match(out, /therundown +ws:\/\//);
    // Logs are lines a person reads: a time, a level (in colour), the message, fields as key=value.
    assert.ok(out.includes(`${ESC}[32mINFO`), 'the level is coloured on a terminal');
    const plain = out.replace(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '');
    assert.match(plain, /\d\d:\d\d:\d\d\.\d{3} INFO +ready url=http/);
    assert.doesNotMatch(out, /\{"level":/);
  } finally {
    run.stop();
    await run.done;
  }
});

test('piped, serve logs JSON lines and never prints the key', async () => {
  const data = join(dir, 'piped');
  const run = startCli(serveArgs(data));
  try {
    const out = await untilPrinted(run, (o) => o.includes('"msg":"ready"'));
    const lines = out.trim().split('\n');
    for (const l of lines) assert.equal(typeof JSON.parse(l).level, 'number', l);
    const key = readFileSync(join(data, 'demo-key'), 'utf8').trim();
    assert.ok(!out.includes(key), 'the key stays out of the log');
  } finally {
    run.stop();
  }
  const r = await run.done;
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /Demo API key|ready at/);
});

let target: TestApp;
let recording: string;
before(async () => {
  recording = join(dir, 'rec.ndjson');
  const source = await startTestApp(
    { 'simulator.rate': 2_000, 'simulator.seed': 7 },
    undefined,
    recording,
  );
  while (source.app.state.position().seq < 2_000) await new Promise((r) => setTimeout(r, 50));
  await source.close();
  target = await startTestApp();
});
after(() => target.close());

test('replay shows its progress on a terminal and none when piped', async () => {
  const args = (extra: string[]) => [
    'replay',
    recording,
    '--url',
    target.url,
    '--token',
    target.app.ingestToken,
    '--speed',
    '1000000',
    '--batch',
    '50',
    ...extra,
  ];
  const tty = runCliOnTty(args([]));
  const onTty = await tty.done;
  assert.equal(onTty.code, 0, onTty.stdout);
  assert.match(onTty.stdout, /replay .*rec\.ndjson: \d+ updates sent, \d+%/);
  assert.match(onTty.stdout, /replayed \d+ updates, 0 refused/);

  const piped = await runCli(args([]));
  assert.equal(piped.code, 0, piped.stderr);
  assert.equal(piped.stderr, '');
  assert.match(piped.stdout, /^replayed \d+ updates, 0 refused\n$/);
});

test('replay with a wrong token names the URL, the refusal and where the token is', async () => {
  const r = await runCli(['replay', recording, '--url', target.url, '--token', 'wrong-token']);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    new RegExp(
      `^linecast: Command failed: ${target.url}/v1/ingest refused the token \\(401 .*\\); pass the server's <data-dir>/ingest-token with --token`,
    ),
  );
});

test('tail and snapshot with an unknown league end with the id and the closest known one', async () => {
  const flags = ['--url', target.url, '--key', target.key, '--league', 'NBA'];
  const snap = await runCli(['snapshot', ...flags]);
  assert.equal(snap.code, 1);
  assert.match(
    snap.stderr,
    /^linecast: Command failed: .*\/v1\/snapshot answered 400: .*unknown league "NBA"; did you mean nba\?.*\[LC_ERR_CLI_FAILED\]\n$/,
  );
  const tail = await runCli(['tail', ...flags]);
  assert.equal(tail.code, 1);
  const last = tail.stderr.trim().split('\n').at(-1)!;
  assert.match(
    last,
    /refused the subscription: LC_ERR_PROTOCOL_UNKNOWN_FILTER_ID: .*did you mean nba\?/,
  );
});
