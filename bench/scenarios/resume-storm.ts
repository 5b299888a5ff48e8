// (c) Resume storm, Linecast only (the baselines cannot resume): N native clients subscribed
// to everything, all disconnected at once, the publisher keeps going so they miss Changes,
// then all reconnect with `from: {epoch, seq}`. Time until every one is at the server's
// head, server CPU and RSS meanwhile, and whether every client's seqs continued without a gap.
import type { ChildProcess } from 'node:child_process';
import type { FromResume, ResumeOutcome, ToResume } from '../linecast/resume-client.js';
import { headPosition } from '../linecast/server.js';
import { isNativeLinecast } from '../linecast/target.js';
import { waitFor } from '../messages.js';
import { cpuMicros, rssBytes } from '../procs.js';
import { Rig } from '../rig.js';
import type { Target } from '../targets.js';
import { nowUs } from '../workload.js';
import type { Metric, Scenario, ScenarioResult } from './types.js';

const RESUME_MODULE = new URL('../linecast/resume-client.js', import.meta.url).pathname;

export function stormSize(full: boolean): number {
  return full ? 5000 : 1000;
}
/** Updates/s while connected (N deliveries each) and while they are away. */
const LIVE_RATE = 5;
const LIVE_MS = 2000;
const AWAY_RATE = 100;
const AWAY_MS = 3000;
const CATCH_UP_TIMEOUT_MS = 120_000;

type Opened = Extract<FromResume, { type: 'opened' }>;
type Disconnected = Extract<FromResume, { type: 'disconnected' }>;
type Reconnected = Extract<FromResume, { type: 'reconnected' }>;
const is =
  <T extends FromResume>(type: T['type']) =>
  (m: unknown): m is T =>
    (m as FromResume)?.type === type;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `/v1/position` until the head stops moving (every ingested batch applied). */
async function settledHead(rig: Rig): Promise<{ epoch: string; seq: number }> {
  let prev = await headPosition(rig.ports);
  for (let i = 0; i < 50; i++) {
    await sleep(200);
    const cur = await headPosition(rig.ports);
    if (cur.seq === prev.seq) return cur;
    prev = cur;
  }
  return prev;
}

