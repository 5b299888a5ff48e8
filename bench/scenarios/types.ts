// The scenario seam. A scenario runs against one target and returns named metrics; the report
// builds tables and ratios from the metrics alone, so adding a scenario (resume storm,
// ingest/history throughput) is one module plus one registry line in scenarios/index.ts.
import type { Children } from '../procs.js';
import type { Target } from '../targets.js';

export interface Metric {
  key: string;
  label: string;
  /** null when the figure could not be measured (say why in notes). */
  value: number | null;
  unit: string;
  better: 'higher' | 'lower';
}

export interface ScenarioResult {
  scenario: string;
  target: string;
  /** Parameter set inside the scenario, e.g. `N=5000`; one table per variant. */
  variant: string;
  metrics: Metric[];
  notes: string[];
  /** Raw figures for the JSON output (steps, series). */
  detail: unknown;
}

export interface ScenarioContext {
  children: Children;
  full: boolean;
  /** `--sizes`: fan-out ladder sizes replacing the run's default, or null. */
  sizes: number[] | null;
  log(line: string): void;
}

export interface Scenario {
  name: string;
  description: string;
  /** Most connections open at once (for the fd check). */
  maxConnections(full: boolean): number;
  /** Targets the scenario can run against (all when absent), e.g. only Linecast for resume. */
  appliesTo?(target: Target): boolean;
  run(ctx: ScenarioContext, target: Target): Promise<ScenarioResult[]>;
}
