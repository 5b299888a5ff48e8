// The server's validation of client commands. The schemas are checked at compile time against the
// plain types in frames.ts, which the SDK uses without pulling in zod.
import { z } from 'zod';
import type { ClientCommand, PingCommand, SubscribeCommand, UnsubscribeCommand } from './frames.js';
import type { Filter, Position } from './types.js';

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

export const positionSchema = z
  .object({ epoch: z.string().min(1).max(64), seq: z.number().int().nonnegative() })
  .strict();

export const commandSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('subscribe'),
      id: z.string(),
      filter: filterSchema.default({}),
      snapshot: z.boolean().default(true),
      from: positionSchema.optional(),
      conflateMs: z.number().int().optional(),
      stream: z.enum(['odds', 'alerts']).optional(),
      kinds: z
        .array(z.enum(['ev', 'arb', 'middle', 'steam', 'venue_gap']))
        .min(1)
        .max(5)
        .optional(),
    })
    .strict(),
  z.object({ type: z.literal('unsubscribe'), id: z.string() }).strict(),
  z.object({ type: z.literal('ping'), id: z.string().max(64).optional() }).strict(),
]);

/** A command after validation: defaults filled in. */
export type Command = z.infer<typeof commandSchema>;

// Compile-time drift checks: each fails to type-check if a schema and its type disagree on a
// field's name, optionality or type.
type Same<A, B> = [A, keyof A] extends [B, keyof B]
  ? [B, keyof B] extends [A, keyof A]
    ? true
    : false
  : false;
type Input<T extends ClientCommand['type']> = Extract<z.input<typeof commandSchema>, { type: T }>;
const same = <T extends true>(): T | undefined => undefined;
same<Same<z.infer<typeof filterSchema>, Filter>>();
same<Same<z.infer<typeof positionSchema>, Position>>();
same<Same<Input<'subscribe'>, SubscribeCommand>>();
same<Same<Input<'unsubscribe'>, UnsubscribeCommand>>();
same<Same<Input<'ping'>, PingCommand>>();
same<Same<z.input<typeof commandSchema>['type'], ClientCommand['type']>>();
