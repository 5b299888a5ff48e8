// Flags shared by `tail` and `snapshot`: where the server is, which key, which filter.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LinecastError } from '../errors/catalogue.js';
import type { Filter } from '../model/types.js';

export interface ClientArgs {
  url: string;
  key: string | undefined;
  filter: Filter;
  json: boolean;
}

function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i !== -1) {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--'))
      throw new LinecastError('LC_ERR_CONFIG_INVALID', `--${name} needs a value`);
    return v;
  }
  return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

const LISTS = [
  ['sport', 'sports'],
  ['league', 'leagues'],
  ['event', 'events'],
  ['market', 'markets'],
  ['period', 'periods'],
  ['book', 'books'],
] as const;

/** `--url`, `--key` (else LINECAST_URL, LINECAST_KEY, else the local server and its demo key). */
export function clientArgs(argv: string[], env: NodeJS.ProcessEnv, isTty: boolean): ClientArgs {
  const url = flag(argv, 'url') ?? env['LINECAST_URL'] ?? 'http://127.0.0.1:8080';
  let key = flag(argv, 'key') ?? env['LINECAST_KEY'];
  if (key === undefined) {
    const dir = flag(argv, 'data-dir') ?? env['LINECAST_DATA_DIR'] ?? 'data';
    try {
      key = readFileSync(join(dir, 'demo-key'), 'utf8').trim();
    } catch {
      key = undefined;
    }
  }
  const filter: Filter = {};
  for (const [name, field] of LISTS) {
    const v = flag(argv, name);
    if (v)
      filter[field] = v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
  }
  if (argv.includes('--main')) filter.mainOnly = true;
  if (argv.includes('--in-play')) filter.inPlay = true;
  return { url, key, filter, json: argv.includes('--json') || !isTty };
}
