// (e) Analytics cost, Linecast only. The server runs its own simulator at 50,000 updates/s three
// times in the same run: analytics off, on without subscribers (the engine and the alert stream),
// and on with one native client subscribed to every alert (adding the fan-out). The server
// process's CPU per Change is compared: the extra CPU is a run's minus the off run's, as a share
// of the off run's. The subscribed client measures the analytics lag: its receipt time minus the
// alert's `at`, which is the `at` of the Change that caused it (phases the clock caused, ageing
// out, are left out).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { Histogram } from '../histogram.js';
import { BENCH_CONFIG, demoKey, headPosition, runDir } from '../linecast/server.js';
import { isNativeLinecast } from '../linecast/target.js';
import { cpuMicros } from '../procs.js';
import { Rig } from '../rig.js';
import type { Target } from '../targets.js';
import type { Metric, Scenario, ScenarioResult } from './types.js';

export const ANALYTICS_TARGETS = { rate: 50_000, lagP99Ms: 50, extraCpuPct: 25 } as const;
/** The opening board (every event's every quote at once) is left out of the measurement. */
const WARMUP_MS = 8_000;

type Mode = 'off' | 'engine' | 'subscribed';

interface Run {
  changes: number;
  elapsedMs: number;
  cpuUsPerChange: number;
  alerts: number;
  lag: Histogram;
}

