// TickOdds server frames (spec §2.1), built as strings around the event's cached JSON so a whole
// event is serialised once per change, not once per frame or per subscriber.
import type { SelectionView } from './document.js';

const s = JSON.stringify;

export function snapshotFrame(events: readonly string[]): string {
  return `{"type":"snapshot","count":${events.length},"events":[${events.join(',')}]}`;
}

export function matchStartFrame(event: string): string {
  return `{"type":"match_start","event":${event}}`;
}

export function matchEndFrame(fixtureId: string, event: string): string {
  return `{"type":"match_end","fixtureId":${s(fixtureId)},"event":${event}}`;
}

export type UpdateDetail =
  | { change: 'odds'; marketName: string; selection: SelectionView }
  | { change: 'score' | 'period'; from: string; to: string }
  | { change: 'incident'; incident: string }
  | { change: 'suspended'; suspended: boolean };

export function updateFrame(fixtureId: string, event: string, d: UpdateDetail): string {
  const head = `{"type":"update","fixtureId":${s(fixtureId)},"change":${s(d.change)},"event":${event}`;
  switch (d.change) {
    case 'odds': {
      const { id, name, odds, handicap, suspended } = d.selection;
      return `${head},"marketName":${s(d.marketName)},"selection":${s({ id, name, odds, handicap, suspended })}}`;
    }
    case 'score':
    case 'period':
      return `${head},"from":${s(d.from)},"to":${s(d.to)}}`;
    case 'incident':
      return `${head},"incident":${s(d.incident)}}`;
    case 'suspended':
      return `${head},"suspended":${d.suspended}}`;
  }
}

/** RFC 3339 UTC, second precision, `Z` (the vendor's example). */
export function heartbeatFrame(now: number): string {
  return `{"type":"heartbeat","timestamp":"${new Date(now).toISOString().slice(0, 19)}Z"}`;
}

/** Only with `ackSubscriptions` (the vendor documents no reply). */
export function subscribedFrame(sports: readonly string[] | 'all'): string {
  return s({ type: 'subscribed', sports: sports === 'all' ? ['all'] : sports });
}

/** The REST error envelope, reused for refusals at the upgrade (spec §1.2, §5). */
export function errorBody(code: string, message: string) {
  return { ok: false, error: { code, message } };
}
