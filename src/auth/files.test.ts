// keys.json and credits.json are validated when read: a bad file at start is one coded error
// naming the file and the bad key; a bad rewrite while running keeps the last good keys.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pino } from 'pino';
import type { Plan } from '../seam/core.js';
import { readOrCreateSecret } from '../secrets.js';
import { CreditLedger, MAX_TOP_UP } from './credits.js';
import { KeyStore } from './keys.js';
import { tokenMatches } from './tokens.js';

function withDir(run: (dir: string) => void | Promise<void>) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linecast-files-'));
    try {
      await run(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

/** Writes a file with an mtime of its own, so a reload sees it changed whatever the clock. */
let stamp = 1_700_000_000;
function rewrite(path: string, text: string): void {
  writeFileSync(path, text);
  stamp += 10;
  utimesSync(path, stamp, stamp);
}

test(
  'a bad keys.json at start is LC_ERR_DATA_FILE_INVALID naming the file and the key',
  withDir((dir) => {
    const file = join(dir, 'keys.json');
    writeFileSync(
      file,
      JSON.stringify([{ id: 'a', hash: 'nope', plan: 'pro', account: 'a', createdAt: '' }]),
    );
    assert.throws(
      () => new KeyStore(dir),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, 'LC_ERR_DATA_FILE_INVALID');
        assert.ok(e.message.includes(file), e.message);
        assert.ok(e.message.includes('[0].hash'), e.message);
        return true;
      },
    );
    rewrite(file, '{"truncated": ');
    assert.throws(() => new KeyStore(dir), /keys\.json: .*JSON/);
  }),
);

test(
  'keys.json rewritten with garbage while running: reported once, the last good keys stay',
  withDir((dir) => {
    const reports: string[] = [];
    const keys = new KeyStore(dir, (e) => reports.push(e.message));
    const { key } = keys.create('pro');
    const file = join(dir, 'keys.json');
    for (const garbage of ['{not json', '[{"id": 1}]', '{"a": 1}', '']) {
      rewrite(file, garbage);
      keys.poll();
      keys.poll();
      assert.equal(keys.lookup(key).status, 'ok', `after ${JSON.stringify(garbage)}`);
    }
    assert.equal(reports.length, 4, 'each bad version is reported once');
    assert.ok(reports.every((r) => r.includes(file)));
    // Fixed on disk: the new content is used.
    mkdirSync(join(dir, 'other'));
    const other = new KeyStore(join(dir, 'other'));
    const made = other.create('free');
    rewrite(file, JSON.stringify(other.list()));
    keys.poll();
    assert.equal(keys.lookup(key).status, 'unknown');
    assert.equal(keys.lookup(made.key).status, 'ok');
  }),
);

const plans = (name: string): Plan | undefined =>
  name === 'metered'
    ? { name, dialects: ['*'], maxConnections: 1, tiers: {}, metered: true, credits: 100 }
    : undefined;

test(
  'credits.json: a non-numeric or negative balance is refused at start, naming file and key',
  withDir((dir) => {
    const file = join(dir, 'credits.json');
    for (const [content, key] of [
      ['{"k1": "lots"}', '.k1'],
      ['{"k1": 5, "k2": -3}', '.k2'],
      ['{"k1": 1e400}', '.k1'],
      ['[1, 2]', '(root)'],
    ] as const) {
      rewrite(file, content);
      assert.throws(
        () => new CreditLedger(dir, plans),
        (e: Error & { code?: string }) =>
          e.code === 'LC_ERR_DATA_FILE_INVALID' && e.message.includes(`${file}: ${key}`),
        content,
      );
    }
  }),
);

test(
  'top-ups are whole numbers within ±MAX_TOP_UP and never take a balance below 0',
  withDir((dir) => {
    const ledger = new CreditLedger(dir, plans);
    assert.equal(ledger.topUp('k', 'metered', 50), 150);
    assert.equal(ledger.topUp('k', 'metered', -150), 0);
    for (const bad of [-1, MAX_TOP_UP + 1, 0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => ledger.topUp('k', 'metered', bad), { code: 'LC_ERR_REQUEST_BAD_BODY' });
    }
    assert.equal(ledger.peek('k', 'metered'), 0);
    assert.equal(new CreditLedger(dir, plans).peek('k', 'metered'), 0, 'stored as it is');
  }),
);

test(
  'linecast serve over a bad keys.json exits with one line naming the file and the key',
  withDir((dir) => {
    writeFileSync(join(dir, 'keys.json'), '[{"id": "x"}]');
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'serve',
        '--data-dir',
        dir,
        '--port',
        '0',
        '--sim-rate',
        '0',
      ],
      { encoding: 'utf8' },
    );
    assert.equal(run.status, 1);
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 1, run.stderr);
    assert.match(
      lines[0]!,
      /^linecast: Invalid data file: .*keys\.json: \[0\]\.hash: .*\[LC_ERR_DATA_FILE_INVALID\]$/,
    );
  }),
);

test(
  'a token file that is empty or short is refused at start; an empty token never matches',
  withDir((dir) => {
    const log = pino({ level: 'silent' });
    for (const content of ['', '\n', 'short', 'has a space in it somewhere']) {
      writeFileSync(join(dir, 'ingest-token'), content);
      assert.throws(
        () => readOrCreateSecret(dir, 'ingest-token', log),
        (e: Error & { code?: string }) =>
          e.code === 'LC_ERR_DATA_FILE_INVALID' && e.message.includes('ingest-token'),
      );
    }
    assert.equal(tokenMatches('', ''), false);
    assert.equal(tokenMatches('0123456789abcdef', '0123456789abcdef'), true);
    rmSync(join(dir, 'ingest-token'));
    assert.equal(readOrCreateSecret(dir, 'ingest-token', log).length, 32, 'a new one is made');
  }),
);

test(
  'a timed credits flush that fails is reported and retried, never thrown from the timer',
  withDir(async (dir) => {
    const errors: string[] = [];
    const ledger = new CreditLedger(dir, plans, {
      flushMs: 5,
      onFlushError: (e) => errors.push(e.message),
    });
    // The temp file's path is taken by a directory: every write fails, whoever runs the test.
    mkdirSync(join(dir, 'credits.json.tmp'));
    const principal = { keyId: 'k', account: 'a', plan: 'metered' };
    assert.ok(ledger.charge(principal, 10));
    while (errors.length < 2) await new Promise((r) => setTimeout(r, 5));
    rmSync(join(dir, 'credits.json.tmp'), { recursive: true });
    while (!existsSync(join(dir, 'credits.json'))) await new Promise((r) => setTimeout(r, 5));
    assert.equal(new CreditLedger(dir, plans).peek('k', 'metered'), 90);
  }),
);
