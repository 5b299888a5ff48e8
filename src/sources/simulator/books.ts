// How each kind of book behaves: its margin and how far behind the sharp books it moves.
import type { BookDef } from '../../catalog/types.js';
import type { SimBook } from './model.js';
import type { Rng } from './prng.js';

interface Behaviour {
  margin: [number, number];
  lagMs: [number, number];
}

const behaviours: Record<string, Behaviour> = {
  sharp: { margin: [0.03, 0.032], lagMs: [0, 0] },
  exchange: { margin: [0.03, 0.035], lagMs: [150, 600] },
  offshore: { margin: [0.04, 0.05], lagMs: [400, 1500] },
  us: { margin: [0.045, 0.07], lagMs: [700, 3000] },
  eu: { margin: [0.05, 0.07], lagMs: [800, 3500] },
  au: { margin: [0.055, 0.075], lagMs: [1500, 5000] },
  dfs: { margin: [0.07, 0.08], lagMs: [2000, 6000] },
};

const fallback: Behaviour = { margin: [0.05, 0.07], lagMs: [1000, 4000] };

export function simBooks(defs: readonly BookDef[], rng: Rng): SimBook[] {
  const books = defs.map((d): SimBook => {
    const kind: string = d.kind;
    const b = behaviours[kind] ?? fallback;
    return {
      id: d.id,
      kind,
      sharp: kind === 'sharp',
      margin: rng.range(b.margin[0], b.margin[1]),
      lagMs: Math.round(rng.range(b.lagMs[0], b.lagMs[1])),
      props: kind !== 'exchange',
      games: kind !== 'dfs',
    };
  });
  // Someone has to lead: without a sharp book the first one does.
  const first = books[0];
  if (first && !books.some((b) => b.sharp)) {
    first.sharp = true;
    first.lagMs = 0;
  }
  return books;
}
