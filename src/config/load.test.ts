import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from './load.js';

const file = (obj: unknown) => {
  const path = join(mkdtempSync(join(tmpdir(), 'linecast-cfg-')), 'c.json');
  writeFileSync(path, typeof obj === 'string' ? obj : JSON.stringify(obj));
  return path;
};

test('defaults < file < environment < flags', () => {
  const path = file({ port: 1000, simulator: { seed: 5, rate: 10 }, history: { batchSize: 50 } });
  const c = loadConfig(['--config', path, '--port=3000'], {
    LINECAST_PORT: '2000',
    LINECAST_SEED: '9',
  });
  assert.equal(c.port, 3000);
  assert.equal(c.simulator.seed, 9);
  assert.equal(c.simulator.rate, 10);
  assert.equal(c.history.batchSize, 50);
  assert.equal(c.host, '127.0.0.1');
});

test('a wrong command line is a usage error, not a configuration error', () => {
  for (const [argv, message] of [
    [['--nope', '1'], /unknown flag --nope/],
    [['--prot', '1'], /unknown flag --prot \(did you mean --port\?\)/],
    [['--port'], /--port needs a value/],
    [['serve'], /unexpected argument "serve"/],
  ] as const) {
    assert.throws(
      () => loadConfig(argv, {}),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, 'LC_ERR_CLI_USAGE');
        assert.match(e.message, message);
        return true;
      },
    );
  }
});

test('every bad input names what is wrong', () => {
  const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
    [['--port', 'abc'], {}, /--port: expected a number/],
    [[], { LINECAST_SIM_RATE: 'fast' }, /LINECAST_SIM_RATE: expected a number/],
    [['--config', file({ history: { batchSize: 0 } })], {}, /history\.batchSize/],
    [['--config', file({ stream: { colour: 'red' } })], {}, /colour/],
    [['--config', file('{not json')], {}, /not a JSON object/],
    [['--config', '/does/not/exist.json'], {}, /cannot read/],
    [['--config', file({ tls: { cert: 'a.pem' } })], {}, /tls: set both cert and key/],
  ];
  for (const [argv, env, message] of cases) {
    assert.throws(
      () => loadConfig(argv, env),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, 'LC_ERR_CONFIG_INVALID');
        assert.match(e.message, message);
        return true;
      },
    );
  }
});

test('a bad config file stops `linecast serve` with exit code 2 and the key in the message', () => {
  const path = file({ port: 'eighty' });
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--config', path],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^linecast: Invalid configuration: port: .*\[LC_ERR_CONFIG_INVALID\]\n$/);
});
