// The source seam: anything that produces canonical updates (simulator, ingest, replay, NATS).
import type { Update } from '../model/types.js';

/** Called with a batch of updates; returns once state has applied them. */
export type Emit = (updates: Update[]) => void;

export interface Source {
  readonly name: string;
  start(emit: Emit): void;
  stop(): Promise<void>;
}

/** Milliseconds since the epoch; passed in so tests can drive time. */
export type Clock = () => number;
