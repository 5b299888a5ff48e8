// The history module's public surface.

export { openHistory } from './open.js';
export type { PgHistoryOptions } from './pg.js';
export { PgHistoryStore } from './pg.js';
export type { SqliteHistoryOptions } from './sqlite.js';
export { SqliteHistoryStore } from './sqlite.js';
export type { SqliteSynchronous } from './sqlite-db.js';
export type { ThroughputOptions, ThroughputResult } from './throughput.js';
export { measureHistoryThroughput } from './throughput.js';
export type * from './types.js';
export type { WriteQueueOptions } from './write-queue.js';
export { WRITE_QUEUE_DEFAULTS } from './write-queue.js';
