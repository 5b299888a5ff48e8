// `linecast replay FILE --url URL --token T [--speed N] [--batch N]`: posts a recording to ingest.
import { LinecastError } from '../errors/catalogue.js';
import type { IngestItem } from '../sources/ingest/schema.js';
import { replayFile } from '../sources/replay.js';

function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i !== -1) return argv[i + 1];
  return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

export async function replayCommand(argv: string[]): Promise<number> {
  const file = argv[0];
  const url = flag(argv, 'url') ?? 'http://127.0.0.1:8080';
  const token = flag(argv, 'token') ?? process.env['LINECAST_INGEST_TOKEN'];
  const speed = Number(flag(argv, 'speed') ?? '1');
  const batchSize = Number(flag(argv, 'batch') ?? '500');
  if (!file || file.startsWith('--'))
    throw new LinecastError('LC_ERR_CONFIG_INVALID', 'replay needs a FILE');
  if (!token)
    throw new LinecastError(
      'LC_ERR_CONFIG_INVALID',
      'replay needs --token (or LINECAST_INGEST_TOKEN)',
    );
  if (!(speed > 0)) throw new LinecastError('LC_ERR_CONFIG_INVALID', '--speed must be > 0');
  const send = async (items: IngestItem[]) => {
    const res = await fetch(`${url}/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(items),
    });
    // 422 means some items were refused (e.g. quotes of events the recording never announced);
    // the valid ones were applied, so the replay goes on and reports the count.
    if (res.status === 422) rejected += ((await res.json()) as { rejected: number }).rejected;
    else if (res.status !== 200)
      throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
  };
  let rejected = 0;
  const sent = await replayFile(file, { speed, batchSize, send });
  process.stdout.write(`replayed ${sent} updates, ${rejected} refused\n`);
  return 0;
}
