// The wire form of canonical updates that ingest accepts (HTTP, WebSocket, replay files).
import { z } from 'zod';
import { LIMITS } from '../../model/range.js';

// The window (TIME_MIN_MS..TIME_MAX_MS) is checked after parsing, with its own error code.
const time = z.union([z.number(), z.iso.datetime({ offset: true })]);
const name = z.string().min(1).max(64);

const participant = z
  .object({
    id: z.string().min(1).max(128),
    name: z.string().min(1).max(256),
    abbr: z.string().max(16).optional(),
  })
  .strict();

export const eventItem = z
  .object({
    type: z.literal('event'),
    id: z.string().min(1).max(256),
    sport: name,
    league: name,
    home: participant,
    away: participant,
    players: z.array(participant).max(500).optional(),
    startsAt: time,
    status: z.enum(['scheduled', 'live', 'break', 'ended', 'suspended', 'postponed', 'cancelled']),
    live: z
      .object({
        home: z.number().int().nonnegative().max(LIMITS.score),
        away: z.number().int().nonnegative().max(LIMITS.score),
        clock: z.number().nonnegative().max(LIMITS.clock),
        period: z.number().int().nonnegative().max(LIMITS.period),
        suspended: z.boolean().optional(),
        incident: z
          .object({
            n: z.number().int().positive().max(LIMITS.score),
            kind: z.string().min(1).max(64),
            side: z.enum(['home', 'away']).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const price = z
  .object({
    american: z.number().min(-LIMITS.american).max(LIMITS.american).optional(),
    decimal: z.number().max(LIMITS.decimal).optional(),
    fractional: z
      .string()
      .max(32)
      .regex(/^\d+\/\d+$/)
      .optional(),
  })
  .strict()
  .refine(
    (p) => [p.american, p.decimal, p.fractional].filter((v) => v !== undefined).length === 1,
    {
      message: 'give exactly one of american, decimal, fractional',
    },
  );

export const quoteItem = z
  .object({
    type: z.literal('quote'),
    event: z.string().min(1).max(256),
    market: name,
    period: name.default('game'),
    book: name,
    selection: z.string().min(1).max(256),
    line: z.number().min(-LIMITS.line).max(LIMITS.line).nullable().default(null),
    price: price.nullable().default(null),
    status: z.enum(['open', 'suspended', 'off_board', 'closed']).default('open'),
    reason: z.string().max(256).optional(),
    main: z.boolean().default(true),
    limit: z.number().nonnegative().max(LIMITS.stake).optional(),
    sourceAt: time.optional(),
  })
  .strict()
  .refine((q) => q.status !== 'open' || q.price !== null, {
    message: 'an open quote needs a price',
    path: ['price'],
  });

export const ingestItem = z.discriminatedUnion('type', [eventItem, quoteItem]);
export type IngestItem = z.infer<typeof ingestItem>;
export type QuoteItem = z.infer<typeof quoteItem>;
export type EventItem = z.infer<typeof eventItem>;
