// `linecast replay FILE --url URL --token T [--speed N] [--batch N]`: posts a recording to ingest.
import { statSync } from 'node:fs';
import type { IngestItem } from '../sources/ingest/schema.js';
import { replayFile } from '../sources/replay.js';
import { failed, usage } from './failure.js';
import { progress } from './progress.js';

function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i !== -1) {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw usage(`--${name} needs a value`);
    return v;
  }
  return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

/** Why a request never got an answer, from fetch's cause (ECONNREFUSED, ENOTFOUND, ...). */
function unreachable(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (e as Error).message;
}

export async function replayCommand(argv: string[]): Promise<number> {
  const file = argv[0];
  const url = (flag(argv, 'url') ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  const token = flag(argv, 'token') ?? process.env['LINECAST_INGEST_TOKEN'];
  const speed = Number(flag(argv, 'speed') ?? '1');
  const batchSize = Number(flag(argv, 'batch') ?? '500');
  if (!file || file.startsWith('--')) throw usage('replay needs a FILE (an NDJSON recording)');
  if (!token)
    throw usage(
      "replay needs --token T (or LINECAST_INGEST_TOKEN): the server's ingest token, in <data-dir>/ingest-token",
    );
  if (!(speed > 0)) throw usage('--speed must be a number > 0 (1 = recorded pace)');
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw usage('--batch must be a whole number > 0');
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
    throw usage(`--url "${url}" is not an http(s) URL`);
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    throw failed(`cannot read ${file} (${(e as NodeJS.ErrnoException).code}); check the path`);
  }
  const target = `${url}/v1/ingest`;
  const send = async (items: IngestItem[]) => {
    let res: Response;
    try {
      res = await fetch(target, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(items),
      });
    } catch (e) {
      throw failed(`cannot reach ${target} (${unreachable(e)}); is the server running? set --url`);
    }
    // 422 means some items were refused (e.g. quotes of events the recording never announced);
    // the valid ones were applied, so the replay goes on and reports the count.
    if (res.status === 422) {
      rejected += ((await res.json()) as { rejected: number }).rejected;
      return;
    }
    if (res.status === 200) return;
    const body = await res.text();
    const reason = body.match(/"message":"([^"]*)"/)?.[1] ?? body.slice(0, 200);
    if (res.status === 401 || res.status === 403)
      throw failed(
        `${target} refused the token (${res.status} ${reason}); pass the server's <data-dir>/ingest-token with --token`,
      );
    throw failed(`${target} answered ${res.status} (${reason})`);
  };
  let rejected = 0;
  const bar = progress(process.stderr, `replay ${file}`);
  let sent: number;
  try {
    sent = await replayFile(file, {
      speed,
      batchSize,
      send,
      onProgress: (n, bytes) =>
        bar.update(`${n} updates sent, ${Math.floor((100 * bytes) / Math.max(1, size))}%`),
    });
  } catch (e) {
    if ((e as { code?: string }).code === 'LC_ERR_CLI_FAILED') throw e;
    throw failed(`${file}: ${(e as Error).message}; is it a recording made with serve --record?`);
  } finally {
    bar.done();
  }
  process.stdout.write(`replayed ${sent} updates, ${rejected} refused\n`);
  return 0;
}
