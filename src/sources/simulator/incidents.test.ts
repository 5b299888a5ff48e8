// In-play incidents and event-level suspensions as the simulator shows them on the event.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultCatalogDir, loadCatalog } from '../../catalog/load.js';
import type { SportEvent } from '../../model/types.js';
import { Simulator } from './simulator.js';

const catalog = loadCatalog(defaultCatalogDir());
// A Saturday in November: soccer, basketball, hockey and football in play.
const T0 = Date.UTC(2026, 10, 21, 17, 0, 0);

test('in play, events show numbered incidents of their sport and suspensions that end', () => {
  const s = new Simulator({
    catalog,
    seed: 3,
    rate: 5000,
    clock: () => T0,
    now: T0,
    speed: 60,
    books: ['pinnacle'],
  });
  const kinds = new Map<string, Set<string>>();
  const lastN = new Map<string, number>();
  const held = new Map<string, boolean>();
  let holds = 0;
  let releases = 0;
  const see = (e: SportEvent) => {
    const live = e.live;
    if (!live) return;
    if (live.incident) {
      const n = lastN.get(e.id) ?? 0;
      assert.ok(live.incident.n >= n, `${e.id}: incidents count up`);
      lastN.set(e.id, live.incident.n);
      const set = kinds.get(e.sport) ?? new Set();
      set.add(live.incident.kind);
      kinds.set(e.sport, set);
    }
    const was = held.get(e.id) ?? false;
    const now = live.suspended === true;
    if (now && !was) holds++;
    if (was && !now) releases++;
    held.set(e.id, now);
  };
  for (let i = 0; i < 2_400; i++) for (const u of s.tick(250)) if (u.kind === 'event') see(u.event);
  assert.ok(
    [...(kinds.get('soccer') ?? [])].every((k) =>
      ['yellow_card', 'red_card', 'injury', 'var'].includes(k),
    ),
  );
  assert.ok(kinds.get('soccer')?.has('yellow_card'), 'soccer has cards');
  assert.ok(kinds.get('basketball')?.has('timeout'), 'basketball has timeouts');
  assert.ok(holds > 0 && releases > 0, `suspensions start (${holds}) and end (${releases})`);
});
