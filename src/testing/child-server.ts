// The real server as a child process (so it can be SIGKILLed, or sent SIGTERM and watched
// exit), and the HTTP calls tests make to it. Every wait is on something the child does (a
// line it prints, its exit), never on a time: a loaded machine is slow, not broken.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const TOKEN = 'crash-test-token';

const MAIN = new URL('../cli/main.ts', import.meta.url).pathname;
/** Lines kept for a failure's message. */
const TAIL_LINES = 40;

export type PrintedLine = { msg?: string; [field: string]: unknown };

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildServer {
  child: ChildProcess;
  url: string;
  /** Every listener's URL by name (`main`, `polymarket`, ...). */
  urls: Record<string, string>;
  /** The log lines it printed, parsed. */
  lines: PrintedLine[];
  /** Resolves once `pred` holds over the lines printed so far; rejects if the child exits first. */
  printed(pred: (lines: readonly PrintedLine[]) => boolean): Promise<void>;
  /** The last lines it printed, stdout and stderr, for an assertion's message. */
  tail(): string;
  /** Sends `signal` (if it still runs) and resolves with how the process ended. */
  stop(signal: NodeJS.Signals): Promise<Exit>;
}

export interface ServeOptions {
  /** Kills the child (SIGKILL) when aborted: pass the test's `t.signal` as a backstop. */
  signal?: AbortSignal;
}

/** Starts `linecast serve` on `dataDir`; `config` (a config file's content) is written into it. */
export function serve(
  dataDir: string,
  config: object = {},
  opts: ServeOptions = {},
): Promise<ChildServer> {
  // Inside the data directory, so removing that after the test leaves nothing behind.
  const file = join(dataDir, 'test-config.json');
  writeFileSync(file, JSON.stringify(config));
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
      dataDir,
      '--sim-rate',
      '0',
      '--ingest-token',
      TOKEN,
      '--log-level',
      'info',
      '--config',
      file,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(opts.signal ? { signal: opts.signal, killSignal: 'SIGKILL' as const } : {}),
    },
  );
  const recent: string[] = [];
  const keep = (line: string) => {
    recent.push(line);
    if (recent.length > TAIL_LINES) recent.shift();
  };
  const tail = () => recent.join('\n');
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  // An aborted backstop kills the child; the exit is what the waits below hear of it.
  child.on('error', () => {});
  const stop = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };

  const printedLines: PrintedLine[] = [];
  type Wait = {
    pred: (lines: readonly PrintedLine[]) => boolean;
    resolve(): void;
    reject(e: Error): void;
  };
  let waits: Wait[] = [];
  // Waits end with the output, not the exit: lines may still be in the pipe at the exit, and
  // fan-out workers write to it too.
  let ended = false;
  const unmet = () => new Error(`server output ended first:\n${tail()}`);
  const printed = (pred: Wait['pred']) => {
    if (pred(printedLines)) return Promise.resolve();
    if (ended) return Promise.reject(unmet());
    return new Promise<void>((resolve, reject) => waits.push({ pred, resolve, reject }));
  };
  createInterface({ input: child.stderr! }).on('line', keep);
  const out = createInterface({ input: child.stdout! });
  out.on('close', () => {
    ended = true;
    for (const w of waits) w.reject(unmet());
    waits = [];
  });

  return new Promise((resolve, reject) => {
    out.on('line', (line) => {
      keep(line);
      const rec = JSON.parse(line) as PrintedLine & { url?: string; urls?: Record<string, string> };
      printedLines.push(rec);
      waits = waits.filter((w) => {
        if (!w.pred(printedLines)) return true;
        w.resolve();
        return false;
      });
      if (rec.msg === 'ready' && rec.url) {
        resolve({
          child,
          url: rec.url,
          urls: rec.urls ?? {},
          lines: printedLines,
          printed,
          tail,
          stop,
        });
      }
    });
    exited.then((e) =>
      reject(
        new Error(
          `server ${e.signal ? `killed by ${e.signal}` : `exited with ${e.code}`} before ready:\n${tail()}`,
        ),
      ),
    );
  });
}

export async function ingest(url: string, items: unknown[]): Promise<number> {
  const res = await fetch(`${url}/v1/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(items),
  });
  await res.arrayBuffer();
  return res.status;
}
