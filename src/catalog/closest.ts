// "Did you mean": the known names nearest to a mistyped one, for errors that name the fix.

/** Edit distance (insert, delete, substitute, swap two neighbours), case-insensitive. */
export function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) =>
    Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[x.length]![y.length]!;
}

/**
 * Up to `n` candidates close to `word`, nearest first: the same name in another case (alone), a
 * few typos (a third of the word's length, at least one), or a name that contains the word or is
 * contained in it.
 */
export function closest(word: string, candidates: readonly string[], n: number): string[] {
  const w = word.toLowerCase();
  const same = candidates.find((c) => c.toLowerCase() === w);
  if (same !== undefined) return [same];
  const budget = Math.max(1, Math.floor(w.length / 3));
  const scored: [string, number][] = [];
  for (const c of candidates) {
    const lc = c.toLowerCase();
    const d = distance(w, lc);
    const contains = w.length >= 3 && (lc.includes(w) || w.includes(lc));
    if (d <= budget || contains) scored.push([c, contains ? Math.min(d, budget) : d]);
  }
  return scored
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([c]) => c);
}
