// The SQLite writer thread: owns the only read-write connection, so commits (and their
// fsyncs and WAL checkpoints) never run on the event loop that fans Changes out.
import { parentPort, workerData } from 'node:worker_threads';
import { closeSchema, openSchema } from './migrate.js';
import type { Cell } from './rows.js';
import {
  batchWriter,
  executor,
  openWriter,
  type SqliteSynchronous,
  sqliteTypes,
} from './sqlite-db.js';
import type { HistoryState } from './types.js';

export interface WorkerInit {
  path: string;
  synchronous: SqliteSynchronous;
  busyTimeoutMs: number;
  maxQueued: number;
}

/** `chunks`: JSON arrays of encoded cells, one per append() call. */
export type ToWorker =
  | { type: 'write'; id: number; chunks: string[] }
  | { type: 'close'; clean: boolean };

export type FromWorker =
  | { type: 'ready'; state: HistoryState }
  | { type: 'written'; id: number }
  | { type: 'failed'; id: number; message: string }
  | { type: 'closed' };

const port = parentPort;
if (!port) throw new Error('sqlite-worker must run in a worker thread');
const init = workerData as WorkerInit;

const db = openWriter(init.path, init.synchronous, init.busyTimeoutMs);
const state = await openSchema(executor(db), sqliteTypes, init.maxQueued);
const write = batchWriter(db);
const post = (m: FromWorker) => port.postMessage(m);
post({ type: 'ready', state });

port.on('message', async (m: ToWorker) => {
  if (m.type === 'close') {
    try {
      await closeSchema(executor(db), m.clean);
    } finally {
      db.close();
    }
    post({ type: 'closed' });
    port.close();
    return;
  }
  try {
    write(m.chunks.map((c) => JSON.parse(c) as Cell[]));
    post({ type: 'written', id: m.id });
  } catch (err) {
    post({ type: 'failed', id: m.id, message: err instanceof Error ? err.message : String(err) });
  }
});
