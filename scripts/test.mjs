// Runs every *.test.ts under src/, bench/, test/ and sdk/ with Node's own test runner.
// Node 20 cannot glob test files itself, so the list is built here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { preflight } from './preflight.mjs';

function find(dir, out) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = [
  ...find('src', []),
  ...find('bench', []),
  ...find('test', []),
  ...find('sdk/src', []),
  ...find('sdk/test', []),
]
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
const problems = preflight();
if (problems.length > 0) {
  console.error(`missing before any test can run: ${problems.join('; ')}`);
  process.exit(1);
}
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
