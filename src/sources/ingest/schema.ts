// The wire form of canonical updates that ingest accepts (HTTP, WebSocket, replay files).
import { z } from 'zod';

const time = z.union([z.number().finite().nonnegative(), z.iso.datetime({ offset: true })]);

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
    sport: z.string().min(1),
    league: z.string().min(1),
    home: participant,
    away: participant,
    players: z.array(participant).max(500).optional(),
    startsAt: time,
    status: z.enum(['scheduled', 'live', 'break', 'ended', 'suspended', 'postponed', 'cancelled']),
    live: z
      .object({
        home: z.number().int().nonnegative(),
        away: z.number().int().nonnegative(),
        clock: z.number().nonnegative(),
        period: z.number().int().nonnegative(),
        suspended: z.boolean().optional(),
        incident: z
          .object({
            n: z.number().int().positive(),
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
    american: z.number().optional(),
    decimal: z.number().optional(),
    fractional: z
      .string()
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
    market: z.string().min(1),
    period: z.string().min(1).default('game'),
    book: z.string().min(1),
    selection: z.string().min(1).max(256),
    line: z.number().finite().nullable().default(null),
    price: price.nullable().default(null),
    status: z.enum(['open', 'suspended', 'off_board', 'closed']).default('open'),
    reason: z.string().max(256).optional(),
    main: z.boolean().default(true),
    limit: z.number().nonnegative().optional(),
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
