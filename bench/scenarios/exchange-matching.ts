// (e) The exchange engine behind the Polymarket US dialect: orders matched per second, single
// thread, in this process (bench/exchange-matching.ts). Linecast only; no server is started.
import { measureMatching } from '../exchange-matching.js';
import { isNativeLinecast } from '../linecast/target.js';
import type { Target } from '../targets.js';
import type { Scenario, ScenarioResult } from './types.js';

export const exchangeMatching: Scenario = {
  name: 'exchange',
  description: 'exchange engine: orders matched per second (single thread, one book)',
  maxConnections: () => 0,
  appliesTo: isNativeLinecast,
  async run(ctx, target: Target): Promise<ScenarioResult[]> {
    const r = measureMatching(ctx.full ? 1_000_000 : 200_000);
    ctx.log(
      `exchange: ${Math.round(r.ordersPerSec).toLocaleString('en-US')} orders/s, ` +
        `${Math.round(r.tradesPerSec).toLocaleString('en-US')} trades/s`,
    );
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
    ];
  },
};
