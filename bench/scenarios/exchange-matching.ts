// (e) The exchange engine behind the Polymarket US dialect, in this process (no server): orders
// matched per second, single thread (bench/exchange-matching.ts), and what the default market
// makers cost over a day's slate (bench/exchange-makers.ts). Linecast only.
import { measureMakers } from '../exchange-makers.js';
import { type MatchingResult, measureMatching } from '../exchange-matching.js';
import { isNativeLinecast } from '../linecast/target.js';
import type { Target } from '../targets.js';
import type { Scenario, ScenarioResult } from './types.js';

export const exchangeMatching: Scenario = {
  name: 'exchange',
  description: 'exchange engine: orders matched per second (single thread, one book)',
  maxConnections: () => 0,
  appliesTo: isNativeLinecast,
  async run(ctx, target: Target): Promise<ScenarioResult[]> {
    const ops = ctx.full ? 1_000_000 : 200_000;
    const r = measureMatching(ops);
    // With the operation log as the server keeps it: a commit per operation (fsync with `full`).
    const logged = measureMatching(ops, 1, 'normal');
    const synced = measureMatching(ctx.full ? 20_000 : 3_000, 1, 'full');
    const mk = measureMakers(ctx.full ? 120 : 60);
    const mkLogged = measureMakers(ctx.full ? 120 : 60, 'normal');
    const rate = (x: number) => Math.round(x).toLocaleString('en-US');
    ctx.log(
      `exchange: ${rate(r.ordersPerSec)} orders/s in memory, ${rate(logged.ordersPerSec)} logged, ` +
        `${rate(synced.ordersPerSec)} logged with fsync; ${rate(r.tradesPerSec)} trades/s; makers ` +
        `${mk.msPerInterval.toFixed(1)} ms per interval over ${mk.markets} markets ` +
        `(${mkLogged.msPerInterval.toFixed(1)} ms logged)`,
    );
    const persisted = (m: MatchingResult, how: string): ScenarioResult => ({
      scenario: 'exchange',
      target: target.name,
      variant: `${(m.orders + m.cancels).toLocaleString('en-US')} operations, ${how}`,
      metrics: [
        { key: 'orders', label: 'orders/s', value: m.ordersPerSec, unit: '/s', better: 'higher' },
        {
          key: 'ops',
          label: 'orders + cancels/s',
          value: m.opsPerSec,
          unit: '/s',
          better: 'higher',
        },
      ],
      notes: [`${m.orders} orders, ${m.cancels} cancels in ${m.seconds.toFixed(2)} s`],
      detail: m,
    });
    return [
      {
        scenario: 'exchange',
        target: target.name,
        variant: `${(r.orders + r.cancels).toLocaleString('en-US')} operations`,
        metrics: [
          { key: 'orders', label: 'orders/s', value: r.ordersPerSec, unit: '/s', better: 'higher' },
          {
            key: 'ops',
            label: 'orders + cancels/s',
            value: r.opsPerSec,
            unit: '/s',
            better: 'higher',
          },
          { key: 'trades', label: 'trades/s', value: r.tradesPerSec, unit: '/s', better: 'higher' },
        ],
        notes: [
          `${r.orders} orders (${r.rejected} rejected: self-match or buying power), ${r.cancels} cancels, ` +
            `${r.trades} trades, ${r.events} events delivered to one subscriber, in ${r.seconds.toFixed(2)} s`,
        ],
        detail: r,
      },
      {
        scenario: 'exchange',
        target: target.name,
        variant: `default market makers, ${mk.markets} markets`,
        metrics: [
          {
            key: 'interval',
            label: 'ms per maker interval',
            value: mk.msPerInterval,
            unit: 'ms',
            better: 'lower',
          },
          {
            key: 'core',
            label: 'share of one core',
            value: 100 * mk.coreShare,
            unit: '%',
            better: 'lower',
          },
        ],
        notes: [`${mk.quoted} of ${mk.markets} markets quoted, ${mk.intervals} intervals`],
        detail: mk,
      },
      persisted(logged, 'operation log (synchronous normal)'),
      persisted(synced, 'operation log (synchronous full, an fsync per operation)'),
      {
        scenario: 'exchange',
        target: target.name,
        variant: `default market makers, ${mkLogged.markets} markets, operation log`,
        metrics: [
          {
            key: 'interval',
            label: 'ms per maker interval',
            value: mkLogged.msPerInterval,
            unit: 'ms',
            better: 'lower',
          },
        ],
        notes: ['a round of quotes is one commit'],
        detail: mkLogged,
      },
    ];
  },
};
