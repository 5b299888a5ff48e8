// Markdown and JSON output: per scenario and variant a table of targets x metrics, then the
// ratio of every target to each baseline.
import { cpus, loadavg, release, totalmem } from 'node:os';
import type { Pinning } from './procs.js';
import type { Metric, ScenarioResult } from './scenarios/types.js';
import { issueTargets } from './verdicts.js';

export interface Machine {
  cores: number;
  model: string;
  memoryGiB: number;
  node: string;
  kernel: string;
  loadAvgStart: number[];
  loadAvgEnd?: number[];
  /** CPUs the server and the load processes were pinned to, or null (shared). */
  pinning?: Pinning | null;
}

export function machine(): Machine {
  const c = cpus();
  return {
    cores: c.length,
    model: c[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    kernel: release(),
    loadAvgStart: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

export interface Report {
  startedAt: string;
  command: string;
  machine: Machine;
  baselines: string[];
  results: ScenarioResult[];
  errors: { scenario: string; target: string; message: string }[];
}

function fmt(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return 'n/a';
  const a = Math.abs(v);
  if (a >= 1e5) return Math.round(v).toLocaleString('en-US');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

/** `target / baseline`, oriented so that above 1 means the target is better. */
export function advantage(target: Metric, baseline: Metric): number | null {
  if (target.value === null || baseline.value === null) return null;
  if (target.better === 'higher') return baseline.value > 0 ? target.value / baseline.value : null;
  return target.value > 0 ? baseline.value / target.value : null;
}

function groups(results: ScenarioResult[]): Map<string, ScenarioResult[]> {
  const out = new Map<string, ScenarioResult[]>();
  for (const r of results) {
    const key = `${r.scenario} | ${r.variant}`;
    out.set(key, [...(out.get(key) ?? []), r]);
  }
  return out;
}

export function renderMarkdown(rep: Report): string {
  const m = rep.machine;
  const lines: string[] = [
    `# Linecast benchmark, ${rep.startedAt}`,
    '',
    `- Machine: ${m.cores} cores (${m.model}), ${m.memoryGiB} GiB, Linux ${m.kernel}, Node ${m.node}`,
    `- Load average at start ${m.loadAvgStart.join(' / ')}, at end ${(m.loadAvgEnd ?? []).join(' / ')}` +
      ' (server, load clients and publisher share these cores; a high load average means noisy figures)',
    `- Pinning: ${m.pinning ? `server on CPU ${m.pinning.server}, load clients and publisher on CPU ${m.pinning.load} (taskset)` : 'none (every process shares every core)'}`,
    `- Command: \`${rep.command}\``,
    '',
    ...issueTargets(rep.results, rep.baselines),
  ];
  for (const [key, rows] of groups(rep.results)) {
    const metrics = rows[0]?.metrics ?? [];
    lines.push(`## ${key}`, '');
    lines.push(`| target | ${metrics.map((x) => `${x.label} (${x.unit})`).join(' | ')} |`);
    lines.push(`|---|${metrics.map(() => '---:').join('|')}|`);
    for (const r of rows)
      lines.push(`| ${r.target} | ${r.metrics.map((x) => fmt(x.value)).join(' | ')} |`);
    lines.push('');
    const baselines = rows.filter((r) => rep.baselines.includes(r.target));
    const ratioRows: string[] = [];
    for (const r of rows) {
      for (const b of baselines) {
        if (b === r) continue;
        const cells = r.metrics.map((x, i) => {
          const bm = b.metrics[i];
          const v = bm ? advantage(x, bm) : null;
          return v === null ? 'n/a' : `${v.toFixed(2)}x`;
        });
        ratioRows.push(`| ${r.target} vs ${b.target} | ${cells.join(' | ')} |`);
      }
    }
    if (ratioRows.length > 0) {
      lines.push('Advantage over each baseline (above 1x = better than that baseline):', '');
      lines.push(`| pair | ${metrics.map((x) => x.label).join(' | ')} |`);
      lines.push(`|---|${metrics.map(() => '---:').join('|')}|`);
      lines.push(...ratioRows, '');
    }
    const notes = rows.flatMap((r) => r.notes.map((n) => `- ${r.target}: ${n}`));
    if (notes.length > 0) lines.push(...notes, '');
  }
  if (rep.errors.length > 0) {
    lines.push('## Errors', '');
    for (const e of rep.errors) lines.push(`- ${e.scenario} / ${e.target}: ${e.message}`);
    lines.push('');
  }
  return lines.join('\n');
}
