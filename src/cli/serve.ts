// `linecast serve`: run until SIGINT/SIGTERM, then shut down gracefully.
import { startApp } from '../app.js';
import { loadConfig } from '../config/load.js';
import { VERSION } from '../version.js';
import { banner } from './banner.js';
import { boundedClose } from './shutdown.js';

/** Pulls `--record FILE` out of the flags, since recording is an action, not a setting. */
function takeRecord(argv: string[]): { argv: string[]; record?: string } {
  const i = argv.findIndex((a) => a === '--record' || a.startsWith('--record='));
  if (i === -1) return { argv };
  const arg = argv[i]!;
  const record = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[i + 1];
  const rest = argv.filter((_, j) => j !== i && (arg.includes('=') || j !== i + 1));
  return record ? { argv: rest, record } : { argv: rest };
}

export async function serveCommand(rawArgv: string[]): Promise<number> {
  const { argv, record } = takeRecord(rawArgv);
  const config = loadConfig(argv, process.env, {}, (w) => console.error(`linecast: ${w}`));
  const app = await startApp(config, record ? { recordTo: record } : {});
  // A person at a terminal gets the links to open; logs (and pipes) never carry the key.
  if (process.stderr.isTTY) {
    const facts = {
      url: app.url,
      version: VERSION,
      demoKey: app.demoKey,
      demoKeyFile: app.demoKeyFile,
      dataDir: config.dataDir,
      surfaces: app.surfaces,
      ...(app.dashboardUrl ? { dashboardUrl: app.dashboardUrl } : {}),
    };
    process.stderr.write(banner(facts));
  }
  const closeApp = boundedClose(app.server, config.shutdownGraceMs);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await closeApp(() => app.close());
  return 0;
}
