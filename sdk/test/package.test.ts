// The built package imports by its name from its own folder, in plain Node, with no dependency.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { promisify } from 'node:util';

test('package: @linecast/sdk imports from sdk/ (built by npm run build, which npm ci runs)', async () => {
  assert.ok(existsSync('sdk/dist/sdk/src/index.js'), 'sdk/dist missing: run `npm run build`');
  const pkg = JSON.parse(readFileSync('sdk/package.json', 'utf8')) as Record<string, unknown>;
  assert.equal(pkg['dependencies'], undefined, 'the SDK has no runtime dependency');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "const m = await import('@linecast/sdk'); console.log(Object.keys(m).sort().join(','))",
    ],
    { cwd: 'sdk' },
  );
  const names = stdout.trim().split(',');
  for (const name of ['connect', 'Client', 'backoffDelay', 'transition', 'Book', 'parsePosition'])
    assert.ok(names.includes(name), `${name} in ${stdout}`);
  assert.ok(existsSync('sdk/dist/sdk/src/index.d.ts'), 'type declarations are built');
});
