// Liveness, readiness and Prometheus metrics.

import type { FanoutStatus } from '../../fanout/pool.js';
import type { StorageStatus } from '../../history/retention-runner.js';
import type { HistoryStore } from '../../history/types.js';
import type { Hub } from '../../hub/hub.js';
import type { Metrics } from '../../observability/metrics.js';
import { json, type Route } from '../../seam/http.js';
import type { State } from '../../state/state.js';

export function healthRoutes(deps: {
  ready: () => boolean;
  metrics: Metrics;
  history: HistoryStore;
  /** History size and free disk as last measured by retention. */
  storage: () => StorageStatus;
  state: State;
  hub: Hub;
  /** Feed health per source: up, and how long since it was last heard. */
  sources: () => Record<string, { up: boolean; silentForMs: number }>;
  /** Fan-out workers, when `fanout.workers` > 0. */
  fanout?: (() => FanoutStatus) | undefined;
}): Route[] {
  const { metrics, history, state, hub } = deps;
  return [
    { method: 'GET', path: '/healthz', handler: () => json(200, { status: 'ok' }) },
    {
      method: 'GET',
      path: '/readyz',
      handler: () => {
        if (!deps.ready()) return json(503, { status: 'starting' });
        const h = history.health();
        // The error text stays in the log: this route is open and it may name hosts or paths.
        if (!h.writable) {
          const { failingSinceMs, attempts } = h;
          return json(503, { status: 'history_failing', failingSinceMs, attempts });
        }
        // A source that is down shows here; readiness stays green: the server itself is fine,
        // and its clients already see that source's quotes suspended. So does a disk running
        // low: it warns while writes still succeed; once they fail, history_failing above.
        const disk = deps.storage();
        const warnings: Record<string, unknown>[] = disk.diskLow
          ? [{ code: 'disk_low', freeBytes: disk.freeBytes }]
          : [];
        // A worker down (restarting) warns: the main thread serves its share meanwhile.
        const fanout = deps.fanout?.();
        if (fanout && fanout.ready < fanout.workers)
          warnings.push({
            code: 'fanout_worker_down',
            ready: fanout.ready,
            workers: fanout.workers,
          });
        return json(200, {
          status: 'ready',
          position: state.position(),
          sources: deps.sources(),
          ...(fanout ? { fanout } : {}),
          ...(warnings.length > 0 ? { warnings } : {}),
        });
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      handler: async () => {
        const lag = history.lag();
        metrics.historyLag.set(lag.queued);
        metrics.historyLagSeconds.set(lag.oldestMs / 1000);
        const h = history.health();
        metrics.historyWritable.set(h.writable ? 1 : 0);
        metrics.historyWriteFailures.set(h.failuresTotal);
        for (const [source, s] of Object.entries(deps.sources())) {
          metrics.sourceUp.set({ source }, s.up ? 1 : 0);
        }
        const disk = deps.storage();
        if (disk.usage) {
          metrics.historyBytes.set(disk.usage.bytes);
          metrics.historyRows.set({ table: 'window' }, disk.usage.rows);
          metrics.historyRows.set({ table: 'kept' }, disk.usage.keptRows);
          if (disk.usage.oldestAt !== null)
            metrics.historyOldestSeconds.set(disk.usage.oldestAt / 1000);
        }
        metrics.historyPruned.set(disk.prunedTotal);
        if (disk.freeBytes !== undefined) metrics.diskFree.set(disk.freeBytes);
        metrics.quotes.set(state.quoteCount());
        metrics.events.set(state.eventCount());
        const fanout = deps.fanout?.();
        metrics.connections.set(hub.connectionCount + (fanout?.connections ?? 0));
        metrics.subscriptions.set(hub.subscriptionCount + (fanout?.subscriptions ?? 0));
        if (fanout) {
          metrics.fanoutWorkersReady.set(fanout.ready);
          metrics.fanoutConnections.set(fanout.connections);
          metrics.fanoutBacklog.set(fanout.backlogBytes);
          metrics.fanoutRestarts.set(fanout.restarts);
        }
        metrics.overflow.set({ outcome: 'conflated' }, hub.overflow.conflated);
        metrics.overflow.set({ outcome: 'dropped' }, hub.overflow.dropped);
        metrics.overflow.set({ outcome: 'slow_closed' }, hub.overflow.slowClosed);
        return {
          status: 200,
          headers: { 'content-type': metrics.registry.contentType },
          body: await metrics.registry.metrics(),
        };
      },
    },
  ];
}
