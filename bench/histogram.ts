// Log-bucketed latency histogram in the HdrHistogram manner: values below 2^SUB_BITS are
// exact; above, each power of two is split into 2^SUB_BITS buckets (about 3% precision).
// Integer microseconds in, percentiles out; mergeable across processes via `toSparse`.

const SUB_BITS = 5;
const SUB = 1 << SUB_BITS;
const MAX_EXP = 31;
const BUCKETS = SUB + (MAX_EXP - SUB_BITS) * SUB;
export const HISTOGRAM_MAX = 2 ** 31 - 1;

export function bucketOf(value: number): number {
  const v = value <= 0 ? 0 : value >= HISTOGRAM_MAX ? HISTOGRAM_MAX : Math.floor(value);
  if (v < SUB) return v;
  const exp = 31 - Math.clz32(v);
  const shift = exp - SUB_BITS;
  return SUB + shift * SUB + ((v >>> shift) - SUB);
}

/** The highest value that lands in `bucket` (what a percentile reports). */
export function bucketHigh(bucket: number): number {
  if (bucket < SUB) return bucket;
  const shift = Math.floor((bucket - SUB) / SUB);
  const mantissa = ((bucket - SUB) % SUB) + SUB;
  return (mantissa + 1) * 2 ** shift - 1;
}

/** Sparse form for IPC: [bucket, count, bucket, count, ...]. */
export type SparseCounts = number[];

export class Histogram {
  private counts = new Float64Array(BUCKETS);
  total = 0;
  max = 0;

  record(value: number): void {
    this.counts[bucketOf(value)]! += 1;
    this.total += 1;
    if (value > this.max) this.max = value;
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.max = 0;
  }

  /** Smallest bucket high such that at least `p` percent of values are at or below it. */
  percentile(p: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (let b = 0; b < BUCKETS; b++) {
      seen += this.counts[b]!;
      if (seen >= rank) return Math.min(bucketHigh(b), this.max);
    }
    return this.max;
  }

  toSparse(): SparseCounts {
    const out: number[] = [];
    for (let b = 0; b < BUCKETS; b++) {
      const c = this.counts[b]!;
      if (c > 0) out.push(b, c);
    }
    return out;
  }

  addSparse(sparse: SparseCounts, max: number): void {
    for (let i = 0; i + 1 < sparse.length; i += 2) {
      const c = sparse[i + 1]!;
      this.counts[sparse[i]!]! += c;
      this.total += c;
    }
    if (max > this.max) this.max = max;
  }
}