/** The bench's Linecast with the simulator on at `rate` and analytics on or off. */
function withSimulator(target: Target, analytics: boolean): Target {
  return {
    ...target,
    server(ports) {
      const spec = target.server(ports);
      writeFileSync(
        join(runDir(ports), 'config.json'),
        JSON.stringify({
          ...BENCH_CONFIG,
          // The server is loaded on purpose: its overload guard must not refuse the one client.
          stream: { ...BENCH_CONFIG.stream, maxLoopLagMs: 600_000 },
          analytics: { enabled: analytics },
        }),
      );
      const rate = spec.args.indexOf('--sim-rate');
      const args = [...spec.args];
      args[rate + 1] = String(ANALYTICS_TARGETS.rate);
      return { ...spec, args };
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(
  target: Target,
  mode: Mode,
  durationMs: number,
  ctx: { children: Parameters<typeof Rig.start>[0] },
): Promise<Run> {
  const rig = await Rig.start(ctx.children, withSimulator(target, mode !== 'off'));
  const lag = new Histogram();
  let alerts = 0;
  let counting = false;
  let ws: WebSocket | null = null;
  try {
    if (mode === 'subscribed') {
      ws = new WebSocket(
        `ws://${rig.ports.host}:${rig.ports.port}/v1/stream?key=${demoKey(rig.ports)}`,
      );
      await new Promise((resolve, reject) => {
        ws?.once('open', resolve);
        ws?.once('error', reject);
      });
      ws.send(JSON.stringify({ type: 'subscribe', id: 'a', stream: 'alerts', snapshot: false }));
      ws.on('message', (data) => {
        if (!counting) return;
        const f = JSON.parse(data.toString()) as {
          type: string;
          alert?: { at: number; cause: unknown };
        };
        if (f.type !== 'alert' || !f.alert || f.alert.cause === null) return;
        alerts++;
        // Microseconds; the server's `at` is a whole millisecond of the same machine's clock.
        lag.record(
          Math.max(0, Math.round((performance.timeOrigin + performance.now() - f.alert.at) * 1000)),
        );
      });
    }
    await sleep(WARMUP_MS);
    counting = true;
    const seq0 = (await headPosition(rig.ports)).seq;
    const cpu0 = cpuMicros(rig.serverPid);
    const t0 = performance.now();
    await sleep(durationMs);
    const cpu1 = cpuMicros(rig.serverPid);
    const seq1 = (await headPosition(rig.ports)).seq;
    const elapsedMs = performance.now() - t0;
    counting = false;
    const changes = seq1 - seq0;
    return {
      changes,
      elapsedMs,
      cpuUsPerChange: changes > 0 ? (cpu1 - cpu0) / changes : Number.NaN,
      alerts,
      lag,
    };
  } finally {
    ws?.terminate();
    await rig.stop();
  }
}

export const analyticsCost: Scenario = {
  name: 'analytics',
  description: 'simulator at 50,000 updates/s: analytics lag and extra CPU per Change (off vs on)',
  maxConnections: () => 10,
  appliesTo: isNativeLinecast,
  async run(ctx, target): Promise<ScenarioResult[]> {
    const durationMs = ctx.full ? 30_000 : 10_000;
    const off = await measure(target, 'off', durationMs, ctx);
    ctx.log(
      `  analytics off: ${off.changes} Changes in ${off.elapsedMs.toFixed(0)} ms, ${off.cpuUsPerChange.toFixed(2)} us CPU/Change`,
    );
    const engine = await measure(target, 'engine', durationMs, ctx);
    const engineExtraPct =
      ((engine.cpuUsPerChange - off.cpuUsPerChange) / off.cpuUsPerChange) * 100;
    ctx.log(
      `  analytics on, no subscriber: ${engine.changes} Changes, ${engine.cpuUsPerChange.toFixed(2)} us CPU/Change (+${engineExtraPct.toFixed(1)}%)`,
    );
    const on = await measure(target, 'subscribed', durationMs, ctx);
    const extraPct = ((on.cpuUsPerChange - off.cpuUsPerChange) / off.cpuUsPerChange) * 100;
    const p50 = on.lag.total > 0 ? on.lag.percentile(50) / 1000 : null;
    const p99 = on.lag.total > 0 ? on.lag.percentile(99) / 1000 : null;
    ctx.log(
      `  analytics on: ${on.changes} Changes, ${on.cpuUsPerChange.toFixed(2)} us CPU/Change (+${extraPct.toFixed(1)}%), ` +
        `${on.alerts} alerts, lag p50 ${p50?.toFixed(1)} ms p99 ${p99?.toFixed(1)} ms`,
    );
    const rate = (r: Run) => Math.round((r.changes / r.elapsedMs) * 1000);
    const okLag = p99 !== null && p99 < ANALYTICS_TARGETS.lagP99Ms;
    const okCpu = extraPct < ANALYTICS_TARGETS.extraCpuPct;
    const okEngine = engineExtraPct < ANALYTICS_TARGETS.extraCpuPct;
    const metrics: Metric[] = [
      { key: 'lagP50', label: 'analytics lag p50', value: p50, unit: 'ms', better: 'lower' },
      { key: 'lagP99', label: 'analytics lag p99', value: p99, unit: 'ms', better: 'lower' },
      {
        key: 'extraCpuEngine',
        label: 'extra CPU per Change, no subscriber',
        value: engineExtraPct,
        unit: '%',
        better: 'lower',
      },
      {
        key: 'extraCpu',
        label: 'extra CPU per Change, all alerts subscribed',
        value: extraPct,
        unit: '%',
        better: 'lower',
      },
      {
        key: 'cpuOff',
        label: 'server CPU per Change, analytics off',
        value: off.cpuUsPerChange,
        unit: 'us',
        better: 'lower',
      },
      {
        key: 'cpuEngine',
        label: 'server CPU per Change, on, no subscriber',
        value: engine.cpuUsPerChange,
        unit: 'us',
        better: 'lower',
      },
      {
        key: 'cpuOn',
        label: 'server CPU per Change, on, subscribed',
        value: on.cpuUsPerChange,
        unit: 'us',
        better: 'lower',
      },
      { key: 'rateOff', label: 'Changes/s, off', value: rate(off), unit: '/s', better: 'higher' },
      {
        key: 'rateEngine',
        label: 'Changes/s, on, no subscriber',
        value: rate(engine),
        unit: '/s',
        better: 'higher',
      },
      {
        key: 'rateOn',
        label: 'Changes/s, on, subscribed',
        value: rate(on),
        unit: '/s',
        better: 'higher',
      },
      {
        key: 'alerts',
        label: 'alert phases/s seen',
        value: Math.round((on.alerts / on.elapsedMs) * 1000),
        unit: '/s',
        better: 'higher',
      },
    ];
    return [
      {
        scenario: 'analytics',
        target: target.name,
        variant: `simulator at ${ANALYTICS_TARGETS.rate.toLocaleString('en-US')} updates/s, every analytic on (defaults)`,
        metrics,
        notes: [
          `lag p99 < ${ANALYTICS_TARGETS.lagP99Ms} ms: ${okLag ? 'met' : 'MISSED'}; ` +
            `extra CPU < ${ANALYTICS_TARGETS.extraCpuPct}%: no subscriber ${okEngine ? 'met' : 'MISSED'}, ` +
            `all alerts subscribed ${okCpu ? 'met' : 'MISSED'}`,
          `three servers in the same run (off, on, on with a client subscribed to every alert), same seed and rate; ${WARMUP_MS / 1000} s warm-up ` +
            `(the opening board) left out, then ${durationMs / 1000} s measured; lag = client receipt - alert.at ` +
            '(the causing Change), through the native WebSocket, for phases a Change caused',
        ],
        detail: {
          off: { ...off, lag: undefined },
          engine: { ...engine, lag: undefined },
          on: { ...on, lag: on.lag.toSparse() },
          engineExtraPct,
          extraPct,
        },
      },
    ];
  },
};
