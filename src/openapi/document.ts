// The OpenAPI 3.1 description of Linecast's own REST: native (/v1), admin, ingest, health,
// dashboard and these documents. Vendor dialects follow their vendors' documentation instead.
// Served as /openapi.json and /openapi.yaml; docs/openapi.yaml is this document, and a test keeps
// its paths equal to the routes the server registers.
import { VERSION } from '../version.js';

type Obj = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (schema: Obj, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const error = (description: string) => jsonBody(ref('Error'), description);
const query = (name: string, description: string, schema: Obj = { type: 'string' }) => ({
  name,
  in: 'query',
  description,
  schema,
});
const path = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});

const csv = (what: string) => `Comma-separated ${what} ids from the catalog (GET /v1/catalog/...)`;
const FILTER = [
  query('sport', csv('sport')),
  query('league', csv('league')),
  query('event', 'Comma-separated event ids'),
  query('market', csv('market')),
  query('period', csv('period')),
  query('book', csv('book')),
  query('main', 'Main lines only', { type: 'boolean' }),
  query('inPlay', 'Events in play only', { type: 'boolean' }),
];
const QUOTE_QUERY = [
  { ...query('event', 'Event id'), required: true },
  query('market', 'Market id'),
  query('period', 'Period id'),
  query('book', 'Book id'),
];
const KEYED = [{ apiKey: [] }, { bearerKey: [] }, {}];
const ADMIN = [{ adminToken: [] }];

/** A native REST read: keyed when the server listens beyond loopback (restAccess). */
const read = (summary: string, params: Obj[], ok: Obj, extra: Obj = {}) => ({
  get: {
    tags: ['native'],
    summary,
    security: KEYED,
    parameters: params,
    responses: {
      '200': jsonBody(ok, 'OK'),
      '400': error('Bad query (LC_ERR_REQUEST_BAD_QUERY, LC_ERR_PROTOCOL_UNKNOWN_FILTER_ID)'),
      '401': error('Key missing, unknown or revoked (when /v1 REST is keyed)'),
      ...extra,
    },
  },
});

const CATALOG_KINDS = ['sports', 'leagues', 'books', 'markets', 'periods', 'teams', 'players'];

