// The engine's incremental state against a from-scratch recomputation: after a simulator run,
// the open arbitrages, +EV and middle alerts must be exactly those a full rescan of the book finds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultCatalogDir, loadCatalog } from '../catalog/load.js';
import { MATCH_ALL } from '../model/filter.js';
import { type Change, isInPlay, type Quote } from '../model/types.js';
import { Simulator } from '../sources/simulator/index.js';
import { State } from '../state/state.js';
import { analyticsConfigSchema } from './config.js';
import { fairProbabilities } from './devig.js';
import { edge } from './edge.js';
import { AnalyticsEngine } from './engine.js';
import { outcomesFromCatalog, place } from './market.js';

const catalog = loadCatalog(defaultCatalogDir());
const outcomes = outcomesFromCatalog(catalog.markets);

test('open arbitrages, +EV and middles after a simulator run equal a full rescan (seeded)', () => {
  let now = Date.UTC(2026, 10, 21, 18);
  const clock = () => now;
  const sim = new Simulator({ catalog, seed: 3, rate: 2000, clock, speed: 30 });
  const state = new State({ epoch: 'e', lastSeq: 0, windowSize: 16, clock });
  // Short age limits, so ageing out happens during the run and is checked too.
  const config = analyticsConfigSchema.parse({
    method: 'shin',
    quoteMaxAgeMs: { preMatch: 8_000, inPlay: 4_000 },
    consensusMaxAgeMs: { preMatch: 8_000, inPlay: 4_000 },
  });
  const engine = new AnalyticsEngine({ config, outcomes });
  for (let t = 0; t < 12_000; t += 25) {
    now += 25;
    const batch: Change[] = [];
    for (const u of sim.advanceTo(now)) {
      const c = state.apply(u);
      if (c && typeof c !== 'string') batch.push(c);
    }
    engine.apply(batch);
  }
  engine.advance(now);

  // The rescan: every open group rebuilt from the snapshot.
  const snap = state.snapshot(MATCH_ALL);
  const inPlay = new Map(snap.events.map((e) => [e.id, isInPlay(e.status)]));
  const groups = new Map<
    string,
    {
      n: number;
      names: readonly string[];
      family: string;
      threshold: number | null;
      quotes: { q: Quote; side: number }[];
    }
  >();
  for (const q of snap.quotes) {
    const o = outcomes.get(q.key.market);
    const at = place(q.key, o);
    if (!at || !o) continue;
    const threshold =
      at.line === null || o.length !== 2 ? null : o[0] === 'home' ? -at.line : at.line;
    const g = groups.get(at.groupKey) ?? {
      n: o.length,
      names: o,
      family: at.familyKey,
      threshold,
      quotes: [],
    };
    g.quotes.push({ q, side: at.side });
    groups.set(at.groupKey, g);
  }
  const arbs = new Set<string>();
  const evs = new Set<string>();
  for (const [key, g] of groups) {
    const live = inPlay.get(g.quotes[0]?.q.key.event ?? '') ?? false;
    const maxAge = live ? 4_000 : 8_000;
    const usable = (q: Quote) =>
      q.value.status === 'open' && q.value.price !== null && now - q.value.receivedAt < maxAge;
    const best = new Array<number>(g.n).fill(0);
    for (const { q, side } of g.quotes)
      if (usable(q)) best[side] = Math.max(best[side] ?? 0, q.value.price?.decimal ?? 0);
    if (best.every((d) => d > 0) && best.reduce((s, d) => s + 1 / d, 0) < 1) arbs.add(key);
    const sharp = g.quotes.filter(({ q }) => q.key.book === 'pinnacle');
    if (sharp.length !== g.n || !sharp.every(({ q }) => usable(q))) continue;
    const decimals = new Array<number>(g.n).fill(0);
    for (const { q, side } of sharp) decimals[side] = q.value.price?.decimal ?? 0;
    const fair = fairProbabilities('shin', decimals);
    if (!fair) continue;
    for (const { q, side } of g.quotes) {
      if (!usable(q)) continue;
      if (edge(q.value.price?.decimal ?? 0, fair[side] ?? 0) >= 0.02)
        evs.add(`ev:${key}|${q.key.book}|${g.names[side]}`);
    }
  }

  // Middles: every pair of lines in a family, every pair of distinct books, the cheapest pair.
  const middles = new Set<string>();
  const fresh = (q: Quote) => {
    const live = inPlay.get(q.key.event) ?? false;
    return (
      q.value.status === 'open' &&
      q.value.price !== null &&
      now - q.value.receivedAt < (live ? 4_000 : 8_000)
    );
  };
  for (const a of groups.values()) {
    for (const b of groups.values()) {
      if (a.family !== b.family || a.threshold === null || b.threshold === null) continue;
      if (b.threshold - a.threshold < 0.5) continue;
      let cheapest = Number.POSITIVE_INFINITY;
      for (const x of a.quotes) {
        if (x.side !== 0 || !fresh(x.q)) continue;
        for (const y of b.quotes) {
          if (y.side !== 1 || !fresh(y.q) || y.q.key.book === x.q.key.book) continue;
          const sum = 1 / (x.q.value.price?.decimal ?? 1) + 1 / (y.q.value.price?.decimal ?? 1);
          cheapest = Math.min(cheapest, sum);
        }
      }
      if (1 - 1 / cheapest <= 0.05) middles.add(`middle:${a.family}|${a.threshold}|${b.threshold}`);
    }
  }

  const open = engine.open();
  const engineArbs = new Set(open.filter((a) => a.kind === 'arb').map((a) => a.id.split('@')[0]));
  const engineEvs = new Set(open.filter((a) => a.kind === 'ev').map((a) => a.id.split('@')[0]));
  assert.ok(
    arbs.size > 0 && evs.size > 0,
    `a run with something to find (${arbs.size}, ${evs.size})`,
  );
  assert.deepEqual([...engineArbs].sort(), [...arbs].map((k) => `arb:${k}`).sort());
  assert.deepEqual([...engineEvs].sort(), [...evs].sort());
  // Every arb the engine holds pays the same whichever leg wins, and spends the bankroll.
  for (const a of open) {
    if (a.kind !== 'arb') continue;
    for (const leg of a.legs)
      assert.ok(Math.abs(leg.stake * leg.decimal - a.payout) < 1e-9 * a.bankroll);
    assert.ok(Math.abs(a.legs.reduce((x, l) => x + l.stake, 0) - a.bankroll) < 1e-9 * a.bankroll);
  }
  const engineMiddles = open.filter((a) => a.kind === 'middle').map((a) => a.id.split('@')[0]);
  assert.ok(middles.size > 0, 'a run with middles to find');
  assert.deepEqual(engineMiddles.sort(), [...middles].sort());
});
