// `linecast keys create --plan NAME [--account A] [--signed] | list | revoke ID`, on the data
// directory's key store. A signing key (Polymarket US style: `--signed`, or a plan that lists only
// the polymarket dialect) is an Ed25519 key pair: the secret is printed once, only the public key
// is stored.
import { KeyStore, signingPair } from '../auth/keys.js';
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
  const signed = account.rest.includes('--signed');
  const rest = account.rest.filter((a) => a !== '--signed');
  // The remaining flags (--data-dir, --config) resolve the data directory like `serve` does.
  const config = loadConfig(action === 'revoke' ? rest.slice(1) : rest, process.env);
  const store = new KeyStore(config.dataDir);
  if (action === 'create') {
    if (!plan.value)
      throw new LinecastError('LC_ERR_CONFIG_INVALID', 'keys create needs --plan NAME');
    const planConfig = config.auth.plans[plan.value];
    if (!planConfig) {
      const known = Object.keys(config.auth.plans).join(', ');
      throw new LinecastError(
        'LC_ERR_CONFIG_INVALID',
        `unknown plan "${plan.value}" (plans: ${known})`,
      );
    }
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
  if (action === 'revoke') {
    const id = rest[0];
    if (!id) throw new LinecastError('LC_ERR_CONFIG_INVALID', 'keys revoke needs a key id');
    if (!store.revoke(id)) throw new LinecastError('LC_ERR_CONFIG_INVALID', `no active key ${id}`);
    process.stdout.write(`revoked ${id}\n`);
    return 0;
  }
  throw new LinecastError(
    'LC_ERR_CONFIG_INVALID',
    'usage: linecast keys create --plan NAME [--account A] [--signed] | list | revoke ID',
  );
}
