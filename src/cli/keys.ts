// `linecast keys create --plan NAME [--account A] [--signed] | list | revoke ID`, on the data
// directory's key store. A signing key (Polymarket US style: `--signed`, or a plan that lists only
// the polymarket dialect) is an Ed25519 key pair: the secret is printed once, only the public key
// is stored.
import { mkdirSync } from 'node:fs';
import { KeyStore, signingPair } from '../auth/keys.js';
import { loadConfig } from '../config/load.js';
import { failed, usage } from './failure.js';

function take(argv: string[], name: string): { value?: string; rest: string[] } {
  const i = argv.indexOf(`--${name}`);
  if (i === -1) return { rest: argv };
  const value = argv[i + 1];
  if (value === undefined) throw usage(`--${name} needs a value`);
  return { value, rest: argv.filter((_, j) => j !== i && j !== i + 1) };
}

const configured = (flags: string[]) =>
  flags.some((f) => f === '--config' || f.startsWith('--config=')) ||
  Boolean(process.env['LINECAST_CONFIG']);

const ACTIONS = ['create', 'list', 'revoke'];

export async function keysCommand(argv: string[]): Promise<number> {
  const [action, ...args] = argv;
  if (action === undefined || !ACTIONS.includes(action)) {
    const what =
      action === undefined || action.startsWith('--')
        ? 'keys needs an action'
        : `unknown keys action "${action}"`;
    throw usage(`${what}: linecast keys create --plan NAME [--signed] | list | revoke ID`);
  }
  const plan = take(args, 'plan');
  const account = take(plan.rest, 'account');
  const signed = account.rest.includes('--signed');
  const rest = account.rest.filter((a) => a !== '--signed');
  // The remaining flags (--data-dir, --config, LINECAST_CONFIG) resolve the data directory and
  // the plans like `serve` does.
  const flags = action === 'revoke' ? rest.slice(1) : rest;
  const config = loadConfig(flags, process.env);
  const store = new KeyStore(config.dataDir);
  if (action === 'create') {
    const known = Object.keys(config.auth.plans).join(', ');
    if (!plan.value) throw usage(`keys create needs --plan NAME (plans: ${known})`);
    const planConfig = config.auth.plans[plan.value];
    if (!planConfig) {
      // Plans of a config file are only known when the command reads that file too.
      const from = configured(flags)
        ? ''
        : '; a plan from a config file needs --config FILE (or LINECAST_CONFIG), as for serve';
      throw usage(`unknown plan "${plan.value}" (plans: ${known})${from}`);
    }
    // A first key may come before the first start.
    mkdirSync(config.dataDir, { recursive: true });
    if (signed || planConfig.dialects.every((d) => d.split(':')[0] === 'polymarket')) {
      const pair = signingPair();
      const record = store.createSigned(plan.value, pair.publicKey, account.value);
      process.stdout.write(
        `created signing key on plan ${record.plan} (account ${record.account}); the secret is shown once\n` +
          `key id: ${record.id}\nsecret: ${pair.secret}\n`,
      );
      return 0;
    }
    const { key, record } = store.create(plan.value, account.value);
    process.stdout.write(
      `created key ${record.id} on plan ${record.plan} (account ${record.account})\n${key}\n`,
    );
    return 0;
  }
  if (action === 'list') {
    for (const r of store.list()) {
      process.stdout.write(
        `${r.id}\t${r.plan}\t${r.account}\t${r.createdAt}\t${r.revokedAt ? `revoked ${r.revokedAt}` : 'active'}\n`,
      );
    }
    return 0;
  }
  // revoke
  const id = rest[0];
  if (!id) throw usage('keys revoke needs a key id (linecast keys list shows them)');
  if (!store.revoke(id))
    throw failed(`no active key ${id} in ${config.dataDir} (linecast keys list shows them)`);
  process.stdout.write(`revoked ${id}\n`);
  return 0;
}
