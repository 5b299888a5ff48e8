// Server frames of linecast.v1. Pure functions: a Change in, the exact text out. Each frame is
// built as its type from src/protocol, so the SDK reads exactly what is written here.
import type { AlertChange, SteamAlert } from '../../analytics/types.js';
import type { Change, Position, Quote, Snapshot, SportEvent } from '../../model/types.js';
import {
  type AlertFrame,
  type AlertSnapshotFrame,
  type ErrorFrame,
  type EventFrame,
  type HeartbeatFrame,
  type PongFrame,
  PROTOCOL,
  type QuoteFrame,
  type SnapshotFrame,
  type SubscribedFrame,
  type UnsubscribedFrame,
  type WelcomeFrame,
} from '../../protocol/frames.js';
import type { SubscriptionStart } from '../../seam/dialect.js';

export { PROTOCOL };

export function welcomeFrame(info: {
  server: string;
  heartbeatMs: number;
  position: Position;
  limits: Record<string, number>;
}): string {
  const f: WelcomeFrame = { type: 'welcome', protocol: PROTOCOL, ...info };
  return JSON.stringify(f);
}

/** One frame per Change, shared by every session: it names no subscription. */
export function changeFrame(c: Change): string {
  if (c.kind === 'event') {
    const f: EventFrame = { type: 'event', epoch: c.epoch, seq: c.seq, at: c.at, event: c.after };
    return JSON.stringify(f);
  }
  const f: QuoteFrame = {
    type: 'quote',
    epoch: c.epoch,
    seq: c.seq,
    at: c.at,
    sport: c.sport,
    league: c.league,
    key: c.key,
    value: c.after,
  };
  return JSON.stringify(f);
}

export function heartbeatFrame(now: number, position: Position): string {
  const f: HeartbeatFrame = { type: 'heartbeat', now, position };
  return JSON.stringify(f);
}

export function subscribedFrame(id: string, start: SubscriptionStart): string {
  const f: SubscribedFrame = {
    type: 'subscribed',
    id,
    mode: start.mode,
    recovered: start.recovered,
    position: start.position,
  };
  return JSON.stringify(f);
}

/** Splits an image into frames of at most `segment` quotes; events ride in the first part. */
export function snapshotFrames(id: string, snap: Snapshot, segment: number): string[] {
  const parts = Math.max(1, Math.ceil(snap.quotes.length / segment));
  const frames: string[] = [];
  for (let part = 0; part < parts; part++) {
    const events: SportEvent[] = part === 0 ? snap.events : [];
    const quotes: Quote[] = snap.quotes.slice(part * segment, (part + 1) * segment);
    const f: SnapshotFrame = {
      type: 'snapshot',
      id,
      part: part + 1,
      parts,
      position: snap.position,
      events,
      quotes,
    };
    frames.push(JSON.stringify(f));
  }
  return frames;
}

export function errorFrame(code: string, message: string, id?: string): string {
  const f: ErrorFrame =
    id === undefined ? { type: 'error', code, message } : { type: 'error', id, code, message };
  return JSON.stringify(f);
}

export function unsubscribedFrame(id: string): string {
  const f: UnsubscribedFrame = { type: 'unsubscribed', id };
  return JSON.stringify(f);
}

export function pongFrame(id?: string): string {
  const f: PongFrame = id === undefined ? { type: 'pong' } : { type: 'pong', id };
  return JSON.stringify(f);
}

/** One alert phase, shared by every alert subscription it matches. */
export function alertFrame(c: AlertChange): string {
  const a = c.alert;
  if (a.kind === 'steam') return steamFrame(c.epoch, c.seq, a);
  const f: AlertFrame = { type: 'alert', epoch: c.epoch, seq: c.seq, alert: a };
  return JSON.stringify(f);
}

/** Stands for the moves in a steam frame's text until their cached text replaces it. */
const MOVES = JSON.stringify('\u0000moves');
/** The keys and their stand-in: a string value's own quotes are escaped, so each occurs once. */
const LEADER_AT = `"leader":${MOVES}`;
const FOLLOWERS_AT = `"followers":${MOVES}`;
/** Each move's text: a leader or follower never changes once it joined its watch. */
const moveText = new WeakMap<object, string>();

function textOf(m: object): string {
  let text = moveText.get(m);
  if (text === undefined) {
    text = JSON.stringify(m);
    moveText.set(m, text);
  }
  return text;
}

/**
 * A steam phase repeats the leader and every follower so far, and a watch's phases come one per
 * new follower: formatting their numbers again each time was the larger part of encoding every
 * alert (profiled). Each move is encoded once and the frame is spliced together; the text is
 * exactly JSON.stringify's (same keys, same order).
 */
function steamFrame(epoch: string, seq: number, a: SteamAlert): string {
  // Replacing a key's value keeps its place among the keys (the leader comes before the followers).
  const stand = JSON.parse(MOVES) as never;
  const f: AlertFrame = {
    type: 'alert',
    epoch,
    seq,
    alert: { ...a, leader: stand, followers: stand },
  };
  const shell = JSON.stringify(f);
  const lead = shell.indexOf(LEADER_AT);
  const follow = shell.indexOf(FOLLOWERS_AT, lead);
  let list = '';
  for (const m of a.followers) list = list === '' ? textOf(m) : `${list},${textOf(m)}`;
  return (
    `${shell.slice(0, lead)}"leader":${textOf(a.leader)}` +
    `${shell.slice(lead + LEADER_AT.length, follow)}"followers":[${list}]` +
    shell.slice(follow + FOLLOWERS_AT.length)
  );
}

/** The open alerts in frames of at most `segment` alerts. */
export function alertSnapshotFrames(
  id: string,
  position: Position,
  alerts: readonly AlertChange[],
  segment: number,
): string[] {
  const parts = Math.max(1, Math.ceil(alerts.length / segment));
  const frames: string[] = [];
  for (let part = 0; part < parts; part++) {
    const f: AlertSnapshotFrame = {
      type: 'alert_snapshot',
      id,
      part: part + 1,
      parts,
      position,
      alerts: alerts.slice(part * segment, (part + 1) * segment).map((c) => c.alert),
    };
    frames.push(JSON.stringify(f));
  }
  return frames;
}
