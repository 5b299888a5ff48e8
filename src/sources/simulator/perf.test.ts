import assert from 'node:assert/strict';
import { cpuUsage } from 'node:process';
import { test } from 'node:test';
import { defaultCatalogDir, loadCatalog } from '../../catalog/load.js';
import { Simulator } from './simulator.js';

const catalog = loadCatalog(defaultCatalogDir());
const T0 = Date.UTC(2026, 10, 21, 17, 0, 0);

test('generating 50,000 updates costs well under a second of CPU', () => {
  const s = new Simulator({ catalog, seed: 1, rate: 50_000, clock: () => T0, now: T0 });
  for (let i = 0; i < 40; i++) s.tick(25); // past the initial board and JIT warm-up
  const before = cpuUsage();
  let n = 0;
  for (let i = 0; i < 200; i++) n += s.tick(25).length;
  const used = cpuUsage(before);
  const ms = (used.user + used.system) / 1000;
  const perSecond = Math.round((n / ms) * 1000);
  console.log(`simulator: ${n} updates in ${ms.toFixed(0)} ms CPU = ${perSecond} updates/s`);
  assert.ok(n >= 240_000, `${n} updates`);
  assert.ok((ms * 50_000) / n < 500, `${ms} ms for ${n} updates`);
});
