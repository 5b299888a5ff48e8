// Bearer tokens (ingest, admin): compared in constant time so a timing probe learns nothing.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export function tokenMatches(expected: string, given: string | undefined): boolean {
  // An empty token (an emptied token file) must not let `Authorization: Bearer ` in.
  if (given === undefined || expected === '') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function bearer(req: { headers: IncomingHttpHeaders }): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}
