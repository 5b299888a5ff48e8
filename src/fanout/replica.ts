// A fan-out worker's copy of main's odds book: a State that follows main's Changes, so the
// dialect and hub code runs in the worker unchanged over the same ports (the alert stream's
// copy is an AlertWindow, fed main's alert batches). Applying a Change is cheap next to writing
// it to a thousand sockets, which is what the worker is for.
import { State } from '../state/state.js';
import type { Opening } from './wire.js';

/** Main's book at the opening's position, its window included, ready to follow. */
export function stateReplica(o: Opening): State {
  const state = new State({
    epoch: o.position.epoch,
    lastSeq: o.position.seq,
    windowSize: o.config.state.windowSize,
    clock: Date.now,
  });
  state.restore(o.events, o.quotes);
  for (const c of o.window) state.remember(c);
  return state;
}
