// The consensus fair price of a group: one sharp book's devigged probabilities, a weighted mean
// of several books', or the per-outcome median of all books'. Each book is devigged on its own
// first (a book's margin belongs to its own prices), then the books are combined.
import type { ConsensusConfig } from './config.js';
import type { FairMethod } from './devig.js';
import type { BookQuotes } from './market.js';

/**
 * Null when no book qualifies: the book (or every weighted book) is missing, has an outcome that
 * is not open, or is older than `fresh` allows; for the median, fewer than `minBooks` qualify.
 * Weighted and median results are renormalised to sum to 1, except for `worst_case`, whose
 * per-outcome minima are not a distribution to begin with.
 */
export function consensusFair(
  books: ReadonlyMap<string, BookQuotes>,
  config: ConsensusConfig,
  method: FairMethod,
  fresh: (b: BookQuotes) => boolean,
): number[] | null {
  const usable = (b: BookQuotes | undefined): number[] | null =>
    b?.fair && fresh(b) ? b.fair : null;
  switch (config.kind) {
    case 'sharp':
      return usable(books.get(config.book));
    case 'weighted': {
      let acc: number[] | null = null;
      let total = 0;
      for (const [id, w] of Object.entries(config.weights)) {
        const fair = usable(books.get(id));
        if (!fair) continue;
        acc ??= fair.map(() => 0);
        for (let i = 0; i < fair.length; i++) acc[i] = (acc[i] ?? 0) + w * (fair[i] ?? 0);
        total += w;
      }
      if (!acc) return null;
      return finish(
        acc.map((x) => x / total),
        method,
      );
    }
    case 'median': {
      const picked: number[][] = [];
      if (config.books.length === 0) {
        for (const b of books.values()) {
          const fair = usable(b);
          if (fair) picked.push(fair);
        }
      } else {
        for (const id of config.books) {
          const fair = usable(books.get(id));
          if (fair) picked.push(fair);
        }
      }
      if (picked.length < config.minBooks || picked.length === 0) return null;
      const n = picked[0]?.length ?? 0;
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push(median(picked.map((p) => p[i] ?? 0)));
      return finish(out, method);
    }
  }
}

function finish(ps: number[], method: FairMethod): number[] {
  if (method === 'worst_case') return ps;
  let s = 0;
  for (const p of ps) s += p;
  return ps.map((p) => p / s);
}

/** The middle value; the mean of the two middle values for an even count. */
export function median(xs: number[]): number {
  xs.sort((a, b) => a - b);
  const m = xs.length >> 1;
  return xs.length % 2 === 1 ? (xs[m] ?? 0) : ((xs[m - 1] ?? 0) + (xs[m] ?? 0)) / 2;
}
