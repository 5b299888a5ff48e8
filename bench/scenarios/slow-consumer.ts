// (b) Slow consumer: 100 normal clients, then the same load with one more client that reads
// at ~64 KiB/s. Server RSS over time, the slow client's lag, normal clients' p99 with and
// without it.
import { ClientGroup } from '../client-group.js';
import { measureStep } from '../measure.js';
import { rssBytes } from '../procs.js';
import { Rig } from '../rig.js';
import type { Target } from '../targets.js';
import { fanoutBySport, receivesOwnSport, SPORTS } from '../workload.js';
import type { Scenario, ScenarioResult } from './types.js';

const NORMAL = 100;
/** Messages per second: ~260 KB/s to a client on everything, 4x what the slow one reads. */
const RATE = 1000;
const SLOW_BYTES_PER_SEC = 64 * 1024;
const SLOW_MS = 20_000;

export const slowConsumer: Scenario = {
  name: 'slow',
  description: 'one client reading at 64 KiB/s among 100 normal ones',
  maxConnections: () => NORMAL + 1,
  async run(ctx, target: Target): Promise<ScenarioResult[]> {
    const rig = await Rig.start(ctx.children, target);
    const groups: ClientGroup[] = [];
    try {
      // Normal clients take indices 1..100 so the slow one (index 0) is on everything.
      const normal = await ClientGroup.start(ctx.children, {
        target: target.name,
        ports: rig.ports,
        from: 1,
        count: NORMAL,
        procs: 1,
      });
      groups.push(normal);
      rig.attach(normal);
      // Index 0 (the slow client, on everything) is not in this group.
      const receives = target.client.receives ?? receivesOwnSport;
      const fanout = fanoutBySport(NORMAL + 1, receives).map(
        (f, s) => f - (receives({ sport: null }, SPORTS[s]!) ? 1 : 0),
      );
      await rig.startPublisher();
      // Warm-up (JIT, socket buffers), not reported: the first step of a run is always slower.
      await measureStep(rig, normal, fanout, RATE, 2000);
      const alone = await measureStep(rig, normal, fanout, RATE, ctx.full ? SLOW_MS : 5000);
      ctx.log(`  ${target.name} without slow client: p99 ${alone.p99Ms.toFixed(1)} ms`);

      const slow = await ClientGroup.start(ctx.children, {
        target: target.name,
        ports: rig.ports,
        from: 0,
        count: 1,
        procs: 1,
        readBytesPerSec: SLOW_BYTES_PER_SEC,
      });
      groups.push(slow);
      rig.attach(slow);
      const rss: { s: number; mb: number }[] = [];
      const t0 = Date.now();
      const sample = (): void => {
        if (rig.serverAlive())
          rss.push({ s: (Date.now() - t0) / 1000, mb: rssBytes(rig.serverPid) / 2 ** 20 });
      };
      sample();
      const sampler = setInterval(sample, 1000);
      const slowBefore = await slow.snapshot();
      const withSlow = await measureStep(rig, normal, fanout, RATE, SLOW_MS).finally(() =>
        clearInterval(sampler),
      );
      sample();
      const slowAfter = await slow.snapshot();
      const slowReceived = slowAfter.updates - slowBefore.updates;
      const slowBacklog = withSlow.sent - slowReceived;
      const slowLagS = slowAfter.lagUs / 1e6;
      const peak = Math.max(...rss.map((r) => r.mb));
      const first = rss[0]?.mb ?? 0;
      ctx.log(
        `  ${target.name} with slow client: p99 ${withSlow.p99Ms.toFixed(1)} ms, RSS ${first.toFixed(0)} -> ` +
          `${peak.toFixed(0)} MB, slow client ${slowBacklog} msgs / ${slowLagS.toFixed(1)} s behind, lost ${slowAfter.lost}`,
      );
      const notes: string[] = [];
      if (slowAfter.lost > 0) notes.push('the server dropped the slow client');
      if (withSlow.lost > 0) notes.push(`${withSlow.lost} normal clients lost`);
      return [
        {
          scenario: 'slow',
          target: target.name,
          variant: `${NORMAL} clients + 1 at 64 KiB/s, ${RATE} msg/s`,
          metrics: [
            {
              key: 'p99Alone',
              label: 'normal p99 without slow',
              value: alone.p99Ms,
              unit: 'ms',
              better: 'lower',
            },
            {
              key: 'p99With',
              label: 'normal p99 with slow',
              value: withSlow.p99Ms,
              unit: 'ms',
              better: 'lower',
            },
            {
              key: 'rssGrowth',
              label: 'server RSS growth',
              value: peak - first,
              unit: 'MB',
              better: 'lower',
            },
            { key: 'rssPeak', label: 'server RSS peak', value: peak, unit: 'MB', better: 'lower' },
            {
              key: 'slowLag',
              label: 'slow client lag at end',
              value: slowLagS,
              unit: 's',
              better: 'lower',
            },
            {
              key: 'slowBacklog',
              label: 'slow client msgs behind',
              value: slowBacklog,
              unit: 'msgs',
              better: 'lower',
            },
          ],
          notes,
          detail: {
            rate: RATE,
            sports: SPORTS.length,
            alone,
            withSlow,
            rss,
            slowReceived,
            slowLost: slowAfter.lost,
          },
        },
      ];
    } finally {
      for (const g of groups) await g.stop();
      await rig.stop();
    }
  },
};
