import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultCatalogDir, loadCatalog } from '../../catalog/load.js';
import { quoteKeyString } from '../../model/types.js';
import { Simulator } from './simulator.js';

const catalog = loadCatalog(defaultCatalogDir());
const T0 = Date.UTC(2026, 10, 21, 17, 0, 0);
const sharp = new Set(catalog.books.filter((b) => b.kind === 'sharp').map((b) => b.id));

function quotes(ticks: number) {
  const s = new Simulator({ catalog, seed: 11, rate: 10_000, clock: () => T0, now: T0, events: 6 });
  const out = [];
  for (let i = 0; i < ticks; i++) {
    for (const u of s.tick(25)) if (u.kind === 'quote') out.push(u);
  }
  return out;
}

test('sharp books move first and the others follow hundreds of ms to seconds later', () => {
  // Delay from the first sharp move a follower had not yet reflected to the follower's move.
  const sharpMoves = new Map<string, number[]>();
  const lastSeen = new Map<string, number>();
  const delays: number[] = [];
  for (const { key, value } of quotes(1200)) {
    if (value.status !== 'open') continue;
    const id = quoteKeyString(key);
    const previous = lastSeen.get(id);
    lastSeen.set(id, value.sourceAt);
    if (previous === undefined) continue; // the initial board is not a move
    const market = `${key.event}|${key.market}|${key.period}|${key.selection}|${key.line}`;
    const times = sharpMoves.get(market) ?? [];
    if (sharp.has(key.book)) {
      times.push(value.sourceAt);
      sharpMoves.set(market, times);
      continue;
    }
    const first = times.find((t) => t > previous);
    if (first !== undefined) delays.push(value.sourceAt - first);
  }
  delays.sort((a, b) => a - b);
  const median = delays[Math.floor(delays.length / 2)] ?? 0;
  console.log(`simulator: median follower lag ${median} ms over ${delays.length} moves`);
  assert.ok(delays.length > 1000, `${delays.length} follower moves`);
  assert.ok(median >= 300 && median <= 6000, `median follower lag ${median} ms`);
});

test('line moves take the main flag from the old line to the new one in the same batch', () => {
  const s = new Simulator({ catalog, seed: 5, rate: 20_000, clock: () => T0, now: T0, events: 6 });
  let moves = 0;
  for (let i = 0; i < 2400; i++) {
    const batch = s.tick(25);
    const lost = new Set<string>();
    const gained = new Set<string>();
    for (const u of batch) {
      if (u.kind !== 'quote' || u.key.line === null || u.value.status !== 'open') continue;
      const side = `${u.key.event}|${u.key.market}|${u.key.period}|${u.key.book}|${u.key.selection}`;
      if (u.value.main) gained.add(side);
      else lost.add(side);
    }
    for (const side of lost) if (gained.has(side)) moves++;
  }
  assert.ok(moves > 50, `${moves} main-line moves`);
});
