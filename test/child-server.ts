// The real server as a child process (so it can be SIGKILLed), and the HTTP calls tests make to it.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const TOKEN = 'crash-test-token';

export interface ChildServer {
  child: ChildProcess;
  url: string;
  /** Every listener's URL by name (`main`, `polymarket`, ...). */
  urls: Record<string, string>;
  /** The log lines it printed, parsed. */
  lines: { msg?: string; [field: string]: unknown }[];
  /** Sends `signal` and resolves once the process is gone. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

/** Starts `linecast serve` on `dataDir`; `config` (a config file's content) is written beside it. */
export function serve(dataDir: string, config: object = {}): Promise<ChildServer> {
  const file = join(dataDir, '..', `${dataDir.split('/').at(-1)}.config.json`);
  writeFileSync(file, JSON.stringify(config));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'serve',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--sim-rate',
      '0',
      '--ingest-token',
      TOKEN,
      '--config',
      file,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    const printed: ChildServer['lines'] = [];
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const rec = JSON.parse(line) as { msg?: string; url?: string; urls?: Record<string, string> };
      printed.push(rec);
      if (rec.msg === 'ready' && rec.url) {
        resolve({ child, url: rec.url, urls: rec.urls ?? {}, lines: printed, stop });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before ready`)));
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
