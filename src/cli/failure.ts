// How a CLI failure reaches a person: one line with the cause and the fix, never a stack trace
// (LINECAST_DEBUG=1 adds it), and an exit code a script can branch on (docs/cli.md).
import { LinecastError } from '../errors/catalogue.js';

export const EXIT = {
  ok: 0,
  /** The command could not finish: server unreachable, file unreadable, refused. */
  failed: 1,
  /** The command line or the configuration is wrong; nothing was done. */
  usage: 2,
  /** `serve` could not take its port or its data directory; nothing was changed. */
  listen: 3,
} as const;

/** A wrong command line; the detail says what to type instead. */
export function usage(detail: string): LinecastError {
  return new LinecastError('LC_ERR_CLI_USAGE', `${detail} (linecast help)`);
}

/** A command that could not finish; the detail names what it tried and why it failed. */
export function failed(detail: string): LinecastError {
  return new LinecastError('LC_ERR_CLI_FAILED', detail);
}

export function exitCodeOf(e: unknown): number {
  if (!(e instanceof LinecastError)) return EXIT.failed;
  if (e.code === 'LC_ERR_CLI_USAGE' || e.code === 'LC_ERR_CONFIG_INVALID') return EXIT.usage;
  if (e.code === 'LC_ERR_SERVER_LISTEN' || e.code === 'LC_ERR_DATA_DIR_IN_USE') return EXIT.listen;
  return EXIT.failed;
}

/** The line printed for a failure; `debug` appends the stack of an unexpected one. */
export function describe(e: unknown, debug: boolean): string {
  if (e instanceof LinecastError) return `linecast: ${e.message} [${e.code}]`;
  const err = e instanceof Error ? e : new Error(String(e));
  if (debug) return `linecast: ${err.stack ?? err.message}`;
  return `linecast: unexpected error: ${err.message} (LINECAST_DEBUG=1 prints where)`;
}
