// Every child the harness starts goes through `Children`, which remembers its pid and kills
// it by that pid at the end, on SIGINT and on errors. Also the /proc readers for a pid.
import { type ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** CPU lists (taskset syntax) for the server under test and for everything that loads it. */
export interface Pinning {
  server: string;
  load: string;
}

/**
 * Server on CPU 0, load clients and publisher on the others, when `taskset` exists and there is
 * more than one CPU (`BENCH_PIN=0` turns it off). Null: nothing is pinned.
 */
export function pinning(): Pinning | null {
  const cpus = availableParallelism();
  if (process.env['BENCH_PIN'] === '0' || cpus < 2) return null;
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
  } catch {
    return null;
  }
  return { server: '0', load: cpus === 2 ? '1' : `1-${cpus - 1}` };
}

export class Children {
  private readonly live = new Map<number, ChildProcess>();

  constructor(readonly pin: Pinning | null = null) {}

  /** A server under test: pinned from its first instruction, so its threads inherit it. */
  spawn(command: string, args: string[], env: Record<string, string> = {}): ChildProcess {
    const [cmd, argv] = this.pin
      ? ['taskset', ['-c', this.pin.server, command, ...args]]
      : [command, args];
    const child = spawn(cmd, argv, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    return this.track(child);
  }

  /** A load process (client, publisher): kept off the server's CPU. */
  fork(modulePath: string, args: string[] = []): ChildProcess {
    const child = this.track(
      fork(modulePath, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    );
    if (this.pin) {
      try {
        execFileSync('taskset', ['-a', '-p', '-c', this.pin.load, String(child.pid)], {
          stdio: 'ignore',
        });
      } catch {
        // It may already have exited; its own error surfaces elsewhere.
      }
    }
    return child;
  }

  private track(child: ChildProcess): ChildProcess {
    const pid = child.pid;
    if (pid === undefined) throw new Error('child process failed to start');
    this.live.set(pid, child);
    child.once('exit', () => this.live.delete(pid));
    child.on('error', () => {});
    return child;
  }

  pids(): number[] {
    return [...this.live.keys()];
  }

  /** SIGTERM each child by pid, SIGKILL whatever is left after `graceMs`. */
  async kill(child: ChildProcess, graceMs = 2000): Promise<void> {
    const pid = child.pid;
    if (pid === undefined || !this.live.has(pid)) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    signal(pid, 'SIGTERM');
    const timer = setTimeout(() => signal(pid, 'SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  async killAll(): Promise<void> {
    await Promise.all([...this.live.values()].map((c) => this.kill(c)));
  }

  /** Last resort from a synchronous exit path. */
  killAllNow(): void {
    for (const pid of this.live.keys()) signal(pid, 'SIGKILL');
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

let clockTicks = 0;
function ticksPerSecond(): number {
  if (clockTicks === 0) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** utime + stime from a /proc/<pid>/stat line, in clock ticks. */
export function parseStatTicks(stat: string): number {
  // The command name may hold spaces and parentheses; fields restart after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
  return Number(fields[11]) + Number(fields[12]);
}

/** VmRSS from /proc/<pid>/status, in bytes. */
export function parseRssBytes(status: string): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}

export function cpuMicros(pid: number): number {
  return (parseStatTicks(readFileSync(`/proc/${pid}/stat`, 'utf8')) * 1e6) / ticksPerSecond();
}

/**
 * CPU time of the process and every live descendant (a server's fan-out worker processes), in
 * µs: /proc's own child counters only count children that exited and were waited for.
 */
export function treeCpuMicros(pid: number): number {
  return sumOverTree(pid, cpuMicros);
}

/** RSS of the process and every live descendant (fan-out workers), in bytes. */
export function treeRssBytes(pid: number): number {
  return sumOverTree(pid, rssBytes);
}

/** `read` of `pid` and of each live descendant, summed; one that exits meanwhile counts 0. */
function sumOverTree(pid: number, read: (pid: number) => number): number {
  let total = 0;
  for (const p of withDescendants(pid)) {
    try {
      total += read(p);
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

/** `pid` and its live descendants, from /proc. */
function withDescendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch {
      // exited meanwhile
    }
  }
  const out: number[] = [];
  const visit = [pid];
  while (visit.length > 0) {
    const p = visit.pop()!;
    out.push(p);
    visit.push(...(children.get(p) ?? []));
  }
  return out;
}

/** CPU time of the process's main thread alone (its task id is the pid), in µs: worker threads excluded. */
export function mainThreadCpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
  return (parseStatTicks(stat) * 1e6) / ticksPerSecond();
}

export function rssBytes(pid: number): number {
  return parseRssBytes(readFileSync(`/proc/${pid}/status`, 'utf8'));
}
