// Prometheus metrics, built by the composition root (no global registry).
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  return {
    registry,
    ingestItems: new Counter({
      name: 'linecast_ingest_items_total',
      help: 'Ingest items by result',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    sourceUpdates: new Counter({
      name: 'linecast_source_updates_total',
      help: 'Updates offered by sources, by source',
      labelNames: ['source'] as const,
      registers: [registry],
    }),
    shedUpdates: new Counter({
      name: 'linecast_shed_updates_total',
      help: 'Simulator updates skipped because history was saturated or failing',
      registers: [registry],
    }),
    dialectFaults: new Counter({
      name: 'linecast_dialect_faults_total',
      help: 'Frames or pushes a dialect could not build (logged; the connection lives on)',
      labelNames: ['where'] as const,
      registers: [registry],
    }),
    changes: new Counter({
      name: 'linecast_changes_total',
      help: 'Changes produced by state',
      registers: [registry],
    }),
    historyLag: new Gauge({
      name: 'linecast_history_lag_changes',
      help: 'Changes not yet durable in history',
      registers: [registry],
    }),
    historyLagSeconds: new Gauge({
      name: 'linecast_history_lag_seconds',
      help: 'Age of the oldest Change not yet durable',
      registers: [registry],
    }),
    historyWritable: new Gauge({
      name: 'linecast_history_writable',
      help: '1 while history writes succeed; 0 while a write fails and is retried (updates are paused)',
      registers: [registry],
    }),
    historyWriteFailures: new Gauge({
      name: 'linecast_history_write_failures_total',
      help: 'Failed history write attempts since start',
      registers: [registry],
    }),
    historyBytes: new Gauge({
      name: 'linecast_history_bytes',
      help: 'Stored history size as measured at the last retention run (SQLite: pages in use; PostgreSQL: estimated live bytes)',
      registers: [registry],
    }),
    historyRows: new Gauge({
      name: 'linecast_history_rows',
      help: 'History rows at the last retention run: window (the retained Changes) and kept (openers, closing and latest values beyond it)',
      labelNames: ['table'] as const,
      registers: [registry],
    }),
    historyOldestSeconds: new Gauge({
      name: 'linecast_history_oldest_timestamp_seconds',
      help: 'Time of the oldest retained Change (unix seconds)',
      registers: [registry],
    }),
    historyPruned: new Gauge({
      name: 'linecast_history_pruned_total',
      help: 'Changes removed by retention since start',
      registers: [registry],
    }),
    diskFree: new Gauge({
      name: 'linecast_disk_free_bytes',
      help: "Free bytes on the data directory's disk (for an unprivileged user) at the last retention run",
      registers: [registry],
    }),
    connections: new Gauge({
      name: 'linecast_stream_connections',
      help: 'Open stream connections',
      registers: [registry],
    }),
    subscriptions: new Gauge({
      name: 'linecast_stream_subscriptions',
      help: 'Live subscriptions',
      registers: [registry],
    }),
    overflow: new Gauge({
      name: 'linecast_stream_overflow_frames',
      help: 'Frames not sent to slow readers since start: superseded (conflate), dropped (drop-oldest); and sessions closed as slow (disconnect)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    connectionTransitions: new Counter({
      name: 'linecast_connection_transitions_total',
      help: 'Connection lifecycle transitions by dialect, new state (refused, live, closing, closed) and reason code',
      labelNames: ['dialect', 'state', 'reason'] as const,
      registers: [registry],
    }),
    callbackErrors: new Counter({
      name: 'linecast_callback_errors_total',
      help: 'Errors thrown by timers, dialect encoders and hooks outside a request; logged, never fatal',
      labelNames: ['where'] as const,
      registers: [registry],
    }),
    sourceUp: new Gauge({
      name: 'linecast_source_up',
      help: 'Feed health per source: 1 while it speaks, 0 once silent past sources.silenceMs (its quotes suspended, reason source_down)',
      labelNames: ['source'] as const,
      registers: [registry],
    }),
    quotes: new Gauge({
      name: 'linecast_state_quotes',
      help: 'Quotes in the book',
      registers: [registry],
    }),
    events: new Gauge({
      name: 'linecast_state_events',
      help: 'Events in the book',
      registers: [registry],
    }),
    fanoutWorkersReady: new Gauge({
      name: 'linecast_fanout_workers_ready',
      help: 'Fan-out worker processes serving connections (of fanout.workers)',
      registers: [registry],
    }),
    fanoutConnections: new Gauge({
      name: 'linecast_fanout_connections',
      help: 'Stream connections owned by fan-out workers (also in linecast_stream_connections)',
      registers: [registry],
    }),
    fanoutBacklog: new Gauge({
      name: 'linecast_fanout_backlog_bytes',
      help: 'Bytes of batches written to fan-out workers and not yet read by them',
      registers: [registry],
    }),
    fanoutRestarts: new Gauge({
      name: 'linecast_fanout_restarts_total',
      help: 'Fan-out workers forked again after dying or being cut for their backlog',
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
