// `linecast history export`: retained Changes as NDJSON or CSV, to stdout or a file, with
// progress on stderr when it is a terminal.
import { once } from 'node:events';
import { createWriteStream, openSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { loadConfig } from '../config/load.js';
import { LinecastError } from '../errors/catalogue.js';
import {
  CSV_HEADER,
  type ExportFilter,
  type ExportFormat,
  type ExportProgress,
  exportChanges,
  formatChange,
} from '../history/export.js';
import { openHistoryReader } from '../history/read-only.js';

const USAGE =
  'linecast history export [--format ndjson|csv] [--from T] [--to T] [--sport --league --event --market --book (comma lists)] [--out FILE] [--data-dir DIR | --history-url URL]';

const usage = (why: string) =>
  new LinecastError('LC_ERR_CONFIG_INVALID', `${why}. Usage: ${USAGE}`);

const OWN = ['format', 'from', 'to', 'sport', 'league', 'event', 'market', 'book', 'out'] as const;
type Own = (typeof OWN)[number];

/** Takes this command's flags out of argv; what is left (--data-dir, --config...) is config. */
function split(argv: string[]): { own: Partial<Record<Own, string>>; rest: string[] } {
  const own: Partial<Record<Own, string>> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = (eq === -1 ? arg.slice(2) : arg.slice(2, eq)) as Own;
    if (!arg.startsWith('--') || !OWN.includes(name)) {
      rest.push(arg);
      continue;
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '' || value.startsWith('--'))
      throw usage(`--${name} needs a value`);
    own[name] = value;
  }
  return { own, rest };
}

/** ISO 8601 (`2026-11-30T02:00:00Z`, `2026-11-30`) or epoch milliseconds. */
export function parseTime(flag: string, s: string): number {
  const ms = /^\d+$/.test(s)
    ? Number(s)
    : /^\d{4}-\d{2}-\d{2}/.test(s)
      ? Date.parse(s)
      : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw usage(
      `--${flag} "${s}" is not a time: use ISO 8601 (2026-11-30T02:00:00Z) or epoch milliseconds`,
    );
  }
  return ms;
}

const list = (v: string | undefined) =>
  v
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

export function exportArgs(own: Partial<Record<Own, string>>): {
  format: ExportFormat;
  filter: ExportFilter;
  out: string | undefined;
} {
  const format = own.format ?? 'ndjson';
  if (format !== 'ndjson' && format !== 'csv') {
    throw usage(`--format "${format}" is not known: use ndjson or csv`);
  }
  const filter: ExportFilter = {};
  const set = <K extends keyof ExportFilter>(k: K, v: ExportFilter[K] | undefined) => {
    if (v !== undefined) filter[k] = v;
  };
  set('sports', list(own.sport));
  set('leagues', list(own.league));
  set('events', list(own.event));
  set('markets', list(own.market));
  set('books', list(own.book));
  if (own.from !== undefined) filter.from = parseTime('from', own.from);
  if (own.to !== undefined) filter.to = parseTime('to', own.to);
  if (filter.from !== undefined && filter.to !== undefined && filter.to <= filter.from) {
    throw usage(`--to must be after --from`);
  }
  return { format, filter, out: own.out };
}

export function progressLine(p: ExportProgress): string {
  const pct = p.total === 0 ? 100 : Math.floor((p.scanned / p.total) * 100);
  return `exported ${p.written.toLocaleString('en')} Changes (${pct}% of ${p.total.toLocaleString('en')} scanned)`;
}

function output(out: string | undefined): Writable {
  if (out === undefined) return process.stdout;
  let fd: number;
  try {
    fd = openSync(out, 'w');
  } catch (err) {
    throw new LinecastError(
      'LC_ERR_CONFIG_INVALID',
      `cannot write ${out} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): check the directory exists and is writable`,
    );
  }
  return createWriteStream('', { fd });
}

export async function historyCommand(argv: string[]): Promise<number> {
  const [action, ...args] = argv;
  if (action !== 'export') throw usage(`unknown history command "${action ?? ''}"`);
  const { own, rest } = split(args);
  const { format, filter, out } = exportArgs(own);
  const config = loadConfig(rest, process.env);
  const sink = output(out);
  const reader = await openHistoryReader(config).catch((err: unknown) => {
    if (sink !== process.stdout) sink.destroy();
    throw err;
  });
  const tty = process.stderr.isTTY === true;
  let shown = 0;
  const onPage = (p: ExportProgress) => {
    const now = Date.now();
    if (!tty || now - shown < 200) return;
    shown = now;
    process.stderr.write(`\r${progressLine(p)}`);
  };
  let last: ExportProgress = { written: 0, scanned: 0, total: 0 };
  try {
    let buf = format === 'csv' ? `${CSV_HEADER}\n` : '';
    const flush = async () => {
      if (buf === '') return;
      const ok = sink.write(buf);
      buf = '';
      if (!ok) await once(sink, 'drain');
    };
    for await (const c of exportChanges(reader.read, filter, 5_000, (p) => {
      last = p;
      onPage(p);
    })) {
      buf += `${formatChange(c, format)}\n`;
      if (buf.length >= 64 * 1024) await flush();
    }
    await flush();
  } finally {
    await reader.close();
    if (sink !== process.stdout) {
      await new Promise<void>((resolve) => sink.end(resolve));
    }
  }
  if (tty) process.stderr.write(`\r${progressLine(last)}${out ? ` to ${out}` : ''}\n`);
  return 0;
}
