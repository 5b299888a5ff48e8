// The source seam: anything that produces canonical updates (simulator, ingest, replay, NATS).
import type { Update } from '../model/types.js';

/** Called with a batch of updates; returns once state has applied them. */
export type Emit = (updates: Update[]) => void;

export interface Source {
  readonly name: string;
  /**
   * Starts producing. A source whose opening board takes more than one batch returns a promise
   * that settles once that board is handed over: the server reports ready only after it, so a
   * client that subscribes at once gets a full snapshot, as from a real feed.
   */
  start(emit: Emit): void | Promise<void>;
  stop(): Promise<void>;
}

export type { Clock } from '../timers/clock.js';
