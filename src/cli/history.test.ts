// `linecast history export` as a user runs it: a child process over a data directory.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CSV_HEADER, formatChange } from '../history/export.js';
import { PgHistoryStore } from '../history/pg.js';
import { SqliteHistoryStore } from '../history/sqlite.js';
import { EVENT, key, Stream } from '../history/testing/fixtures.js';
import { pgRole } from '../history/testing/pg-role.js';
import type { Change } from '../model/types.js';
import { runChild } from '../testing/child.js';

const T0 = Date.parse('2026-11-30T00:00:00Z');
const E2 = 'nba-2026-11-21-e2';

const cli = (args: string[]) =>
  runChild(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args]).done;

/** Two events, three books, a soccer row, a minute apart each. */
function fixture(epoch: string): Change[] {
  const s = new Stream(epoch);
  s.event(1, 'scheduled', T0);
  s.quote(key(), 1.9, T0 + 60_000);
  s.quote(key({ book: 'betmgm' }), 1.7, T0 + 120_000);
  s.quote(key({ market: 'total', selection: 'over', line: 221.5 }), 1.87, T0 + 180_000);
  s.event(1, 'live', T0 + 240_000);
  s.quote(key(), null, T0 + 300_000);
  s.quote(key({ event: E2, book: 'draftkings' }), 2.2, T0 + 360_000);
  const epl = s.quote(key({ event: 'epl-1', book: 'betmgm' }), 2.5, T0 + 420_000);
  Object.assign(epl, { sport: 'soccer', league: 'epl' });
  return s.changes;
}

let dir = '';
let changes: Change[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'linecast-export-'));
  const store = new SqliteHistoryStore({ dataDir: dir, synchronous: 'normal' });
  const { epoch } = await store.open();
  changes = fixture(epoch);
  store.append(changes);
  await store.close();
});

after(() => rmSync(dir, { recursive: true, force: true }));

const ndjson = (out: string) =>
  out
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Change);

test('export writes every retained Change as NDJSON, equal to what was stored; no progress when piped', async () => {
  const r = await cli(['history', 'export', '--data-dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(ndjson(r.stdout), changes);
  assert.equal(r.stderr, '', 'stderr is not a terminal: no progress');
});

test('CSV with a time range (from inclusive, to exclusive) and a book filter', async () => {
  const r = await cli([
    'history',
    'export',
    '--format',
    'csv',
    '--from',
    new Date(T0 + 60_000).toISOString(),
    '--to',
    String(T0 + 420_000),
    '--book',
    'fanduel,draftkings',
    '--data-dir',
    dir,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines[0], CSV_HEADER);
  const want = changes.filter(
    (c) =>
      c.kind === 'quote' &&
      ['fanduel', 'draftkings'].includes(c.key.book) &&
      c.at >= T0 + 60_000 &&
      c.at < T0 + 420_000,
  );
  assert.deepEqual(
    lines.slice(1),
    want.map((c) => formatChange(c, 'csv')),
  );
  assert.equal(want.length, 4);
  assert.match(lines[1]!, /,moneyline,ft,fanduel,home,,1\.9,-200,open,false$/);
  assert.match(lines[3]!, /,moneyline,ft,fanduel,home,,,,suspended,true$/);
});

test('native filters: league and event (event Changes included), market, to a file with --out', async () => {
  const out = join(dir, 'out.ndjson');
  const r = await cli(['history', 'export', '--league', 'epl', '--data-dir', dir]);
  assert.deepEqual(
    ndjson(r.stdout).map((c) => c.seq),
    [changes.at(-1)!.seq],
  );
  const f = await cli(['history', 'export', '--event', EVENT, '--out', out, '--data-dir', dir]);
  assert.equal(f.code, 0, f.stderr);
  assert.equal(f.stdout, '');
  const byEvent = changes.filter((c) =>
    c.kind === 'event' ? c.after.id === EVENT : c.key.event === EVENT,
  );
  assert.deepEqual(ndjson(readFileSync(out, 'utf8')), byEvent);
  const m = await cli(['history', 'export', '--market', 'total', '--data-dir', dir]);
  assert.deepEqual(
    ndjson(m.stdout).map((c) => (c.kind === 'quote' ? c.key.market : c.kind)),
    ['total'],
  );
});

test('errors are one line with the cause and the fix, exit code 2', async () => {
  const cases: [string[], RegExp][] = [
    [['--format', 'xml'], /--format "xml" is not known: use ndjson or csv/],
    [['--from', 'yesterday'], /--from "yesterday" is not a time: use ISO 8601/],
    [['--from', '2026-11-30', '--to', '2026-11-29'], /--to must be after --from/],
    [['--data-dir', join(dir, 'nope')], /no history at .*nope.*history\.sqlite: pass --data-dir/],
    [['--out', join(dir, 'no', 'such', 'dir.csv')], /cannot write .*dir\.csv \(ENOENT\): check/],
  ];
  for (const [args, message] of cases) {
    const r = await cli(['history', 'export', '--data-dir', dir, ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test('progress is shown on stderr when it is a terminal', async () => {
  const out = join(dir, 'tty.ndjson');
  // A pseudo-terminal from Debian's python3: the child sees stderr as a TTY.
  const py = `import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
buf = b''
while True:
    try:
        d = os.read(fd, 4096)
    except OSError:
        break
    if not d:
        break
    buf += d
os.waitpid(pid, 0)
sys.stdout.write(buf.decode())`;
  const r = await runChild('/usr/bin/python3', [
    '-c',
    py,
    process.execPath,
    '--import',
    'tsx',
    'src/cli/main.ts',
    'history',
    'export',
    '--out',
    out,
    '--data-dir',
    dir,
  ]).done;
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout,
    new RegExp(`exported ${changes.length} Changes \\(100% of ${changes.length} scanned\\) to `),
  );
  assert.equal(ndjson(readFileSync(out, 'utf8')).length, changes.length);
});

test('export reads PostgreSQL by --history-url the same way', async () => {
  const role = await pgRole();
  try {
    const store = new PgHistoryStore({ url: role.url, schema: role.name });
    const { epoch } = await store.open();
    const pgChanges = fixture(epoch);
    store.append(pgChanges);
    await store.close();
    const r = await cli(['history', 'export', '--history-url', role.url, '--book', 'betmgm']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      ndjson(r.stdout),
      pgChanges.filter((c) => c.kind === 'quote' && c.key.book === 'betmgm'),
    );
  } finally {
    await role.dispose();
  }
});
