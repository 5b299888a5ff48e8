// Client frames of the RapidOdds stream, validated once at the edge into commands.
import { z } from 'zod';
import { jsonDepth, MAX_FRAME_DEPTH } from '../../model/json-depth.js';

export type Command =
  | { action: 'subscribe'; sport: string; bookmakers: string[]; marketTypes: string[] }
  | { action: 'unsubscribe'; sport: string };

export type Decoded =
  | { ok: true; command: Command }
  | { ok: false; code: 'invalid_json' | 'unknown_action' | 'invalid_subscription' }
  | { ok: false; code: 'unknown_sport'; sport: string };

/** Names longer than this are not sport ids, feed names or market keys. */
const MAX_NAME = 200;

const names = z.array(z.string().min(1).max(MAX_NAME)).min(1);

const subscribe = z.object({ bookmakers: names, market_types: names });

type Head =
  | { ok: true; action: 'subscribe' | 'unsubscribe'; sport: string; frame: Record<string, unknown> }
  | Extract<Decoded, { ok: false }>;

/**
 * The part both streams (odds and results) share: JSON, an object, a known `action`, a string
 * `sport`. Unknown fields are ignored, as the vendor's clients may add some.
 */
export function decodeHead(text: string): Head {
  // Deeper than any command: refused before parsing, as JSON this dialect does not take.
  if (jsonDepth(text, MAX_FRAME_DEPTH) > MAX_FRAME_DEPTH)
    return { ok: false, code: 'invalid_json' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, code: 'invalid_json' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, code: 'unknown_action' };
  }
  const frame = raw as Record<string, unknown>;
  const action = frame['action'];
  if (action !== 'subscribe' && action !== 'unsubscribe') {
    return { ok: false, code: 'unknown_action' };
  }
  const sport = frame['sport'];
  if (typeof sport !== 'string') {
    // A missing sport names no sport: the same answer as an unknown one. Objects are not
    // echoed (String() of `{"toString":1}` would throw).
    const shown = typeof sport === 'object' || sport === undefined ? '' : String(sport);
    return { ok: false, code: 'unknown_sport', sport: shown };
  }
  return { ok: true, action, sport, frame };
}

/** Parses one text frame of the odds stream. */
export function decodeCommand(text: string): Decoded {
  const head = decodeHead(text);
  if (!head.ok) return head;
  const { action, sport, frame } = head;
  if (action === 'unsubscribe') return { ok: true, command: { action, sport } };
  const lists = subscribe.safeParse(frame);
  if (!lists.success) return { ok: false, code: 'invalid_subscription' };
  return {
    ok: true,
    command: {
      action,
      sport,
      bookmakers: lists.data.bookmakers,
      marketTypes: lists.data.market_types,
    },
  };
}
