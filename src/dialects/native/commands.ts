// Client frames of linecast.v1, decoded and validated at the edge.

import { ALERT_KINDS, type AlertKind } from '../../analytics/types.js';
import { jsonDepth, MAX_FRAME_DEPTH } from '../../model/json-depth.js';
import type { Filter } from '../../model/types.js';
import { parsePosition } from '../../protocol/position.js';
import { type Command, commandSchema, filterSchema } from '../../protocol/schemas.js';
import { bool, csv, filterFromQuery, int } from '../../seam/query.js';

export { commandSchema, filterSchema };
export type SubscribeCommand = Extract<Command, { type: 'subscribe' }>;

export type Decoded =
  | { ok: true; command: Command }
  | {
      ok: false;
      code: 'LC_ERR_PROTOCOL_BAD_FRAME' | 'LC_ERR_PROTOCOL_UNKNOWN_COMMAND';
      message: string;
      id?: string;
    };

/** Never throws: every input becomes a command or a coded reason. */
export function decodeCommand(text: string): Decoded {
  if (jsonDepth(text, MAX_FRAME_DEPTH) > MAX_FRAME_DEPTH) {
    const message = `nested more than ${MAX_FRAME_DEPTH} levels`;
    return { ok: false, code: 'LC_ERR_PROTOCOL_BAD_FRAME', message };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, code: 'LC_ERR_PROTOCOL_BAD_FRAME', message: 'not JSON' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, code: 'LC_ERR_PROTOCOL_BAD_FRAME', message: 'not a JSON object' };
  }
  const type = (raw as { type?: unknown }).type;
  const id = (raw as { id?: unknown }).id;
  const idPart = typeof id === 'string' && id.length <= 64 ? { id } : {};
  if (type !== 'subscribe' && type !== 'unsubscribe' && type !== 'ping') {
    return {
      ok: false,
      code: 'LC_ERR_PROTOCOL_UNKNOWN_COMMAND',
      message: `unknown type ${JSON.stringify(type)?.slice(0, 40)}`,
      ...idPart,
    };
  }
  const parsed = commandSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return {
      ok: false,
      code: 'LC_ERR_PROTOCOL_BAD_FRAME',
      message: `${issue.path.join('.') || type}: ${issue.message}`,
      ...idPart,
    };
  }
  return { ok: true, command: parsed.data };
}

/**
 * An SSE stream's subscription, from its query (`sport`, `league`, `event`, `market`, `period`,
 * `book` as CSV, `main`, `inPlay`, `snapshot`, `conflateMs`, `from=<epoch>:<seq>`, and for the
 * alert stream `stream=alerts` with `kind` as CSV of `ev`, `arb`, `middle`, `steam`). A
 * `Last-Event-ID` header, sent by a reconnecting EventSource, wins over `from`.
 */
export function subscriptionFromQuery(
  q: URLSearchParams,
  lastEventId: string | string[] | undefined,
):
  | { ok: true; command: SubscribeCommand }
  | {
      ok: false;
      code: 'LC_ERR_PROTOCOL_BAD_FILTER' | 'LC_ERR_PROTOCOL_BAD_POSITION';
      message: string;
    } {
  let filter: Filter;
  let snapshot: boolean | undefined;
  let conflateMs: number | undefined;
  const stream = q.get('stream') ?? 'odds';
  const kinds = csv(q, 'kind');
  try {
    filter = filterFromQuery(q);
    snapshot = bool(q, 'snapshot');
    conflateMs = int(q, 'conflateMs', 0, Number.MAX_SAFE_INTEGER);
  } catch (e) {
    return { ok: false, code: 'LC_ERR_PROTOCOL_BAD_FILTER', message: (e as Error).message };
  }
  if (stream !== 'odds' && stream !== 'alerts')
    return { ok: false, code: 'LC_ERR_PROTOCOL_BAD_FILTER', message: 'stream is odds or alerts' };
  // `kind` on an odds stream is refused when the subscription starts, as on the WebSocket.
  const badKind = kinds?.find((k) => !ALERT_KINDS.includes(k as AlertKind));
  if (badKind !== undefined)
    return { ok: false, code: 'LC_ERR_PROTOCOL_BAD_FILTER', message: `unknown kind ${badKind}` };
  const checked = filterSchema.safeParse(filter);
  if (!checked.success) {
    return {
      ok: false,
      code: 'LC_ERR_PROTOCOL_BAD_FILTER',
      message: checked.error.issues[0]!.message,
    };
  }
  const rawFrom = (Array.isArray(lastEventId) ? lastEventId[0] : lastEventId) ?? q.get('from');
  let from: SubscribeCommand['from'];
  if (rawFrom) {
    const parsed = parsePosition(rawFrom);
    if (!parsed)
      return { ok: false, code: 'LC_ERR_PROTOCOL_BAD_POSITION', message: 'expected <epoch>:<seq>' };
    from = parsed;
  }
  return {
    ok: true,
    command: {
      type: 'subscribe',
      id: 'sse',
      filter: checked.data,
      snapshot: snapshot ?? true,
      ...(from ? { from } : {}),
      ...(conflateMs === undefined ? {} : { conflateMs }),
      ...(stream === 'alerts' ? { stream } : {}),
      ...(kinds ? { kinds: kinds as AlertKind[] } : {}),
    },
  };
}
