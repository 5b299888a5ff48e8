// POST /v1/ingest: JSON or NDJSON batches of canonical updates, authenticated by the ingest token.
import { bearer, tokenMatches } from '../../auth/tokens.js';
import { LinecastError } from '../../errors/catalogue.js';
import type { HttpRequest, Route } from '../../seam/http.js';
import type { IngestFront } from '../../sources/ingest/front.js';

function authorize(token: string, req: Pick<HttpRequest, 'headers'>): void {
  const given = bearer(req);
  if (given === undefined)
    throw new LinecastError('LC_ERR_AUTH_MISSING', 'Authorization: Bearer <ingest token>');
  if (!tokenMatches(token, given)) throw new LinecastError('LC_ERR_AUTH_INVALID');
}

export function ingestRoutes(ingest: IngestFront, token: string, maxBodyBytes: number): Route[] {
  return [
    {
      method: 'POST',
      path: '/v1/ingest',
      maxBodyBytes,
      // Before the body is read: an unauthenticated upload costs no memory.
      authorize: (req) => authorize(token, req),
      handler: async (req) => {
        const type = (req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim();
        const ndjson = type === 'application/x-ndjson' || type === 'application/ndjson';
        if (!ndjson && type !== 'application/json') {
          throw new LinecastError(
            'LC_ERR_REQUEST_MEDIA_TYPE',
            `${type}; use application/json or application/x-ndjson`,
          );
        }
        const report = await ingest.body(req.body, ndjson, req.headers['x-linecast-source']);
        return { status: report.rejected === 0 ? 200 : 422, body: report };
      },
    },
  ];
}
