// `linecast keys create --plan NAME [--account A] | list | revoke ID`, on the data directory's key store.
import { KeyStore } from '../auth/keys.js';
import { loadConfig } from '../config/load.js';
import { LinecastError } from '../errors/catalogue.js';

function take(argv: string[], name: string): { value?: string; rest: string[] } {
  const i = argv.indexOf(`--${name}`);
  if (i === -1) return { rest: argv };
  const value = argv[i + 1];
  if (value === undefined)
    throw new LinecastError('LC_ERR_CONFIG_INVALID', `--${name} needs a value`);
  return { value, rest: argv.filter((_, j) => j !== i && j !== i + 1) };
}

export async function keysCommand(argv: string[]): Promise<number> {
  const [action, ...args] = argv;
  const plan = take(args, 'plan');
  const account = take(plan.rest, 'account');
  // The remaining flags (--data-dir, --config) resolve the data directory like `serve` does.
  const config = loadConfig(
    action === 'revoke' ? account.rest.slice(1) : account.rest,
    process.env,
  );
  const store = new KeyStore(config.dataDir);
  if (action === 'create') {
    if (!plan.value)
      throw new LinecastError('LC_ERR_CONFIG_INVALID', 'keys create needs --plan NAME');
    if (!config.auth.plans[plan.value]) {
      const known = Object.keys(config.auth.plans).join(', ');
      throw new LinecastError(
        'LC_ERR_CONFIG_INVALID',
        `unknown plan "${plan.value}" (plans: ${known})`,
      );
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
  if (action === 'revoke') {
    const id = account.rest[0];
    if (!id) throw new LinecastError('LC_ERR_CONFIG_INVALID', 'keys revoke needs a key id');
    if (!store.revoke(id)) throw new LinecastError('LC_ERR_CONFIG_INVALID', `no active key ${id}`);
    process.stdout.write(`revoked ${id}\n`);
    return 0;
  }
  throw new LinecastError(
    'LC_ERR_CONFIG_INVALID',
    'usage: linecast keys create --plan NAME | list | revoke ID',
  );
}
