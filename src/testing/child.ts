// Runs a vendor-style client (Node with its built-in WebSocket, /usr/bin/python3) as a child
// process, collecting what it prints. The kill is a backstop against a hung client, generous so
// a loaded machine is not mistaken for a failure.
import { spawn } from 'node:child_process';

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  /** What the child printed so far. */
  stdout(): string;
  done: Promise<Ran>;
  /** Sends SIGTERM (a graceful stop) if the child still runs. */
  stop(): void;
}

export function runChild(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
  killAfterMs = 120_000,
): Running {
  const child = spawn(cmd, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const timer = setTimeout(() => child.kill(), killAfterMs);
  const done = new Promise<Ran>((resolve) => {
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return {
    stdout: () => stdout,
    done,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
    },
  };
}
