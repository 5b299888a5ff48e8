// Waiting on a child's IPC messages with a timeout.
import type { ChildProcess } from 'node:child_process';

export function waitFor<T>(
  child: ChildProcess,
  match: (msg: unknown) => msg is T,
  timeoutMs: number,
  what: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: unknown): void => {
      if (!match(msg)) return;
      cleanup();
      resolve(msg);
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`${what}: child ${child.pid} exited (${code})`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${what}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
