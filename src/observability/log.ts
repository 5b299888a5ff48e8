// The server's logger: pino JSON for pipes, files and collectors; readable lines on a terminal.
import { type Logger, pino } from 'pino';
import { logRedaction } from '../auth/redact.js';
import { prettyDestination } from './pretty-log.js';

export type LogFormat = 'auto' | 'json' | 'pretty';

export function createLogger(
  level: string,
  format: LogFormat,
  out: { isTTY?: boolean; write(s: string): unknown } = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): Logger {
  const pretty = format === 'pretty' || (format === 'auto' && out.isTTY === true);
  if (!pretty) return pino({ level, ...logRedaction });
  // https://no-color.org: any value turns colour off.
  const colour = out.isTTY === true && !env['NO_COLOR'];
  return pino({ level, ...logRedaction }, prettyDestination(out, colour));
}
