// Log lines a person reads at a terminal: time, level, message, then the fields as key=value.
// Pipes and files keep pino's JSON (one object a line) for log collectors.

const LEVELS: Record<number, [string, string]> = {
  10: ['TRACE', '90'],
  20: ['DEBUG', '36'],
  30: ['INFO ', '32'],
  40: ['WARN ', '33'],
  50: ['ERROR', '31'],
  60: ['FATAL', '35'],
};

const value = (v: unknown) => (typeof v === 'string' && !/\s/.test(v) ? v : JSON.stringify(v));

/** One pino JSON line as text; a line that is not JSON is passed through. */
export function prettyLine(json: string, colour: boolean): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const { level, time, msg, pid: _pid, hostname: _host, err, ...fields } = o;
  const [name, code] = LEVELS[level as number] ?? [String(level), '0'];
  const paint = (c: string, s: string) => (colour ? `\x1b[${c}m${s}\x1b[0m` : s);
  const clock = typeof time === 'number' ? new Date(time).toISOString().slice(11, 23) : '';
  const parts = [paint('2', clock), paint(code, name), String(msg ?? '')];
  for (const [k, v] of Object.entries(fields)) parts.push(`${paint('2', `${k}=`)}${value(v)}`);
  let line = parts.join(' ');
  if (err && typeof err === 'object') {
    const e = err as { message?: string; stack?: string };
    line += `\n    ${(e.stack ?? e.message ?? '').split('\n').join('\n    ')}`;
  }
  return `${line}\n`;
}

/** A pino destination that writes pretty lines to `out`. */
export function prettyDestination(
  out: { write(s: string): unknown },
  colour: boolean,
): { write(s: string): void } {
  return { write: (s) => void out.write(prettyLine(s, colour)) };
}
