// Server frames of linecast.v1. Pure functions: a Change in, the exact text out.
import type { Change, Position, Quote, Snapshot, SportEvent } from '../../model/types.js';
import type { SubscriptionStart } from '../../seam/dialect.js';

export const PROTOCOL = 'linecast.v1';

export function welcomeFrame(info: {
  server: string;
  heartbeatMs: number;
  position: Position;
  limits: Record<string, number>;
}): string {
  return JSON.stringify({ type: 'welcome', protocol: PROTOCOL, ...info });
}

/** One frame per Change, shared by every session: it names no subscription. */
export function changeFrame(c: Change): string {
  if (c.kind === 'event') {
    return JSON.stringify({ type: 'event', epoch: c.epoch, seq: c.seq, at: c.at, event: c.after });
  }
  return JSON.stringify({
    type: 'quote',
    epoch: c.epoch,
    seq: c.seq,
    at: c.at,
    sport: c.sport,
    league: c.league,
    key: c.key,
    value: c.after,
  });
}

export function heartbeatFrame(now: number, position: Position): string {
  return JSON.stringify({ type: 'heartbeat', now, position });
}

export function subscribedFrame(id: string, start: SubscriptionStart): string {
  return JSON.stringify({
    type: 'subscribed',
    id,
    mode: start.mode,
    recovered: start.recovered,
    position: start.position,
  });
}

/** Splits an image into frames of at most `segment` quotes; events ride in the first part. */
export function snapshotFrames(id: string, snap: Snapshot, segment: number): string[] {
  const parts = Math.max(1, Math.ceil(snap.quotes.length / segment));
  const frames: string[] = [];
  for (let part = 0; part < parts; part++) {
    const events: SportEvent[] = part === 0 ? snap.events : [];
    const quotes: Quote[] = snap.quotes.slice(part * segment, (part + 1) * segment);
    frames.push(
      JSON.stringify({
        type: 'snapshot',
        id,
        part: part + 1,
        parts,
        position: snap.position,
        events,
        quotes,
      }),
    );
  }
  return frames;
}

export function errorFrame(code: string, message: string, id?: string): string {
  return JSON.stringify(
    id === undefined ? { type: 'error', code, message } : { type: 'error', id, code, message },
  );
}

export function unsubscribedFrame(id: string): string {
  return JSON.stringify({ type: 'unsubscribed', id });
}

export function pongFrame(id?: string): string {
  return JSON.stringify(id === undefined ? { type: 'pong' } : { type: 'pong', id });
}
