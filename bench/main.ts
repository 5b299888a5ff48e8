// `npm run bench [-- --full] [--targets a,b] [--scenarios x,y]`: the composition root of the
// harness. Checks limits, runs every scenario against every target, writes the report, and
// makes sure no child process outlives it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from './args.js';
import { Children, pinning } from './procs.js';
import { progress } from './progress.js';
import { targets } from './registry.js';
import { machine, type Report, renderMarkdown } from './report.js';
import { ladderRuns } from './scenarios/fanout-ladder.js';
import { scenarios } from './scenarios/index.js';
import type { ScenarioContext } from './scenarios/types.js';

/** Untracked (.gitignore): a run never rewrites a tracked file; keep a run by copying it. */
const RESULTS_DIR = 'bench/results/runs';
/** Hard bound on a whole run per fan-out ladder repetition; everything is killed past it. */
const DEADLINE_MS = { short: 15 * 60_000, full: 60 * 60_000 };
/** fds a process needs beyond its sockets (listeners, stdio, pipes). */
const FD_SLACK = 200;

function fdLimit(): number {
  const out = execFileSync('sh', ['-c', 'ulimit -n']).toString().trim();
  return out === 'unlimited' ? Number.POSITIVE_INFINITY : Number(out);
}

function localPortCount(): number {
  try {
    const [lo, hi] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    return (hi ?? 0) - (lo ?? 0) + 1;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const chosenTargets = args.targets
    ? args.targets.map((n) => {
        const t = targets.find((x) => x.name === n);
        if (!t)
          throw new Error(`unknown target ${n}; known: ${targets.map((x) => x.name).join(', ')}`);
        return t;
      })
    : [...targets];
  const chosenScenarios = args.scenarios
    ? args.scenarios.map((n) => {
        const s = scenarios.find((x) => x.name === n);
        if (!s)
          throw new Error(
            `unknown scenario ${n}; known: ${scenarios.map((x) => x.name).join(', ')}`,
          );
        return s;
      })
    : [...scenarios];

  const maxConns = Math.max(
    ...chosenScenarios.map((s) => s.maxConnections(args.full)),
    ...(args.sizes ?? []),
  );
  const limit = fdLimit();
  // The server holds one fd per connection; so does the client side (split over at most 2
  // processes, but a single process may hold them all for smaller N).
  if (limit < maxConns + FD_SLACK) {
    console.error(
      `error: ulimit -n is ${limit}, but ${maxConns} connections need at least ${maxConns + FD_SLACK} ` +
        `fds in the server process (and about ${2 * maxConns} across server and clients). ` +
        `Raise it (e.g. \`ulimit -n ${2 * maxConns + 2 * FD_SLACK}\`) or run without --full.`,
    );
    return 2;
  }
  if (localPortCount() < maxConns + 1000) {
    console.error(
      `error: only ${localPortCount()} local ports for ${maxConns} loopback connections`,
    );
    return 2;
  }

  const pin = pinning();
  const children = new Children(pin);
  const abort = (why: string, code: number): void => {
    console.error(`\nbench: ${why}; killing ${children.pids().length} child processes`);
    void children.killAll().finally(() => process.exit(code));
    setTimeout(() => {
      children.killAllNow();
      process.exit(code);
    }, 4000).unref();
  };
  process.once('SIGINT', () => abort('interrupted', 130));
  process.once('SIGTERM', () => abort('terminated', 143));
  process.on('exit', () => children.killAllNow());
  const deadline = setTimeout(
    () => abort('run exceeded its time bound', 1),
    (args.full ? DEADLINE_MS.full : DEADLINE_MS.short) * ladderRuns(),
  );
  deadline.unref();

  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const rep: Report = {
    startedAt: new Date().toISOString(),
    command,
    machine: { ...machine(), pinning: pin },
    baselines: targets.filter((t) => t.kind === 'baseline').map((t) => t.name),
    results: [],
    errors: [],
  };
  const ctx: ScenarioContext = {
    children,
    full: args.full,
    sizes: args.sizes,
    log: (l) => console.error(l),
  };
  console.error(
    `bench: ${args.full ? 'full' : 'short'} run, targets ${chosenTargets.map((t) => t.name).join(', ')}, ` +
      `scenarios ${chosenScenarios.map((s) => s.name).join(', ')}`,
  );
  const pairs = chosenScenarios.flatMap((s) =>
    chosenTargets.filter((t) => !s.appliesTo || s.appliesTo(t)).map((t) => [s, t] as const),
  );
  const place = progress(pairs.length, process.stderr.isTTY === true);
  for (const [s, t] of pairs) {
    console.error(`${place.next()}[${s.name}] ${t.name}: ${s.description}`);
    try {
      rep.results.push(...(await s.run(ctx, t)));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      console.error(`  failed: ${message}`);
      rep.errors.push({ scenario: s.name, target: t.name, message });
    }
    await children.killAll();
  }
  rep.machine.loadAvgEnd = loadavg().map((x) => Math.round(x * 100) / 100);

  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = rep.startedAt.replace(/[:.]/g, '-');
  const md = renderMarkdown(rep);
  writeFileSync(join(RESULTS_DIR, `${stamp}.json`), `${JSON.stringify(rep, null, 2)}\n`);
  writeFileSync(join(RESULTS_DIR, `${stamp}.md`), md);
  process.stdout.write(`${md}\n`);
  console.error(`bench: wrote ${RESULTS_DIR}/${stamp}.md and .json`);

  await children.killAll();
  const left = children.pids();
  if (left.length > 0) console.error(`bench: child processes still alive: ${left.join(', ')}`);
  return rep.errors.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