export const resumeStorm: Scenario = {
  name: 'resume',
  description: 'resume storm: all native clients disconnect, miss Changes, reconnect with from',
  maxConnections: stormSize,
  appliesTo: isNativeLinecast,
  async run(ctx, target: Target): Promise<ScenarioResult[]> {
    const n = stormSize(ctx.full);
    const rig = await Rig.start(ctx.children, target);
    const procs: ChildProcess[] = [];
    try {
      const procCount = n >= 5000 ? 2 : 1;
      const opened: Promise<Opened>[] = [];
      for (let i = 0; i < procCount; i++) {
        const count = Math.floor(n / procCount) + (i < n % procCount ? 1 : 0);
        const p = ctx.children.fork(RESUME_MODULE);
        procs.push(p);
        opened.push(waitFor(p, is<Opened>('opened'), 90_000, 'opening resume clients'));
        p.send({ type: 'init', ports: rig.ports, count } satisfies ToResume);
      }
      const o = await Promise.all(opened);
      const ready = o.reduce((a, r) => a + r.ready, 0);
      if (ready < n)
        throw new Error(
          `only ${ready}/${n} resume clients subscribed: ${o.find((r) => r.error)?.error}`,
        );
      await rig.startPublisher();
      await rig.publish(LIVE_RATE, LIVE_MS);
      await sleep(300);

      // Everyone drops at once; the publisher is already sending what they will miss.
      const away = rig.publish(AWAY_RATE, AWAY_MS);
      const gone = procs.map((p) => {
        const d = waitFor(p, is<Disconnected>('disconnected'), 10_000, 'disconnecting');
        p.send({ type: 'disconnect' } satisfies ToResume);
        return d;
      });
      const dropped = await Promise.all(gone);
      const awayDone = await away;
      const head = await settledHead(rig);
      const minSeq = Math.min(...dropped.map((d) => d.minSeq));
      const maxSeq = Math.max(...dropped.map((d) => d.maxSeq));
      ctx.log(
        `  ${target.name} N=${n}: dropped at seq ${minSeq}..${maxSeq}, head ${head.seq} ` +
          `(${awayDone.sent} published while away); reconnecting`,
      );

      const rss0 = rssBytes(rig.serverPid);
      let rssPeak = rss0;
      const sampler = setInterval(() => {
        if (rig.serverAlive()) rssPeak = Math.max(rssPeak, rssBytes(rig.serverPid));
      }, 100);
      const cpu0 = cpuMicros(rig.serverPid);
      const t0 = nowUs();
      const back = procs.map((p) => {
        const r = waitFor(
          p,
          is<Reconnected>('reconnected'),
          CATCH_UP_TIMEOUT_MS + 10_000,
          'resuming',
        );
        p.send({
          type: 'reconnect',
          head: head.seq,
          timeoutMs: CATCH_UP_TIMEOUT_MS,
        } satisfies ToResume);
        return r;
      });
      const results = await Promise.all(back).finally(() => clearInterval(sampler));
      const t1 = nowUs();
      const cpu1 = cpuMicros(rig.serverPid);
      const sum = (f: (r: ResumeOutcome) => number) => results.reduce((a, r) => a + f(r), 0);
      const caught = sum((r) => r.caughtUp);
      const allCaught = caught === n;
      const doneAt = Math.max(...results.map((r) => r.doneAtUs));
      const seconds = allCaught ? (doneAt - t0) / 1e6 : null;
      const windowS = (allCaught ? doneAt - t0 : t1 - t0) / 1e6;
      const frames = sum((r) => r.frames);
      const modes: Record<string, number> = {};
      for (const r of results)
        for (const [k, v] of Object.entries(r.modes)) modes[k] = (modes[k] ?? 0) + v;
      const clientCpuPct = Math.max(...results.map((r) => r.cpuUs / (windowS * 1e6))) * 100;
      const serverCpuS = (cpu1 - cpu0) / 1e6;
      const notes: string[] = [
        `N=${n}: clients dropped at seq ${minSeq}..${maxSeq}; ${awayDone.sent} updates published while away; head ${head.seq}; ` +
          `subscribed modes ${JSON.stringify(modes)}, recovered ${sum((r) => r.recovered)}; ` +
          `publisher stopped before the reconnect (the head does not move during catch-up)`,
      ];
      if (!allCaught) notes.push(`${n - caught} of ${n} clients never reached the head`);
      const retries = sum((r) => r.retries);
      if (retries > 0) notes.push(`${retries} reconnect attempts were refused and retried`);
      const errors = sum((r) => r.errors);
      if (errors > 0)
        notes.push(`${errors} error frames, e.g. ${results.find((r) => r.firstError)?.firstError}`);
      if (clientCpuPct > 90)
        notes.push(
          `a resume client process was at ${clientCpuPct.toFixed(0)}% CPU: the client may be the limit`,
        );
      ctx.log(
        `  ${target.name} N=${n}: ${caught}/${n} caught up in ${seconds?.toFixed(2) ?? 'n/a'} s, ` +
          `${frames} frames, gaps ${sum((r) => r.withGaps)}, dups ${sum((r) => r.withDuplicates)}, ` +
          `server ${serverCpuS.toFixed(2)} CPU s, RSS ${(rss0 / 2 ** 20).toFixed(0)} -> ${(rssPeak / 2 ** 20).toFixed(0)} MB`,
      );
      const metrics: Metric[] = [
        {
          key: 'catchUp',
          label: 'time until all at head',
          value: seconds,
          unit: 's',
          better: 'lower',
        },
        {
          key: 'replayRate',
          label: 'catch-up frames/s',
          value: frames / windowS,
          unit: '/s',
          better: 'higher',
        },
        {
          key: 'serverCpu',
          label: 'server CPU during catch-up',
          value: ((cpu1 - cpu0) / (windowS * 1e6)) * 100,
          unit: '%',
          better: 'lower',
        },
        {
          key: 'cpuPerFrame',
          label: 'server CPU per catch-up frame',
          value: frames > 0 ? (cpu1 - cpu0) / frames : null,
          unit: 'µs',
          better: 'lower',
        },
        {
          key: 'rssBefore',
          label: 'server RSS before',
          value: rss0 / 2 ** 20,
          unit: 'MB',
          better: 'lower',
        },
        {
          key: 'rssPeak',
          label: 'server RSS peak',
          value: rssPeak / 2 ** 20,
          unit: 'MB',
          better: 'lower',
        },
        {
          key: 'gaps',
          label: 'clients with a gap',
          value: sum((r) => r.withGaps),
          unit: 'clients',
          better: 'lower',
        },
        {
          key: 'dups',
          label: 'clients with a duplicate',
          value: sum((r) => r.withDuplicates),
          unit: 'clients',
          better: 'lower',
        },
        {
          key: 'clientCpu',
          label: 'busiest client CPU',
          value: clientCpuPct,
          unit: '%',
          better: 'lower',
        },
      ];
      return [
        {
          scenario: 'resume',
          target: target.name,
          variant: `N=${n}, ${awayDone.sent} Changes missed`,
          metrics,
          notes,
          detail: {
            n,
            liveRate: LIVE_RATE,
            awayRate: AWAY_RATE,
            awayMs: AWAY_MS,
            head,
            minSeq,
            maxSeq,
            frames,
            caught,
            serverCpuS,
            rss0,
            rssPeak,
            results,
          },
        },
      ];
    } finally {
      for (const p of procs) {
        if (p.connected) p.send({ type: 'stop' } satisfies ToResume);
        await ctx.children.kill(p, 3000);
      }
      await rig.stop();
    }
  },
};
