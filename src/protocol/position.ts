// Positions as text (`<epoch>:<seq>`): the SSE `id:` / `Last-Event-ID` and the `from` parameter.
import type { Position } from './types.js';

export function formatPosition(p: Position): string {
  return `${p.epoch}:${p.seq}`;
}

/** Null for anything that is not `<epoch>:<seq>` with an epoch of 1 to 64 characters. */
export function parsePosition(text: string): Position | null {
  const m = /^([^:]{1,64}):(\d{1,15})$/.exec(text.trim());
  return m ? { epoch: m[1]!, seq: Number(m[2]) } : null;
}
