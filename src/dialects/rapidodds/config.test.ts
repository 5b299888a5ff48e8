// Settings: defaults as documented, per-sport refresh cycles matched like sport ids, and an
// unknown sport in them refused at start.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CatalogIndex } from '../../catalog/index.js';
import { defaultCatalogDir, loadCatalog } from '../../catalog/load.js';
import { rapidoddsConfigSchema } from './config.js';
import { refreshTable } from './index.js';
import { Vocab } from './vocab.js';

const vocab = new Vocab(new CatalogIndex(loadCatalog(defaultCatalogDir())));

test('defaults: 5 s cycles, no immediate push, 5 connections per key, 30 REST requests/s', () => {
  const c = rapidoddsConfigSchema.parse({});
  assert.equal(c.refreshMs, 5_000);
  assert.deepEqual(c.refreshMsBySport, {});
  assert.equal(c.immediatePush, false);
  assert.equal(c.maxConnectionsPerKey, 5);
  assert.equal(c.restRequestsPerSecond, 30);
  assert.throws(() => rapidoddsConfigSchema.parse({ refreshMs: 10 }));
  assert.throws(() => rapidoddsConfigSchema.parse({ refreshMsBySport: { NBA: 'fast' } }));
});

test('per-sport cycles are keyed by sport id, case-insensitively; others use refreshMs', () => {
  const c = rapidoddsConfigSchema.parse({ refreshMs: 4_000, refreshMsBySport: { nba: 1_000 } });
  const refresh = refreshTable(vocab, c);
  assert.equal(refresh('NBA'), 1_000);
  assert.equal(refresh('NHL'), 4_000);
});

test('an unknown sport in refreshMsBySport is a configuration error', () => {
  const c = rapidoddsConfigSchema.parse({ refreshMsBySport: { CURLING: 1_000 } });
  assert.throws(() => refreshTable(vocab, c), /LC_ERR_CONFIG_INVALID|unknown sport CURLING/);
});
