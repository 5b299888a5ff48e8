// The consensus fair price of a group: one sharp book's devigged probabilities, a weighted mean
// of several books', or the per-outcome median of all books'. Each book is devigged on its own
// first (a book's margin belongs to its own prices), then the books are combined.
import type { ConsensusConfig } from './config.js';
import type { FairMethod } from './devig.js';
import type { BookQuotes } from './market.js';

/**
 * The books whose fair prices the consensus reads; null: every book (a median over all books).
 * Only these are devigged: with a sharp book, one book in 25 or so, not every quote Change.
 */
export function consensusBooks(config: ConsensusConfig): ReadonlySet<string> | null {
  switch (config.kind) {
    case 'sharp':
      return new Set([config.book]);
    case 'weighted':
      return new Set(Object.keys(config.weights));
    case 'median':
      return config.books.length === 0 ? null : new Set(config.books);
  }
}

/**
 * Null when no book qualifies: the book (or every weighted book) is missing, has an outcome that
 * is not open, or has a price received at or before `freshAfter`; for the median, fewer than
 * `minBooks` qualify.
 * Weighted and median results are renormalised to sum to 1, except for `worst_case`, whose
 * per-outcome minima are not a distribution to begin with.
 */
export function consensusFair(
  books: ReadonlyMap<string, BookQuotes>,
  config: ConsensusConfig,
  method: FairMethod,
  freshAfter: number,
  /** A book's own fair prices (null while incomplete): by default those the engine keeps. */
  fairOf: (b: BookQuotes) => number[] | null = kept,
): number[] | null {
  switch (config.kind) {
    case 'sharp':
      return usable(books.get(config.book), freshAfter, fairOf);
    case 'weighted': {
      let acc: number[] | null = null;
      let total = 0;
      for (const [id, w] of Object.entries(config.weights)) {
        const fair = usable(books.get(id), freshAfter, fairOf);
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
          const fair = usable(b, freshAfter, fairOf);
          if (fair) picked.push(fair);
        }
      } else {
        for (const id of config.books) {
          const fair = usable(books.get(id), freshAfter, fairOf);
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

/** The books a consensus read (those that qualified), in the config's order. */
export function consensusSources(
  books: ReadonlyMap<string, BookQuotes>,
  config: ConsensusConfig,
  freshAfter: number,
  fairOf: (b: BookQuotes) => number[] | null = kept,
): string[] {
  const ids =
    config.kind === 'sharp'
      ? [config.book]
      : config.kind === 'weighted'
        ? Object.keys(config.weights)
        : config.books.length > 0
          ? config.books
          : [...books.keys()];
  return ids.filter((id) => usable(books.get(id), freshAfter, fairOf) !== null);
}

const kept = (b: BookQuotes): number[] | null => b.fair;

/** A book's own fair prices when it has them and its oldest price is fresh. */
function usable(
  b: BookQuotes | undefined,
  freshAfter: number,
  fairOf: (b: BookQuotes) => number[] | null,
): number[] | null {
  if (!b || b.oldest() <= freshAfter) return null;
  return fairOf(b);
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
