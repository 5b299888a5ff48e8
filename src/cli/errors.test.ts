// Every CLI failure is one line with the cause and the fix, and an exit code scripts can rely on
// (docs/cli.md). Run as child processes, as a person or a script runs them.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Ran } from '../testing/child.js';
import { runCli } from '../testing/cli.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'linecast-cli-errors-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** One line on stderr, no stack trace, the expected exit code; returns the line. */
function oneLine(r: Ran, code: number): string {
  assert.equal(r.code, code, `exit code; stderr: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got:\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /^\s+at /m);
  assert.match(lines[0]!, /^linecast: /);
  return lines[0]!;
}

test('a busy port: one line naming the port and the fix, exit 3, and no file in the data directory', async () => {
  const busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  const port = (busy.address() as { port: number }).port;
  const data = join(dir, 'never-started');
  try {
    const r = await runCli(['serve', '--port', String(port), '--data-dir', data]);
    const line = oneLine(r, 3);
    assert.match(line, new RegExp(`127\\.0\\.0\\.1:${port} is in use`));
    assert.match(line, /--port/);
    assert.match(line, /LC_ERR_SERVER_LISTEN/);
    assert.equal(existsSync(data), false, 'the data directory of a server that never started');
  } finally {
    busy.close();
  }
});

test('usage errors say "Invalid command line", name the fix and exit 2', async () => {
  const typo = oneLine(await runCli(['serve', '--prot', '9']), 2);
  assert.match(typo, /Invalid command line: unknown flag --prot \(did you mean --port\?\)/);
  assert.doesNotMatch(typo, /Invalid configuration/);
  const noPlan = oneLine(await runCli(['keys', 'create', '--data-dir', dir]), 2);
  assert.match(noPlan, /Invalid command line: keys create needs --plan NAME \(plans: .*free/);
  const noAction = oneLine(await runCli(['keys', '--data-dir', dir]), 2);
  assert.match(
    noAction,
    /keys needs an action: linecast keys create --plan NAME \[--signed\] \| list/,
  );
  const command = oneLine(await runCli(['serv']), 2);
  assert.match(command, /unknown command "serv"; commands: serve, replay/);
});

test('a bad config value is an "Invalid configuration" naming the key, exit 2', async () => {
  const file = join(dir, 'bad.json');
  writeFileSync(file, JSON.stringify({ port: 'eighty' }));
  const line = oneLine(await runCli(['serve', '--config', file]), 2);
  assert.match(line, /Invalid configuration: port: .*bad\.json/);
});

test('keys create with a plan from a config file says it needs --config, and works with it', async () => {
  const file = join(dir, 'plans.json');
  const gold = { dialects: ['*'], maxConnections: 3, tiers: {}, metered: false, credits: 0 };
  writeFileSync(
    file,
    JSON.stringify({ dataDir: join(dir, 'plans-data'), auth: { plans: { gold } } }),
  );
  const without = oneLine(await runCli(['keys', 'create', '--plan', 'gold', '--data-dir', dir]), 2);
  assert.match(
    without,
    /unknown plan "gold" \(plans: .*\); a plan from a config file needs --config FILE/,
  );
  const withConfig = await runCli(['keys', 'create', '--plan', 'gold', '--config', file]);
  assert.equal(withConfig.code, 0, withConfig.stderr);
  assert.match(withConfig.stdout, /on plan gold/);
  const viaEnv = await runCli(['keys', 'create', '--plan', 'gold'], { LINECAST_CONFIG: file });
  assert.equal(viaEnv.code, 0, viaEnv.stderr);
});

test('replay failures name the file or the URL and the cause, exit 1', async () => {
  const missing = oneLine(await runCli(['replay', join(dir, 'nope.ndjson'), '--token', 't']), 1);
  assert.match(missing, /cannot read .*nope\.ndjson \(ENOENT\); check the path/);

  const file = join(dir, 'one.ndjson');
  const after = {
    id: 'e1',
    sport: 'basketball',
    league: 'nba',
    home: { id: 'nba-bos', name: 'Boston Celtics' },
    away: { id: 'nba-lal', name: 'Los Angeles Lakers' },
    startsAt: Date.UTC(2030, 0, 1),
    status: 'scheduled',
  };
  writeFileSync(file, `${JSON.stringify({ epoch: 'e', seq: 1, at: 1, kind: 'event', after })}\n`);
  // A port nothing listens on: bound and closed again.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as { port: number }).port;
  await new Promise((r) => probe.close(r));
  const url = `http://127.0.0.1:${port}`;
  const down = oneLine(await runCli(['replay', file, '--url', url, '--token', 't']), 1);
  assert.match(
    down,
    new RegExp(
      `cannot reach ${url}/v1/ingest \\(ECONNREFUSED\\); is the server running\\? set --url`,
    ),
  );

  const notJson = join(dir, 'bad.ndjson');
  writeFileSync(notJson, 'hello\n');
  const bad = oneLine(await runCli(['replay', notJson, '--url', url, '--token', 't']), 1);
  assert.match(
    bad,
    /bad\.ndjson: line 1 is not JSON; is it a recording made with serve --record\?/,
  );

  const noToken = oneLine(await runCli(['replay', file], { LINECAST_INGEST_TOKEN: '' }), 2);
  assert.match(noToken, /replay needs --token T .*ingest-token/);
});
