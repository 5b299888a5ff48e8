// Runs the CLI as a person does: a child process, piped (as a script sees it) or on a pseudo
// terminal (util-linux `script`), so TTY-dependent behaviour is tested for real.
import { spawn } from 'node:child_process';
import { type Ran, type Running, runChild } from './child.js';

const CLI = [process.execPath, '--import', 'tsx', 'src/cli/main.ts'];

/** `linecast ARGS` with stdout and stderr piped. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return runChild(CLI[0]!, [...CLI.slice(1), ...args], env).done;
}

/**
 * `linecast ARGS` piped, left running; `stop` sends it SIGTERM (a graceful stop). The backstop
 * kill is far off: a server under test may run for the whole of a slow test.
 */
export function startCli(args: string[], env: Record<string, string> = {}): Running {
  return runChild(CLI[0]!, [...CLI.slice(1), ...args], env, 600_000);
}

const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * `linecast ARGS` on a pseudo terminal: stdin, stdout and stderr are one TTY, and everything it
 * prints comes back on `stdout()`. The session has its own process group, so `stop` ends only it.
 */
export function runCliOnTty(args: string[], env: Record<string, string> = {}): Running {
  const command = `exec ${[...CLI, ...args].map(quote).join(' ')}`;
  const child = spawn('script', ['-qefc', command, '/dev/null'], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const done = new Promise<Ran>((resolve) => {
    child.once('close', (code) => resolve({ code, stdout: out, stderr: '' }));
  });
  return {
    stdout: () => out,
    done,
    stop: () => {
      if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    },
  };
}

/** Resolves once `pred` holds on what the run printed; polls, since output arrives in pieces. */
export async function untilPrinted(run: Running, pred: (out: string) => boolean): Promise<string> {
  let ended = false;
  void run.done.then(() => {
    ended = true;
  });
  while (!pred(run.stdout())) {
    if (ended) throw new Error(`the command ended without printing it:\n${run.stdout()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return run.stdout();
}
