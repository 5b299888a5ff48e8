// Whole-population rounds (pings, heartbeats) spread out instead of one burst of writes: at
// 5,000 connections one round is tens of milliseconds of socket writes, which every update
// due meanwhile waits behind.

import type { Scheduler } from '../timers/scheduler.js';

/**
 * Runs a round every `intervalMs` as `slices` parts, one part every `intervalMs / slices`: part
 * `k` is the members whose number is `k` modulo `slices`. Each member is still visited once per
 * interval, at its own phase.
 */
export function everyInSlices(
  scheduler: Scheduler,
  intervalMs: number,
  slices: number,
  visitSlice: (slice: number, slices: number) => void,
): () => void {
  let tick = 0;
  return scheduler.every(intervalMs / slices, () => {
    const slice = tick;
    tick = (tick + 1) % slices;
    visitSlice(slice, slices);
  });
}

/**
 * Visits `members` `perTurn` at a time, one batch per event-loop turn (setImmediate), so the
 * round's writes interleave with fan-out instead of holding it up. A member gone by its turn
 * is still visited: `visit` checks what it needs.
 */
export function inTurns<T>(
  members: readonly T[],
  perTurn: number,
  visit: (batch: readonly T[]) => void,
): void {
  let at = 0;
  const next = (): void => {
    const batch = members.slice(at, at + perTurn);
    at += perTurn;
    if (at < members.length) setImmediate(next);
    visit(batch);
  };
  next();
}
