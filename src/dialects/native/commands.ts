// Client frames of linecast.v1, decoded and validated at the edge.
import { z } from 'zod';

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
