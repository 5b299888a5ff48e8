// `linecast <command>`: serve (default), replay, keys, tail, snapshot, history.
import { describe, EXIT, exitCodeOf } from './failure.js';
import { historyCommand } from './history.js';
import { keysCommand } from './keys.js';
import { replayCommand } from './replay.js';
import { serveCommand } from './serve.js';
import { snapshotCommand } from './snapshot.js';
import { tailCommand } from './tail.js';

const commands: Record<string, (argv: string[]) => Promise<number>> = {
  serve: serveCommand,
  replay: replayCommand,
  keys: keysCommand,
  tail: tailCommand,
  snapshot: snapshotCommand,
  history: historyCommand,
};

const HELP = `Usage: linecast <command> [flags]

Commands:
  serve     Start the server (default). Flags: --port --host --data-dir --config --seed --sim-rate
            --history-url --ingest-token --log-level --log-format --record FILE.
            See docs/configuration.md.
  replay    Replay a recorded NDJSON Change file through a server's ingest.
            linecast replay FILE --url http://127.0.0.1:8080 --token T [--speed 1] [--batch 500]
  keys      Manage API keys (stored hashed in <data-dir>/keys.json).
            linecast keys create --plan NAME [--account A] [--data-dir DIR]   (key on the last line)
            linecast keys list [--data-dir DIR]
            linecast keys revoke ID [--data-dir DIR]
            (plans from a config file: add --config FILE, or set LINECAST_CONFIG, as for serve)
  tail      Every price change, live, a line each (NDJSON with --json or when piped); resumes
            across server restarts. linecast tail [--url URL] [--key KEY] [--sport --league
            --event --market --period --book (comma lists)] [--main] [--in-play] [--json]
            (LINECAST_URL, LINECAST_KEY; default: the local server and <data-dir>/demo-key)
  snapshot  The current book as a table (a row per selection, a column per book); same flags.
  history   Export retained history (docs/history.md#export): linecast history export
            [--format ndjson|csv] [--from T] [--to T] (ISO 8601 or epoch ms; to exclusive)
            [--sport --league --event --market --book (comma lists)] [--out FILE]
            [--data-dir DIR | --history-url URL]; progress on stderr when it is a terminal.

Exit codes: 0 done, 1 failed (unreachable, refused, unreadable), 2 wrong command line or
configuration, 3 serve could not take its port. Details: docs/cli.md.
`;

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  const name = first === undefined || first.startsWith('--') ? 'serve' : first;
  const args = name === first ? rest : argv;
  const command = commands[name];
  if (!command) {
    process.stderr.write(
      `linecast: unknown command "${name}"; commands: ${Object.keys(commands).join(', ')} (linecast help) [LC_ERR_CLI_USAGE]\n`,
    );
    return EXIT.usage;
  }
  return command(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${describe(e, process.env['LINECAST_DEBUG'] === '1')}\n`);
    process.exitCode = exitCodeOf(e);
  },
);
