// `linecast serve` with fan-out workers as a real process tree: SIGTERM closes the workers'
// connections with a going-away close, the workers exit, and so does the server, by itself.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { WebSocket } from 'ws';
import { serve } from '../testing/child-server.js';

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
  const server = await serve(
    dir,
    { shutdownGraceMs: 600_000, fanout: { workers: 2 } },
    { signal: t.signal },
  );
  // Both workers ready: the stream below is a worker's.
  await server.printed(
    (lines) => lines.filter((l) => l.msg === 'fan-out worker ready').length >= 2,
  );
  const workers = workersOf(server.child.pid!);
  assert.equal(workers.length, 2, server.tail());

  const key = readFileSync(join(dir, 'demo-key'), 'utf8').trim();
  const stream = new WebSocket(`${server.url.replace('http://', 'ws://')}/v1/stream?key=${key}`);
  await once(stream, 'message');
  const closed = once(stream, 'close') as Promise<[number, Buffer]>;
  const { code, signal } = await server.stop('SIGTERM');
  assert.equal(signal, null, `exited by itself, not killed:\n${server.tail()}`);
  assert.equal(code, 0, server.tail());
  for (const pid of workers) assert.equal(alive(pid), false, `worker ${pid} exited`);
  await server.printed((lines) => lines.some((l) => l.msg === 'stopped'));
  const [closeCode, reason] = await closed;
  assert.equal(closeCode, 1001, 'the worker told its client the server is going away');
  assert.equal(reason.toString(), 'LC_ERR_SERVER_SHUTDOWN');
});
