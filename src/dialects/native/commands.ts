// Client frames of linecast.v1, decoded and validated at the edge.
import { z } from 'zod';
import { jsonDepth, MAX_FRAME_DEPTH } from '../../model/json-depth.js';
import type { Filter } from '../../model/types.js';
import { bool, filterFromQuery, int } from '../../seam/query.js';

const ids = z.array(z.string().min(1).max(256)).max(10_000).optional();

export const filterSchema = z
  .object({
    sports: ids,
    leagues: ids,
    events: ids,
    markets: ids,
    periods: ids,
    books: ids,
    mainOnly: z.boolean().optional(),
    inPlay: z.boolean().optional(),
  })
  .strict();

const position = z
  .object({ epoch: z.string().min(1).max(64), seq: z.number().int().nonnegative() })
  .strict();

export const commandSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('subscribe'),
      id: z.string(),
      filter: filterSchema.default({}),
      snapshot: z.boolean().default(true),
      from: position.optional(),
      conflateMs: z.number().int().optional(),
    })
    .strict(),
  z.object({ type: z.literal('unsubscribe'), id: z.string() }).strict(),
  z.object({ type: z.literal('ping'), id: z.string().max(64).optional() }).strict(),
]);

export type Command = z.infer<typeof commandSchema>;
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
 * `book` as CSV, `main`, `inPlay`, `snapshot`, `conflateMs`, `from=<epoch>:<seq>`). A
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
  try {
    filter = filterFromQuery(q);
    snapshot = bool(q, 'snapshot');
    conflateMs = int(q, 'conflateMs', 0, Number.MAX_SAFE_INTEGER);
  } catch (e) {
    return { ok: false, code: 'LC_ERR_PROTOCOL_BAD_FILTER', message: (e as Error).message };
  }
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
    const m = /^([^:]{1,64}):(\d{1,15})$/.exec(rawFrom.trim());
    if (!m)
      return { ok: false, code: 'LC_ERR_PROTOCOL_BAD_POSITION', message: 'expected <epoch>:<seq>' };
    from = { epoch: m[1]!, seq: Number(m[2]) };
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
    },
  };
}
