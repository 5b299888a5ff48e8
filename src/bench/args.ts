// Command-line flags: `--full`, `--targets a,b`, `--scenarios x,y`. Pure.

export interface BenchArgs {
  full: boolean;
  targets: string[] | null;
  scenarios: string[] | null;
}

export function parseArgs(argv: readonly string[]): BenchArgs {
  const out: BenchArgs = { full: false, targets: null, scenarios: null };
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
    else throw new Error(`unknown flag ${a} (known: --full, --targets a,b, --scenarios x,y)`);
  }
  return out;
}