export function openapiDocument(): Obj {
  const paths: Obj = {
    '/': {
      get: {
        tags: ['server'],
        summary: 'Links to the dashboard, these documents and every dialect endpoint',
        description: 'HTML for a browser; JSON when the Accept header asks for application/json.',
        responses: {
          '200': {
            description: 'The directory',
            content: {
              'text/html': { schema: { type: 'string' } },
              'application/json': { schema: { type: 'object' } },
            },
          },
        },
      },
    },
    '/healthz': {
      get: {
        tags: ['server'],
        summary: 'Liveness',
        responses: { '200': jsonBody({ type: 'object' }, 'The process answers') },
      },
    },
    '/readyz': {
      get: {
        tags: ['server'],
        summary: 'Readiness: listening, history writable; position and feed health',
        responses: {
          '200': jsonBody({ type: 'object' }, 'Ready'),
          '503': jsonBody({ type: 'object' }, 'Starting, or history failing'),
        },
      },
    },
    '/metrics': {
      get: {
        tags: ['server'],
        summary: 'Prometheus metrics',
        responses: {
          '200': {
            description: 'Text exposition',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
      },
    },
    '/openapi.json': {
      get: {
        tags: ['server'],
        summary: 'This document as JSON',
        responses: { '200': jsonBody({ type: 'object' }, 'OpenAPI 3.1') },
      },
    },
    '/openapi.yaml': {
      get: {
        tags: ['server'],
        summary: 'This document as YAML',
        responses: {
          '200': {
            description: 'OpenAPI 3.1',
            content: { 'application/yaml': { schema: { type: 'string' } } },
          },
        },
      },
    },
    '/asyncapi.yaml': {
      get: {
        tags: ['server'],
        summary: 'The AsyncAPI description of the native WebSocket and SSE protocol',
        responses: {
          '200': {
            description: 'AsyncAPI',
            content: { 'application/yaml': { schema: { type: 'string' } } },
          },
        },
      },
    },
    '/dashboard': {
      get: {
        tags: ['dashboard'],
        summary: 'The dashboard page',
        parameters: [{ ...query('key', 'An API key'), required: true }],
        responses: {
          '200': { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } },
          '401': error('Key missing or unknown'),
          '403': error('The plan does not allow the dashboard'),
        },
      },
    },
    '/dashboard/stats': {
      get: {
        tags: ['dashboard'],
        summary: 'Server figures the dashboard shows',
        parameters: [{ ...query('key', 'An API key'), required: true }],
        responses: {
          '200': jsonBody({ type: 'object' }, 'Figures'),
          '401': error('Key missing or unknown'),
        },
      },
    },
    '/dashboard/assets/{name}': {
      get: {
        tags: ['dashboard'],
        summary: 'A built asset of the dashboard',
        parameters: [path('name', 'File name')],
        responses: {
          '200': { description: 'The asset', content: { '*/*': { schema: { type: 'string' } } } },
          '404': error('No such asset'),
        },
      },
    },
    '/v1/ingest': {
      post: {
        tags: ['ingest'],
        summary: 'Submit canonical updates (events and quotes); see docs/ingest.md',
        security: [{ ingestToken: [] }],
        parameters: [
          {
            name: 'x-linecast-source',
            in: 'header',
            description: 'The feed name, for feed health',
            schema: { type: 'string' },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { oneOf: [ref('IngestItem'), { type: 'array', items: ref('IngestItem') }] },
            },
            'application/x-ndjson': { schema: { type: 'string', description: 'One item a line' } },
          },
        },
        responses: {
          '200': jsonBody(ref('IngestReport'), 'Every item accepted'),
          '401': error('Ingest token missing or wrong'),
          '413': error('Body or batch too large'),
          '415': error('Not JSON or NDJSON'),
          '422': jsonBody(ref('IngestReport'), 'Some items refused; the others were applied'),
          '503': error('History saturated or failing; retry later'),
        },
      },
    },
    '/admin/keys': {
      get: {
        tags: ['admin'],
        summary: 'List keys (hashes only)',
        security: ADMIN,
        responses: {
          '200': jsonBody(
            { type: 'object', properties: { keys: { type: 'array', items: ref('KeyView') } } },
            'Keys',
          ),
          '401': error('Admin token missing or wrong'),
        },
      },
      post: {
        tags: ['admin'],
        summary: 'Create a key; the answer is the only place the key appears',
        security: ADMIN,
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['plan'],
                additionalProperties: false,
                properties: {
                  plan: { type: 'string', maxLength: 64 },
                  account: { type: 'string', maxLength: 128 },
                },
              },
            },
          },
        },
        responses: {
          '201': jsonBody(
            {
              allOf: [ref('KeyView'), { type: 'object', properties: { key: { type: 'string' } } }],
            },
            'Created',
          ),
          '400': error('Unknown plan or bad body'),
          '401': error('Admin token missing or wrong'),
        },
      },
    },
    '/admin/keys/{id}': {
      delete: {
        tags: ['admin'],
        summary: 'Revoke a key and close its live connections',
        security: ADMIN,
        parameters: [path('id', 'Key id')],
        responses: {
          '200': jsonBody(
            {
              allOf: [
                ref('KeyView'),
                { type: 'object', properties: { closedConnections: { type: 'integer' } } },
              ],
            },
            'Revoked',
          ),
          '401': error('Admin token missing or wrong'),
          '404': error('No such key'),
        },
      },
    },
    '/admin/keys/{id}/credits': {
      post: {
        tags: ['admin'],
        summary: 'Top up (or take back) credits of a key on a metered plan',
        security: ADMIN,
        parameters: [path('id', 'Key id')],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['add'],
                properties: { add: { type: 'integer' } },
              },
            },
          },
        },
        responses: {
          '200': jsonBody(
            {
              type: 'object',
              properties: { id: { type: 'string' }, credits: { type: 'integer' } },
            },
            'The new balance',
          ),
          '400': error('Not an integer, or the balance would leave its range'),
          '401': error('Admin token missing or wrong'),
          '404': error('No such key'),
        },
      },
    },
    '/admin/accounts/{account}/fund': {
      post: {
        tags: ['admin'],
        summary:
          'Deposit into (or withdraw from) an exchange account (Polymarket US); a deposit opens the account',
        security: ADMIN,
        parameters: [path('account', "Exchange account id (a signing key's account)")],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['amount'],
                properties: {
                  amount: { type: 'number', description: 'Dollars; negative withdraws' },
                  description: { type: 'string' },
                },
              },
            },
          },
        },
        responses: {
          '200': jsonBody(
            {
              type: 'object',
              properties: {
                account: { type: 'string' },
                currentBalance: { type: 'number' },
                buyingPower: { type: 'number' },
              },
            },
            'The account after the transfer',
          ),
          '400': error('Bad body, a withdrawal above the cash, or no such account'),
          '401': error('Admin token missing or wrong'),
          '404': error('No exchange (exchange.enabled is off)'),
        },
      },
    },
    '/admin/connections': {
      get: {
        tags: ['admin'],
        summary: 'Live connections and subscriptions, by account',
        security: ADMIN,
        responses: {
          '200': jsonBody({ type: 'object' }, 'Counts'),
          '401': error('Admin token missing or wrong'),
        },
      },
    },
    '/v1/snapshot': read('The current book for a filter', FILTER, ref('Snapshot'), {
      '413': error(
        'More quotes match than dialects.native.maxSnapshotQuotes (LC_ERR_REQUEST_TOO_BROAD)',
      ),
    }),
    '/v1/events': read('Events matching a filter', FILTER, {
      type: 'object',
      properties: {
        position: ref('Position'),
        events: { type: 'array', items: ref('SportEvent') },
      },
    }),
    '/v1/alerts': read(
      "Analytics alerts open now (arbitrage, +EV, middles, steam, cross-venue gaps): the alert stream's snapshot",
      [
        ...FILTER,
        query(
          'kind',
          'Comma-separated alert kinds: arb, ev, middle, steam, venue_gap (default: all)',
        ),
      ],
      {
        type: 'object',
        properties: {
          position: ref('Position'),
          alerts: {
            type: 'array',
            items: { type: 'object', description: 'An alert; shapes in docs/analytics.md' },
          },
        },
      },
      { '404': error('Analytics are off (analytics.enabled; LC_ERR_ANALYTICS_OFF)') },
    ),
    '/v1/position': read('The stream position now', [], ref('Position')),
    '/v1/history': read(
      'Price changes of one event (optionally one market, period, book)',
      [
        ...QUOTE_QUERY,
        query('from', 'From (epoch ms or ISO 8601)'),
        query('to', 'To (epoch ms or ISO 8601)'),
        query('limit', 'At most this many rows', {
          type: 'integer',
          minimum: 1,
          maximum: 10000,
          default: 1000,
        }),
      ],
      {
        type: 'object',
        properties: {
          count: { type: 'integer' },
          changes: { type: 'array', items: { type: 'object' } },
        },
      },
    ),
    '/v1/openers': read('The first price of each quote of an event', QUOTE_QUERY, {
      type: 'object',
      properties: { quotes: { type: 'array', items: { type: 'object' } } },
    }),
    '/v1/closing': read('The last pre-match price of each quote of an event', QUOTE_QUERY, {
      type: 'object',
      properties: { quotes: { type: 'array', items: { type: 'object' } } },
    }),
  };
  for (const kind of CATALOG_KINDS) {
    paths[`/v1/catalog/${kind}`] = read(`The catalog's ${kind}`, [], {
      type: 'object',
      properties: { [kind]: { type: 'array', items: { type: 'object' } } },
    });
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Linecast REST',
      version: VERSION,
      description:
        'Linecast\'s own REST: the native /v1 reads, ingest, admin, health and the dashboard. The native streams (WebSocket /v1/stream, SSE /v1/sse) are described in /asyncapi.yaml; vendor dialects follow their vendors\' documentation (docs/dialects/). Errors are {"error": {"code", "message"}} with codes from docs/errors.md.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: 'http://127.0.0.1:8080', description: 'The default local server' }],
    tags: [
      { name: 'native', description: 'linecast.v1 reads (docs/protocol.md)' },
      { name: 'ingest', description: 'Canonical updates in (docs/ingest.md)' },
      {
        name: 'admin',
        description: 'Keys and credits, behind the admin token (<data-dir>/admin-token)',
      },
      { name: 'server', description: 'Health, metrics and descriptions' },
      { name: 'dashboard', description: 'The dashboard (docs/dashboard.md)' },
    ],
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'query', name: 'key' },
        bearerKey: { type: 'http', scheme: 'bearer', description: 'An API key' },
        ingestToken: { type: 'http', scheme: 'bearer', description: 'The ingest token' },
        adminToken: { type: 'http', scheme: 'bearer', description: 'The admin token' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', pattern: '^LC_ERR_[A-Z_]+$' },
                message: { type: 'string' },
              },
            },
          },
        },
        Position: {
          type: 'object',
          required: ['epoch', 'seq'],
          properties: { epoch: { type: 'string' }, seq: { type: 'integer', minimum: 0 } },
        },
        SportEvent: {
          type: 'object',
          description: 'See SportEvent in /asyncapi.yaml',
          required: ['id', 'sport', 'league', 'home', 'away', 'startsAt', 'status'],
          properties: {
            id: { type: 'string' },
            sport: { type: 'string' },
            league: { type: 'string' },
            home: { type: 'object' },
            away: { type: 'object' },
            startsAt: { type: 'integer', description: 'Epoch ms' },
            status: {
              enum: ['scheduled', 'live', 'break', 'ended', 'suspended', 'postponed', 'cancelled'],
            },
            live: { type: 'object' },
          },
        },
        Quote: {
          type: 'object',
          description: 'See Quote in /asyncapi.yaml',
          required: ['key', 'value'],
          properties: { key: { type: 'object' }, value: { type: 'object' } },
        },
        Snapshot: {
          type: 'object',
          required: ['position', 'events', 'quotes'],
          properties: {
            position: ref('Position'),
            events: { type: 'array', items: ref('SportEvent') },
            quotes: { type: 'array', items: ref('Quote') },
          },
        },
        IngestItem: {
          type: 'object',
          description: 'An event or a quote; fields in docs/ingest.md',
          required: ['type'],
          properties: { type: { enum: ['event', 'quote'] } },
        },
        IngestReport: {
          type: 'object',
          required: ['accepted', 'rejected'],
          properties: {
            accepted: { type: 'integer' },
            rejected: { type: 'integer' },
            position: ref('Position'),
            results: { type: 'array', items: { type: 'object' } },
          },
        },
        KeyView: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            plan: { type: 'string' },
            account: { type: 'string' },
            createdAt: { type: 'string' },
            revokedAt: { type: ['string', 'null'] },
            credits: { type: 'number' },
          },
        },
      },
    },
  };
}
