// Picks the history driver from config: SQLite in the data directory, or PostgreSQL by URL.
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { LinecastError } from '../errors/catalogue.js';
import { PgHistoryStore } from './pg.js';
import { SqliteHistoryStore } from './sqlite.js';
import type { HistoryStore } from './types.js';

export function openHistory(config: Config, log: Logger): HistoryStore {
  const queue = {
    batchSize: config.history.batchSize,
    flushIntervalMs: config.history.flushMs,
    maxQueued: config.history.maxQueued,
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
  return new SqliteHistoryStore({ dataDir: config.dataDir, ...queue });
}
