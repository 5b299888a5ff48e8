// Client frames of the results stream (spec §2.6):
// `{"action":"subscribe","sport":"MLB","status":"live","include":["scores","players"],"days":2}`.
import { z } from 'zod';
import { type Decoded, decodeHead } from './commands.js';
import {
  type Include,
  parseInclude,
  parseStatus,
  RESULTS_INCLUDES,
  type ResultsQuery,
} from './results.js';

export type ResultsCommand =
  | { action: 'subscribe'; sport: string; query: ResultsQuery; echo: ResultsEcho }
  | { action: 'unsubscribe'; sport: string };

/** The subscription as `subscribed` echoes it. */
export interface ResultsEcho {
  status: string;
  include: Include[];
  days?: number;
}

export type ResultsDecoded =
  | { ok: true; command: ResultsCommand }
  | Extract<Decoded, { ok: false }>;

const fields = z.object({
  status: z.string().max(20).default('all'),
  include: z
    .array(z.string().max(20))
    .max(8)
    .default([...RESULTS_INCLUDES]),
  days: z.number().int().min(1).max(3650).optional(),
});

export function decodeResultsCommand(text: string): ResultsDecoded {
  const head = decodeHead(text);
  if (!head.ok) return head;
  const { action, sport, frame } = head;
  if (action === 'unsubscribe') return { ok: true, command: { action, sport } };
  const f = fields.safeParse(frame);
  if (!f.success) return { ok: false, code: 'invalid_subscription' };
  const status = parseStatus(f.data.status);
  const include = parseInclude(f.data.include);
  if (status === undefined || !include.ok) return { ok: false, code: 'invalid_subscription' };
  const query: ResultsQuery = { status, include: include.include };
  const echo: ResultsEcho = { status, include: [...include.include] };
  if (f.data.days !== undefined) {
    query.days = f.data.days;
    echo.days = f.data.days;
  }
  return { ok: true, command: { action, sport, query, echo } };
}
