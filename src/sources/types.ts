// The source seam: anything that produces canonical updates (simulator, ingest, replay, NATS).
import type { Update } from '../model/types.js';

/** Called with a batch of updates; returns once state has applied them. */
export type Emit = (updates: Update[]) => void;

export interface Source {
  readonly name: string;
  start(emit: Emit): void;
  stop(): Promise<void>;
}

export type { Clock } from '../timers/clock.js';
