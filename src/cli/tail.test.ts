// `linecast tail` and `linecast snapshot` as a user runs them (child processes, piped stdout),
// against a real server that is killed and restarted mid-stream.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { startTestApp, type TestApp } from '../testing/app.js';
import { eventItems, quoteItems } from '../testing/feed.js';
import { Waiters } from '../testing/waiters.js';

const CLI = ['--import', 'tsx', 'src/cli/main.ts'];
const cleanup: (() => unknown)[] = [];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

async function app(dataDir?: string, port = 0): Promise<TestApp> {
  const a = await startTestApp({ port }, dataDir);
  cleanup.push(() => a.close().catch(() => undefined));
  return a;
}

class Lines {
  readonly lines: string[] = [];
  readonly errors: string[] = [];
  private readonly waiters = new Waiters();

  constructor(child: ChildProcess) {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const parts = buf.split('\n');
      buf = parts.pop()!;
      this.lines.push(...parts);
      this.waiters.wake();
    });
    child.stderr!.on('data', (d: Buffer) => {
      this.errors.push(d.toString());
      this.waiters.wake();
    });
  }

  json(): Record<string, unknown>[] {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  until(pred: () => boolean): Promise<void> {
    return this.waiters.until(pred, 20_000, () => `${this.lines.length} lines; ${this.errors}`);
  }
}

test('tail: NDJSON when piped, and no gap or duplicate across a server restart', async () => {
  let a = await app();
  const port = Number(new URL(a.url).port);
  await a.ingest(eventItems());
  await a.ingest(quoteItems(20, 1, 20));
  const child = spawn(process.execPath, [...CLI, 'tail', '--url', a.url, '--key', a.key], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanup.push(() => child.kill('SIGTERM'));
  const out = new Lines(child);
  await out.until(() => out.lines.length >= 1);
  const image = out.json()[0]!;
  assert.deepEqual([image['type'], image['cause'], image['quotes']], ['image', 'subscribe', 20]);
  const start = (image['position'] as { seq: number }).seq;

  await a.ingest(quoteItems(10, 2, 20));
  await out.until(() => out.lines.length >= 11);
  const dir = a.dataDir;
  await a.close({ keepData: true });
  a = await app(dir, port);
  await a.ingest(quoteItems(10, 3, 20));
  const head = a.app.state.position().seq;
  await out.until(() => out.json().some((l) => (l['position'] as { seq: number })?.seq === head));

  const changes = out.json().slice(1);
  assert.ok(changes.every((c) => c['type'] === 'quote'));
  const seqs = changes.map((c) => (c['position'] as { seq: number }).seq);
  assert.deepEqual(
    seqs,
    seqs.map((_, i) => start + 1 + i),
    'every Change once, in order',
  );
  assert.equal(seqs.at(-1), head);
  const first = changes[0]!;
  assert.deepEqual(Object.keys(first).sort(), [
    'after',
    'at',
    'before',
    'key',
    'league',
    'position',
    'sport',
    'type',
  ]);
  assert.match(out.errors.join(''), /disconnected \((server_shutdown|transport_closed)/);
  assert.match(out.errors.join(''), /connected \(welcome\)[\s\S]*connected \(welcome\)/);
});

test('snapshot: the book as a table, a column per book of the filter', async () => {
  const a = await app();
  await a.ingest(eventItems());
  await a.ingest(quoteItems(40, 1, 40));
  const run = promisify(execFile);
  const { stdout } = await run(process.execPath, [
    ...CLI,
    'snapshot',
    '--url',
    a.url,
    '--book',
    'pinnacle,fanduel',
    '--market',
    'moneyline',
  ]);
  const [header, ...rows] = stdout.trimEnd().split('\n');
  assert.deepEqual(header!.split(/\s+/), ['selection', 'fanduel', 'pinnacle']);
  const res = await fetch(`${a.url}/v1/snapshot?book=pinnacle,fanduel&market=moneyline`);
  const body = (await res.json()) as {
    quotes: { key: { event: string; selection: string } }[];
  };
  const selections = new Set(body.quotes.map((q) => `${q.key.event} ${q.key.selection}`));
  assert.equal(rows.length, selections.size);
  assert.ok(rows.length > 0);
  for (const row of rows) assert.match(row, /^\S+ {2}moneyline\/game {2}(home|away)\s+[-+]\d+ \(/);
});
