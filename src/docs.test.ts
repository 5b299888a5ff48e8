// Docs are part of the feature: these keep the reference pages true to the code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { configSchema, OPTIONS } from './config/schema.js';
import { ERRORS } from './errors/catalogue.js';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

function leaves(obj: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) && k !== 'plans'
      ? leaves(v as Record<string, unknown>, `${prefix}${k}.`)
      : [[`${prefix}${k}`, v] as [string, unknown]],
  );
}

test('docs/configuration.md lists every setting with its default, flag and variable', () => {
  const doc = read('docs/configuration.md');
  for (const [key, value] of leaves(configSchema.parse({}))) {
    const row = doc.split('\n').find((l) => l.startsWith(`| \`${key}\` |`));
    assert.ok(row, `${key} is not documented`);
    if (typeof value === 'number' || (typeof value === 'string' && value !== '')) {
      assert.ok(row.includes(`\`${value}\``), `${key}: default ${value} not in "${row}"`);
    }
  }
  for (const o of OPTIONS) {
    assert.ok(
      doc.includes(`\`--${o.flag}\``) && doc.includes(`\`${o.env}\``),
      `${o.flag}/${o.env}`,
    );
  }
});

test('docs/errors.md and the error catalogue list the same codes, statuses and close codes', () => {
  const rows = read('docs/errors.md')
    .split('\n')
    .filter((l) => l.startsWith('| `LC_ERR_'))
    .map((l) => l.split('|').map((c) => c.trim()));
  const documented = new Map(
    rows.map((c) => [c[1]!.replaceAll('`', ''), [Number(c[3]), Number(c[4])]]),
  );
  assert.deepEqual([...documented.keys()].sort(), Object.keys(ERRORS).sort());
  for (const [code, def] of Object.entries(ERRORS)) {
    assert.deepEqual(documented.get(code), [def.status, def.close], code);
  }
});
