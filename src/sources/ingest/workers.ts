// The ingest worker threads: raw batch bytes go in (transferred, never copied into a string on
// this thread), validated items come back. A thread that dies is logged and replaced; the
// batches it held are answered with LC_ERR_INGEST_WORKER_FAILED, never lost.
import type { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { LinecastError } from '../../errors/catalogue.js';
import { retryDelay } from '../../history/backoff.js';
import { spawnModuleWorker } from '../../history/worker.js';
import type { Framing, Prepared } from './prepare.js';
import type { PrepareReply, PrepareRequest, PrepareWorkerInit } from './prepare-worker.js';

interface Call {
  resolve: (p: Prepared) => void;
  reject: (e: Error) => void;
  bytes: number;
}

interface Slot {
  worker: Worker | undefined;
  calls: Map<number, Call>;
  /** Bytes of the batches this thread holds: new work goes to the least loaded thread. */
  bytes: number;
  /** Deaths since the thread last answered; spaces out restarts of a thread that cannot start. */
  deaths: number;
}

const RESTART = { minMs: 50, maxMs: 5_000 };

/**
 * The bytes as a buffer this thread can give away: the view's own ArrayBuffer when it spans all
 * of it (a concatenated body or message, owned by nobody else), else a copy, so a transfer never
 * detaches memory something else still reads (Node's Buffer pool, a socket's read buffer).
 */
function transferable(bytes: Uint8Array): Uint8Array {
  const whole =
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer;
  return whole ? bytes : new Uint8Array(bytes);
}

export class IngestWorkers {
  readonly #slots: Slot[];
  readonly #init: PrepareWorkerInit;
  readonly #log: Logger;
  #nextId = 1;
  #closed = false;

  constructor(count: number, init: PrepareWorkerInit, log: Logger) {
    this.#init = init;
    this.#log = log;
    this.#slots = Array.from({ length: count }, () => ({
      worker: undefined,
      calls: new Map(),
      bytes: 0,
      deaths: 0,
    }));
    for (const slot of this.#slots) this.#start(slot);
  }

  /** The live threads (tests end one to show a crash is survived). */
  get threads(): Worker[] {
    return this.#slots.flatMap((s) => (s.worker ? [s.worker] : []));
  }

  /** Parses and validates one batch on a worker thread. `bytes` is detached when it can be. */
  prepare(bytes: Uint8Array, framing: Framing, now: number): Promise<Prepared> {
    if (this.#closed) return Promise.reject(new LinecastError('LC_ERR_SERVER_SHUTDOWN'));
    const slot = this.#leastLoaded();
    if (!slot?.worker) return Promise.reject(workerFailed('no ingest worker is running'));
    const id = this.#nextId++;
    const view = transferable(bytes);
    const size = view.byteLength;
    const request: PrepareRequest = { id, bytes: view, framing, now };
    return new Promise<Prepared>((resolve, reject) => {
      slot.calls.set(id, { resolve, reject, bytes: size });
      slot.bytes += size;
      slot.worker!.postMessage(request, [view.buffer as ArrayBuffer]);
    });
  }

  /** Ends every thread; batches still held are refused as at shutdown. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(
      this.#slots.map(async (slot) => {
        const worker = slot.worker;
        slot.worker = undefined;
        this.#fail(slot, new LinecastError('LC_ERR_SERVER_SHUTDOWN'));
        await worker?.terminate();
      }),
    );
  }

  #leastLoaded(): Slot | undefined {
    let best: Slot | undefined;
    for (const slot of this.#slots) {
      if (slot.worker && (!best || slot.bytes < best.bytes)) best = slot;
    }
    return best;
  }

  #start(slot: Slot): void {
    const worker = spawnModuleWorker(new URL(import.meta.url), 'prepare-worker', this.#init);
    // Stateless: a thread never holds the process open (a request waiting on one holds its socket).
    worker.unref();
    slot.worker = worker;
    worker.on('message', (m: PrepareReply) => {
      const call = slot.calls.get(m.id);
      if (!call) return;
      slot.calls.delete(m.id);
      slot.bytes -= call.bytes;
      slot.deaths = 0;
      call.resolve(JSON.parse(m.json) as Prepared);
    });
    // 'error' (an uncaught exception, out of memory) is always followed by 'exit'.
    worker.on('error', (err) => this.#log.error({ err }, 'ingest worker failed'));
    worker.on('exit', (code) => {
      if (slot.worker !== worker) return;
      slot.worker = undefined;
      const held = slot.calls.size;
      this.#fail(slot, workerFailed(`the ingest worker stopped (exit code ${code})`));
      if (this.#closed) return;
      slot.deaths++;
      const delay = slot.deaths === 1 ? 0 : retryDelay(RESTART, slot.deaths - 1);
      this.#log.error({ code, held, restartInMs: delay }, 'ingest worker exited; restarting');
      const timer = setTimeout(() => {
        if (this.#closed) return;
        try {
          this.#start(slot);
        } catch (err) {
          this.#log.error({ err }, 'ingest worker could not be restarted');
        }
      }, delay);
      timer.unref();
    });
  }

  #fail(slot: Slot, err: Error): void {
    for (const call of slot.calls.values()) call.reject(err);
    slot.calls.clear();
    slot.bytes = 0;
  }
}

function workerFailed(detail: string): LinecastError {
  return new LinecastError(
    'LC_ERR_INGEST_WORKER_FAILED',
    `${detail}; nothing of the batch was applied, resend it`,
  );
}
