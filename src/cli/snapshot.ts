// `linecast snapshot`: the current book of a filter, as a table (or JSON with --json).
import type { Quote } from '../model/types.js';
import { clientArgs } from './client-args.js';
import { failed } from './failure.js';
import { bookTable } from './odds-table.js';

const PARAMS = [
  ['sports', 'sport'],
  ['leagues', 'league'],
  ['events', 'event'],
  ['markets', 'market'],
  ['periods', 'period'],
  ['books', 'book'],
] as const;

/** The message of a coded error body, else the start of the body. */
function errorMessage(body: string): string {
  try {
    return (JSON.parse(body) as { error: { message: string } }).error.message;
  } catch {
    return body.slice(0, 200);
  }
}

export async function snapshotCommand(argv: string[]): Promise<number> {
  const args = clientArgs(argv, process.env, process.stdout.isTTY === true);
  const q = new URLSearchParams();
  for (const [field, param] of PARAMS) {
    const list = args.filter[field];
    if (list) q.set(param, list.join(','));
  }
  if (args.filter.mainOnly) q.set('main', 'true');
  if (args.filter.inPlay) q.set('inPlay', 'true');
  const base = args.url.replace(/^ws/, 'http').replace(/\/$/, '');
  // The key is needed where /v1 REST is keyed (dialects.native.restAccess).
  const headers: Record<string, string> = args.key ? { authorization: `Bearer ${args.key}` } : {};
  const target = `${base}/v1/snapshot`;
  let res: Response;
  try {
    res = await fetch(`${target}?${q}`, { headers });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    throw failed(`cannot reach ${target} (${cause}); is the server running? set --url`);
  }
  const text = await res.text();
  if (res.status !== 200) {
    throw failed(`${target} answered ${res.status}: ${errorMessage(text)}`);
  }
  if (argv.includes('--json')) {
    process.stdout.write(`${text}\n`);
    return 0;
  }
  const body = JSON.parse(text) as { quotes: Quote[]; position: { epoch: string; seq: number } };
  process.stdout.write(`${bookTable(body.quotes)}\n`);
  process.stderr.write(
    `${body.quotes.length} quotes at ${body.position.epoch}:${body.position.seq}\n`,
  );
  return 0;
}
