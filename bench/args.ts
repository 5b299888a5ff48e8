// Command-line flags: `--full`, `--targets a,b`, `--scenarios x,y`, `--sizes n,m`. Pure.

export interface BenchArgs {
  full: boolean;
  targets: string[] | null;
  scenarios: string[] | null;
  /** Fan-out ladder sizes instead of the run's default (e.g. only N = 10,000). */
  sizes: number[] | null;
}

export function parseArgs(argv: readonly string[]): BenchArgs {
  const out: BenchArgs = { full: false, targets: null, scenarios: null, sizes: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=') ? a.split('=', 2) : [a, undefined];
    const value = (): string[] => {
      const v = inline ?? argv[++i];
      if (!v) throw new Error(`${flag} needs a comma-separated list`);
      return v.split(',').filter((x) => x.length > 0);
    };
    if (flag === '--full') out.full = true;
    else if (flag === '--targets') out.targets = value();
    else if (flag === '--scenarios') out.scenarios = value();
    else if (flag === '--sizes') {
      out.sizes = value().map(Number);
      if (out.sizes.some((n) => !Number.isInteger(n) || n < 1))
        throw new Error('--sizes needs positive integers');
    } else
      throw new Error(
        `unknown flag ${a} (known: --full, --targets a,b, --scenarios x,y, --sizes n,m)`,
      );
  }
  return out;
}
