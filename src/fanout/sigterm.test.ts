// `linecast serve` with fan-out workers as a real process tree: SIGTERM closes the workers'
// connections with a going-away close, the workers exit, and so does the server, by itself.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { WebSocket } from 'ws';

const MAIN = new URL('../cli/main.ts', import.meta.url).pathname;

/** Fan-out workers whose parent is `pid` (from /proc; tsx's esbuild is a child too). */
function workersOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command may hold spaces and parentheses: fields restart after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (ppid === pid && cmd.includes('fanout/worker')) out.push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// The test's timeout is a backstop against a server that never exits, not a time budget.
test('serve with fan-out workers exits on SIGTERM; workers close their clients and exit', {
  timeout: 300_000,
}, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'linecast-fanout-sigterm-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ shutdownGraceMs: 600_000, fanout: { workers: 2 } }));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      MAIN,
      'serve',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--data-dir',
      dir,
      '--sim-rate',
      '0',
      '--log-level',
      'info',
      '--config',
      config,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  t.after(() => child.kill('SIGKILL'));
  let out = '';
  const seen = (re: RegExp) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (re.test(out)) resolve();
      };
      child.stdout.on('data', check);
      child.stderr.on('data', check);
      check();
    });
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  await seen(/"msg":"ready"/);
  const line = out.split('\n').find((l) => l.includes('"msg":"ready"'))!;
  const url = (JSON.parse(line) as { url: string }).url.replace('http://', 'ws://');
  // Both workers ready: the stream below is a worker's.
  await new Promise<void>((resolve) => {
    const check = () => {
      if ((out.match(/fan-out worker ready/g) ?? []).length >= 2) resolve();
    };
    child.stdout.on('data', check);
    check();
  });
  const workers = workersOf(child.pid!);
  assert.equal(workers.length, 2, out.slice(-2000));

  const key = readFileSync(join(dir, 'demo-key'), 'utf8').trim();
  const stream = new WebSocket(`${url}/v1/stream?key=${key}`);
  await once(stream, 'message');
  const closed = once(stream, 'close') as Promise<[number, Buffer]>;
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  child.kill('SIGTERM');
  const [code, signal] = await exited;
  assert.equal(signal, null, `exited by itself, not killed:\n${out.slice(-2000)}`);
  assert.equal(code, 0, out.slice(-2000));
  assert.match(out, /"msg":"stopped"/);
  const [closeCode, reason] = await closed;
  assert.equal(closeCode, 1001, 'the worker told its client the server is going away');
  assert.equal(reason.toString(), 'LC_ERR_SERVER_SHUTDOWN');
  for (const pid of workers) assert.equal(alive(pid), false, `worker ${pid} exited`);
});
