// The embedded default: SQLite at <dataDir>/history.sqlite. Writes go to a worker thread;
// reads use a read-only connection on the calling thread (WAL lets it read while the
// worker commits, and the rows must become JS objects on this thread anyway).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { Change } from '../model/types.js';
import type { HandoffChunk } from './handoff.js';
import { HandoffEncoder } from './handoff-encoder.js';
import type { Cell } from './rows.js';
import type { Query } from './sql.js';
import { openReader, type SqliteSynchronous } from './sqlite-db.js';
import type { FromWorker, ToWorker, WorkerInit } from './sqlite-worker.js';
import { BatchedHistoryStore, type StoreOptions } from './store.js';
import type { HistoryState } from './types.js';
import { spawnModuleWorker } from './worker.js';

export interface SqliteHistoryOptions extends StoreOptions {
  /** Directory for history.sqlite (and its -wal/-shm files); created if missing. */
  dataDir: string;
  /**
   * `full` (default): each batch's commit is fsynced before waitDurable resolves, so it
   * survives power loss. `normal`: survives the process being killed, not the OS crashing.
   */
  synchronous?: SqliteSynchronous;
  /** How long a write waits for a lock another connection holds before it fails (and is retried). Default 5,000 ms. */
  busyTimeoutMs?: number;
}

/**
 * One append() chunk in the hand-off format (handoff.ts): bytes and a few new strings cross
 * to the worker as a cheap copy, and the JSON of each Change is built there. Copied, not
 * transferred: a failed write is sent again with the same chunks.
 */
type Chunk = HandoffChunk;

export class SqliteHistoryStore extends BatchedHistoryStore<Chunk> {
  readonly path: string;
  readonly #synchronous: SqliteSynchronous;
  readonly #busyTimeoutMs: number;
  #worker: Worker | undefined;
  /** Chunks reach the worker in the order they are encoded (the write queue keeps it), so one encoder serves the store's life. */
  readonly #encoder = new HandoffEncoder();
  #reader: Database.Database | undefined;
  readonly #statements = new Map<string, Database.Statement>();
  readonly #calls = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  #nextId = 1;
  #dead: Error | undefined;
  #starting: { resolve: (s: HistoryState) => void; reject: (e: Error) => void } | undefined;

  constructor(opts: SqliteHistoryOptions) {
    super(opts);
    mkdirSync(opts.dataDir, { recursive: true });
    this.path = join(opts.dataDir, 'history.sqlite');
    this.#synchronous = opts.synchronous ?? 'full';
    this.#busyTimeoutMs = opts.busyTimeoutMs ?? 5_000;
  }

  protected async connect(maxQueued: number): Promise<HistoryState> {
    const init: WorkerInit = {
      path: this.path,
      synchronous: this.#synchronous,
      busyTimeoutMs: this.#busyTimeoutMs,
      maxQueued,
    };
    const worker = spawnModuleWorker(new URL(import.meta.url), 'sqlite-worker', init);
    this.#worker = worker;
    const state = new Promise<HistoryState>((resolve, reject) => {
      this.#starting = { resolve, reject };
    });
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'ready') this.#starting?.resolve(m.state);
      else this.#reply(m);
    });
    worker.on('error', (err) => this.#die(err));
    worker.on('exit', (code) => this.#die(new Error(`history writer exited with code ${code}`)));
    await state;
    this.#starting = undefined;
    this.#reader = openReader(this.path, this.#busyTimeoutMs);
    return state;
  }

  protected encode(changes: readonly Change[]): Chunk {
    return this.#encoder.encode(changes);
  }

  protected write(chunks: Chunk[]): Promise<void> {
    if (this.#dead) return Promise.reject(this.#dead);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#calls.set(id, { resolve, reject });
      this.#post({ type: 'write', id, chunks });
    });
  }

  protected transact(statements: Query[]): Promise<void> {
    if (this.#dead) return Promise.reject(this.#dead);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#calls.set(id, { resolve, reject });
      this.#post({ type: 'transact', id, statements });
    });
  }

  /** Pages in use (freed pages are reused, not returned: the file keeps its high-water mark). */
  protected async measureBytes(): Promise<number> {
    const db = this.#open();
    const pages = Number(db.pragma('page_count', { simple: true }));
    const free = Number(db.pragma('freelist_count', { simple: true }));
    return (pages - free) * Number(db.pragma('page_size', { simple: true }));
  }

  #open(): Database.Database {
    if (!this.#reader) throw new Error('history store is not open');
    return this.#reader;
  }

  protected async all<T>(sql: string, params: Cell[]): Promise<T[]> {
    if (!this.#reader) throw new Error('history store is not open');
    let stmt = this.#statements.get(sql);
    if (!stmt) {
      stmt = this.#reader.prepare(sql);
      this.#statements.set(sql, stmt);
    }
    return stmt.all(...params) as T[];
  }

  protected async disconnect(clean: boolean): Promise<void> {
    this.#reader?.close();
    this.#reader = undefined;
    const worker = this.#worker;
    this.#worker = undefined;
    if (!worker || this.#dead) return;
    worker.removeAllListeners('exit');
    const closed = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    this.#post({ type: 'close', clean }, worker);
    await closed;
  }

  #post(m: ToWorker, worker = this.#worker): void {
    worker?.postMessage(m);
  }

  #reply(m: FromWorker): void {
    if (m.type !== 'written' && m.type !== 'failed') return;
    const call = this.#calls.get(m.id);
    this.#calls.delete(m.id);
    if (m.type === 'written') call?.resolve();
    else call?.reject(new Error(`history ${m.op} failed: ${m.message}`));
  }

  #die(err: Error): void {
    this.#dead ??= err;
    this.#starting?.reject(err);
    for (const call of this.#calls.values()) call.reject(err);
    this.#calls.clear();
  }
}
