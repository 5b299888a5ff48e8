// Picks the history driver from config: SQLite in the data directory, or PostgreSQL by URL.
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { LinecastError } from '../errors/catalogue.js';
import { PgHistoryStore } from './pg.js';
import { SqliteHistoryStore } from './sqlite.js';
import type { StoreOptions } from './store.js';
import type { HistoryStore } from './types.js';
import type { HealthEvent } from './write-queue.js';

/** `clock` dates retention's cutoff (the app's clock, so tests drive it). */
export function openHistory(
  config: Config,
  log: Logger,
  clock: () => number = Date.now,
): HistoryStore {
  const h = config.history;
  const { maxAgeMs, maxBytes, batchRows, keptMaxAgeMs } = h.retention;
  const queue: StoreOptions = {
    batchSize: h.batchSize,
    flushIntervalMs: h.flushMs,
    maxQueued: h.maxQueued,
    retry: { minMs: h.retryMinMs, maxMs: h.retryMaxMs },
    closeTimeoutMs: h.closeTimeoutMs,
    onHealth: logHealth(log),
    retention: { maxAgeMs, maxBytes, batchRows, keptMaxAgeMs },
    clock,
  };
  const url = config.history.url;
  if (url !== '') {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new LinecastError(
        'LC_ERR_CONFIG_INVALID',
        'history.url must be a postgres:// URL or empty',
      );
    }
    log.info({ driver: 'postgres' }, 'history');
    return new PgHistoryStore({ url, ...queue });
  }
  log.info({ driver: 'sqlite', dataDir: config.dataDir }, 'history');
  return new SqliteHistoryStore({
    dataDir: config.dataDir,
    busyTimeoutMs: h.busyTimeoutMs,
    ...queue,
  });
}

/** The log names the real error once per attempt (attempts are spaced by the back-off). */
function logHealth(log: Logger): (e: HealthEvent) => void {
  return (e) => {
    if (e.type === 'failed') {
      log.error(
        { err: e.error, attempt: e.attempt, retryInMs: e.retryInMs },
        e.op === 'write'
          ? 'history write failed; updates paused until it succeeds'
          : 'history database unreachable; retrying',
      );
    } else if (e.type === 'recovered') {
      log.warn({ attempts: e.attempts, downMs: e.downMs }, 'history writable again');
    } else {
      log.error({ err: e.error, queued: e.queued }, 'history gave up at shutdown');
    }
  };
}
