// The only reader of config files, environment and flags: defaults < file < env < flags.
import { readFileSync } from 'node:fs';
import { closest } from '../catalog/closest.js';
import { LinecastError } from '../errors/catalogue.js';
import { migrate } from './deprecated.js';
import { type Config, configSchema, OPTIONS, type OptionDef } from './schema.js';

type Tree = Record<string, unknown>;

function setPath(tree: Tree, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = tree;
  for (const p of parts.slice(0, -1)) {
    const next = node[p];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) node = next as Tree;
    else {
      const created: Tree = {};
      node[p] = created;
      node = created;
    }
  }
  node[parts.at(-1)!] = value;
}

function coerce(def: OptionDef, raw: string, origin: string): unknown {
  if (def.kind === 'string') return raw;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) {
    throw new LinecastError('LC_ERR_CONFIG_INVALID', `${origin}: expected a number, got "${raw}"`);
  }
  return n;
}

/** `" (did you mean --x?)"` when a known flag is one or two edits away. */
function nearFlag(name: string): string {
  const near = closest(
    name,
    OPTIONS.map((o) => o.flag),
    1,
  );
  return near.length > 0 ? ` (did you mean --${near[0]}?)` : '';
}

/** Splits `--name value` / `--name=value` pairs; unknown flags are errors. */
export function parseFlags(argv: readonly string[]): Map<OptionDef, string> {
  const out = new Map<OptionDef, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      throw new LinecastError(
        'LC_ERR_CLI_USAGE',
        `unexpected argument "${arg}"; settings are --name value (linecast help)`,
      );
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (name === 'config') {
      i += eq === -1 ? 1 : 0;
      continue;
    }
    const def = OPTIONS.find((o) => o.flag === name);
    if (!def) {
      throw new LinecastError(
        'LC_ERR_CLI_USAGE',
        `unknown flag --${name}${nearFlag(name)}; the flags are in docs/configuration.md`,
      );
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined) {
      throw new LinecastError('LC_ERR_CLI_USAGE', `--${name} needs a value`);
    }
    out.set(def, value);
  }
  return out;
}

function configFileFrom(argv: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--config') return argv[i + 1];
    if (arg.startsWith('--config=')) return arg.slice('--config='.length);
  }
  return env['LINECAST_CONFIG'] || undefined;
}

function readFile(path: string): Tree {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new LinecastError(
      'LC_ERR_CONFIG_INVALID',
      `cannot read ${path}: ${(e as Error).message}`,
    );
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error('not an object');
    }
    return parsed as Tree;
  } catch (e) {
    throw new LinecastError(
      'LC_ERR_CONFIG_INVALID',
      `${path} is not a JSON object: ${(e as Error).message}`,
    );
  }
}

/**
 * Builds and validates the configuration once; errors name the offending key. Deprecated keys
 * still work; `warn` hears about each one used.
 */
export function loadConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  overrides: Tree = {},
  warn: (message: string) => void = () => {},
): Config {
  const file = configFileFrom(argv, env);
  const tree: Tree = file ? readFile(file) : {};
  for (const def of OPTIONS) {
    const raw = env[def.env];
    if (raw !== undefined && raw !== '') setPath(tree, def.path, coerce(def, raw, def.env));
  }
  for (const [def, raw] of parseFlags(argv)) {
    setPath(tree, def.path, coerce(def, raw, `--${def.flag}`));
  }
  for (const [k, v] of Object.entries(overrides)) setPath(tree, k, v);
  for (const w of migrate(tree)) warn(w);
  const result = configSchema.safeParse(tree);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = issue.path.join('.') || '(root)';
    const where = file ? ` (from ${file}, env or flags)` : '';
    throw new LinecastError('LC_ERR_CONFIG_INVALID', `${key}: ${issue.message}${where}`);
  }
  return result.data;
}
