import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonDepth } from './json-depth.js';

const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

test('depth counts brackets outside strings only, and stops early past the limit', () => {
  assert.equal(jsonDepth('{"a":[1,{"b":[]}]}', 32), 4);
  assert.equal(jsonDepth('"[[[[[["', 32), 0);
  assert.equal(jsonDepth('{"a":"\\"[[[["}', 32), 1);
  assert.equal(jsonDepth(nested(1_000_000), 32), 33);
  assert.equal(jsonDepth(']]]][', 32), 1);
});
