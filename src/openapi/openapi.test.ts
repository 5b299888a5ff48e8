// docs/openapi.yaml is the document the server serves, and it describes exactly the REST routes
// the server registers outside the vendor dialects. `GOLDEN_UPDATE=1` rewrites the file from the
// code (src/openapi/document.ts); review the diff before committing it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../testing/app.js';
import { openapiDocument } from './document.js';
import { toYaml } from './yaml.js';

const FILE = new URL('../../docs/openapi.yaml', import.meta.url);

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

const METHODS = ['get', 'post', 'put', 'delete'];

test('the document describes every core, admin, ingest and native route, and nothing else', () => {
  // Vendor routes on the main listener; a dialect on its own listener (Polymarket US) may reuse a
  // native path there, and its routes are not this document's.
  const main = t.app.surfaces.find((s) => s.dialect === 'native')?.base;
  const vendor = new Set(
    t.app.surfaces
      .filter((s) => s.dialect !== 'native' && s.base === main)
      .flatMap((s) => s.rest.map((r) => `${r.method} ${r.path}`)),
  );
  const served = t.app
    .routes()
    .filter((r) => r.listener === 'main')
    .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
    .filter((r) => !vendor.has(r.replace(/\{(\w+)\}/g, ':$1')))
    .sort();
  const paths = openapiDocument()['paths'] as Record<string, Record<string, unknown>>;
  const documented = Object.entries(paths)
    .flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => METHODS.includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    )
    .sort();
  assert.deepEqual(documented, served);
  assert.ok(served.includes('GET /v1/snapshot') && served.includes('POST /admin/keys'));
});

test('docs/openapi.yaml is the document', () => {
  const yaml = toYaml(openapiDocument());
  if (process.env['GOLDEN_UPDATE'] === '1') writeFileSync(FILE, yaml);
  assert.equal(readFileSync(FILE, 'utf8'), yaml, 'run with GOLDEN_UPDATE=1 and review the diff');
});

test('the server serves it as JSON and as YAML that a YAML reader (PyYAML) reads back equal', async () => {
  const asJson = (await (await fetch(`${t.url}/openapi.json`)).json()) as Record<string, unknown>;
  assert.equal(asJson['openapi'], '3.1.0');
  assert.deepEqual(asJson, JSON.parse(JSON.stringify(openapiDocument())));
  const res = await fetch(`${t.url}/openapi.yaml`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/yaml/);
  const read = spawnSync(
    '/usr/bin/python3',
    ['-c', 'import json,sys,yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'],
    { input: await res.text(), encoding: 'utf8' },
  );
  assert.equal(read.status, 0, read.stderr);
  assert.deepEqual(JSON.parse(read.stdout), asJson);
  const asyncapi = await fetch(`${t.url}/asyncapi.yaml`);
  assert.equal(asyncapi.status, 200);
  assert.match(await asyncapi.text(), /^asyncapi: /m);
});

test('every operation has a success answer; admin and ingest name their credential', () => {
  const doc = openapiDocument();
  const paths = doc['paths'] as Record<string, Record<string, Record<string, unknown>>>;
  for (const [path, ops] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const responses = op['responses'] as Record<string, { content?: object }>;
      assert.ok(
        Object.keys(responses).some((s) => s.startsWith('2')),
        `${method} ${path}`,
      );
      const secured = path.startsWith('/admin') || path === '/v1/ingest';
      if (secured) assert.ok(op['security'], `${method} ${path} names its credential`);
    }
  }
});
