// Messages between the harness and its child processes (load clients, publisher).
import type { SparseCounts } from './histogram.js';
import type { SeqStep } from './seq-clock.js';
import type { Durability, Ports } from './targets.js';

export type ToClient =
  | {
      type: 'init';
      target: string;
      ports: Ports;
      /** Global index of this process's first connection (decides the filters). */
      from: number;
      count: number;
      /** Read at most this many bytes per second per connection (pausing the socket). */
      readBytesPerSec?: number;
      /** Subscribe every connection to a filter no workload update matches (`IDLE_FILTER`). */
      idle?: boolean;
    }
  | { type: 'reset' }
  | { type: 'snapshot'; id: number }
  /** The next step's clock, for dialects that time frames by seq; answered by `clocked`. */
  | { type: 'clock'; id: number; step: SeqStep }
  | { type: 'stop' };

export interface ClientCounters {
  /** Update frames received (frames carrying a timestamp). */
  updates: number;
  bytes: number;
  open: number;
  lost: number;
  /** process.cpuUsage() user + system, microseconds, cumulative. */
  cpuUs: number;
  /** Latency of the most recent update frame, microseconds. */
  lagUs: number;
}

export type FromClient =
  | { type: 'opened'; open: number; failed: number; ready: number; error?: string }
  | { type: 'clocked'; id: number }
  | ({ type: 'stats' } & ClientCounters)
  | ({ type: 'snapshot'; id: number; hist: SparseCounts; max: number } & ClientCounters);

export type ToPublisher =
  | { type: 'init'; target: string; ports: Ports }
  | {
      type: 'run';
      id: number;
      rate: number;
      durationMs: number;
      /** Schedule start chosen by the harness (announced to the clients); else the publisher's own. */
      startUs?: number;
    }
  | { type: 'stop' };

export type FromPublisher =
  | { type: 'ready'; error?: string }
  | {
      type: 'done';
      id: number;
      sent: number;
      /** Messages sent per sport, indexed like SPORTS. */
      perSport: number[];
      /** Worst lateness of a send against its schedule, microseconds. */
      lateUs: number;
      /** Acknowledgement times of the step's batches, for a durable ingest. */
      durability?: Durability;
    };
