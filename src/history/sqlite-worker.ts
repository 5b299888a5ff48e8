// The SQLite writer thread: owns the only read-write connection, so commits (and their
// fsyncs and WAL checkpoints) never run on the event loop that fans Changes out.
import { parentPort, workerData } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { HandoffChunk } from './handoff.js';
import { HandoffDecoder } from './handoff-decoder.js';
import { closeSchema, openSchema } from './migrate.js';
import type { Query } from './sql.js';
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

/** `chunks`: one per append() call, in the order they were encoded. */
export type ToWorker =
  | { type: 'write'; id: number; chunks: HandoffChunk[] }
  | { type: 'transact'; id: number; statements: Query[] }
  | { type: 'close'; clean: boolean };

export type FromWorker =
  | { type: 'ready'; state: HistoryState }
  | { type: 'written'; id: number }
  | { type: 'failed'; id: number; op: 'write' | 'prune'; message: string }
  | { type: 'closed' };

const port = parentPort;
if (!port) throw new Error('sqlite-worker must run in a worker thread');
const init = workerData as WorkerInit;

const db = openWriter(init.path, init.synchronous, init.busyTimeoutMs);
const state = await openSchema(executor(db), sqliteTypes, init.maxQueued);
const write = batchWriter(db);
const decoder = new HandoffDecoder();
// A message at a time: a prune batch and a write never interleave, and writes queued behind
// a prune wait for one batch at most (retention.batchRows).
const prepared = new Map<string, Database.Statement>();
const transact = db.transaction((statements: Query[]) => {
  for (const st of statements) {
    let stmt = prepared.get(st.sql);
    if (!stmt) {
      stmt = db.prepare(st.sql);
      prepared.set(st.sql, stmt);
    }
    stmt.run(...st.params);
  }
});
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
  const op = m.type === 'write' ? 'write' : 'prune';
  try {
    if (m.type === 'write') {
      try {
        write(m.chunks.map((c) => decoder.decode(c)));
      } catch (err) {
        decoder.failed();
        throw err;
      }
      const last = m.chunks[m.chunks.length - 1];
      if (last) decoder.committed(last.gen);
    } else transact(m.statements);
    post({ type: 'written', id: m.id });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    post({ type: 'failed', id: m.id, op, message });
  }
});
