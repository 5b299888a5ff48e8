// Every error Linecast reports, in one place. docs/errors.md lists them; a test keeps both in sync.
// Close codes: 4000-4999 are application codes (RFC 6455 §7.4.2); 1008 = policy, 1009 = too big.

export interface ErrorDef {
  message: string;
  /** HTTP status when reported on a request. */
  status: number;
  /** WebSocket close code when the error ends a connection. */
  close: number;
}

export const ERRORS = {
  LC_ERR_CONFIG_INVALID: { message: 'Invalid configuration', status: 500, close: 1011 },
  LC_ERR_CATALOG_INVALID: { message: 'Invalid catalog file', status: 500, close: 1011 },
  LC_ERR_DATA_FILE_INVALID: { message: 'Invalid data file', status: 500, close: 1011 },
  LC_ERR_CLI_USAGE: { message: 'Invalid command line', status: 400, close: 4000 },
  LC_ERR_CLI_FAILED: { message: 'Command failed', status: 502, close: 1011 },

  LC_ERR_AUTH_MISSING: { message: 'No credentials were given', status: 401, close: 4001 },
  LC_ERR_AUTH_INVALID: { message: 'The credentials are not valid', status: 401, close: 4001 },
  LC_ERR_AUTH_FORBIDDEN: { message: 'The plan does not allow this', status: 403, close: 4003 },
  LC_ERR_AUTH_REVOKED: { message: 'The key was revoked', status: 401, close: 1008 },
  LC_ERR_AUTH_TLS_REQUIRED: {
    message: 'Connect over TLS (wss:// or https://)',
    status: 403,
    close: 1008,
  },

  LC_ERR_REQUEST_NOT_FOUND: { message: 'No such resource', status: 404, close: 4004 },
  LC_ERR_REQUEST_METHOD: { message: 'Method not allowed', status: 405, close: 4005 },
  LC_ERR_REQUEST_BAD_QUERY: { message: 'Invalid query parameter', status: 400, close: 4000 },
  LC_ERR_REQUEST_TOO_LARGE: { message: 'Request body too large', status: 413, close: 1009 },
  LC_ERR_REQUEST_MEDIA_TYPE: { message: 'Unsupported content type', status: 415, close: 1003 },
  LC_ERR_REQUEST_MALFORMED: { message: 'Malformed JSON', status: 400, close: 1007 },
  LC_ERR_REQUEST_BAD_BODY: { message: 'Invalid request body', status: 400, close: 4000 },
  LC_ERR_REQUEST_TOO_BROAD: {
    message: 'Too much data for one answer: narrow the filter, or subscribe to the stream',
    status: 413,
    close: 1009,
  },
  LC_ERR_REQUEST_ORIGIN: { message: 'Origin not allowed', status: 403, close: 1008 },
  LC_ERR_REQUEST_TOO_DEEP: { message: 'JSON nested too deeply', status: 400, close: 1007 },

  LC_ERR_INGEST_BATCH_TOO_LARGE: {
    message: 'Too many items in one batch',
    status: 413,
    close: 1009,
  },
  LC_ERR_INGEST_INVALID_ITEM: { message: 'Invalid update', status: 422, close: 4022 },
  LC_ERR_INGEST_UNKNOWN_SPORT: { message: 'Unknown sport or league', status: 422, close: 4022 },
  LC_ERR_INGEST_UNKNOWN_BOOK: { message: 'Unknown bookmaker', status: 422, close: 4022 },
  LC_ERR_INGEST_UNKNOWN_MARKET: {
    message: 'Unknown market type or period',
    status: 422,
    close: 4022,
  },
  LC_ERR_INGEST_UNKNOWN_EVENT: {
    message: 'Unknown event: send the event first',
    status: 422,
    close: 4022,
  },
  LC_ERR_INGEST_BAD_PRICE: { message: 'Impossible price', status: 422, close: 4022 },
  LC_ERR_INGEST_BAD_TIME: { message: 'Timestamp out of range', status: 422, close: 4022 },
  LC_ERR_INGEST_BACKPRESSURE: {
    message: 'History is saturated; retry later',
    status: 503,
    close: 1013,
  },
  LC_ERR_INGEST_UNAVAILABLE: {
    message: 'History cannot store updates now; retry later',
    status: 503,
    close: 1013,
  },
  LC_ERR_INGEST_WORKER_FAILED: {
    message: 'The ingest worker stopped while holding the batch; resend it',
    status: 503,
    close: 1013,
  },
  LC_ERR_INGEST_NOT_DURABLE: {
    message: 'History gave up storing the update at shutdown; retry elsewhere',
    status: 503,
    close: 1013,
  },

  LC_ERR_PROTOCOL_BAD_FRAME: { message: 'Frame is not a valid command', status: 400, close: 4000 },
  LC_ERR_PROTOCOL_BINARY: { message: 'Binary frames are not accepted', status: 400, close: 1003 },
  LC_ERR_PROTOCOL_UNKNOWN_COMMAND: { message: 'Unknown command', status: 400, close: 4000 },
  LC_ERR_PROTOCOL_BAD_FILTER: { message: 'Invalid filter', status: 400, close: 4000 },
  LC_ERR_PROTOCOL_DUPLICATE_ID: {
    message: 'A subscription with this id exists',
    status: 409,
    close: 4000,
  },
  LC_ERR_PROTOCOL_UNKNOWN_ID: { message: 'No subscription with this id', status: 404, close: 4000 },
  LC_ERR_PROTOCOL_BAD_POSITION: { message: 'Invalid resume position', status: 400, close: 4000 },
  LC_ERR_PROTOCOL_UNKNOWN_FILTER_ID: {
    message: 'The filter names an id the catalog does not know',
    status: 400,
    close: 4000,
  },
  LC_ERR_ANALYTICS_OFF: {
    message: 'Analytics are off on this server (analytics.enabled)',
    status: 404,
    close: 4000,
  },

  LC_ERR_LIMIT_FRAME_SIZE: { message: 'Frame too large', status: 413, close: 1009 },
  LC_ERR_LIMIT_SUBSCRIPTIONS: {
    message: 'Too many subscriptions on this connection',
    status: 429,
    close: 4029,
  },
  LC_ERR_LIMIT_FILTER_SIZE: { message: 'Filter too large', status: 400, close: 4000 },
  LC_ERR_LIMIT_RATE: { message: 'Too many messages; slow down', status: 429, close: 4029 },
  LC_ERR_LIMIT_CONNECTIONS: {
    message: 'Connection limit reached for this key',
    status: 429,
    close: 4029,
  },
  LC_ERR_LIMIT_ALLOWANCE: {
    message: 'Usage allowance for this period is used up',
    status: 429,
    close: 1008,
  },
  LC_ERR_LIMIT_SLOW_CONSUMER: { message: 'Client reads too slowly', status: 503, close: 4008 },
  LC_ERR_LIMIT_ADDRESS: {
    message: 'Too many connections or requests from this address; retry with backoff',
    status: 429,
    close: 1013,
  },
  LC_ERR_LIMIT_OVERLOADED: {
    message: 'Server overloaded; retry with backoff',
    status: 503,
    close: 1013,
  },

  LC_ERR_PEER_UNRESPONSIVE: {
    message: 'The client stopped answering pings or reading',
    status: 408,
    close: 1011,
  },

  LC_ERR_SERVER_SHUTDOWN: { message: 'Server shutting down', status: 503, close: 1001 },
  LC_ERR_SERVER_STARTING: { message: 'Server starting; retry shortly', status: 503, close: 1013 },
  LC_ERR_SERVER_LISTEN: { message: 'Cannot listen', status: 500, close: 1011 },
  LC_ERR_DATA_DIR_IN_USE: {
    message: 'The data directory is in use by another server',
    status: 500,
    close: 1011,
  },
  LC_ERR_SERVER_INTERNAL: { message: 'Internal error', status: 500, close: 1011 },
} as const satisfies Record<string, ErrorDef>;

export type ErrorCode = keyof typeof ERRORS;

/** An error with a catalogue code; `detail` says what exactly was wrong. */
export class LinecastError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly close: number;
  /** Sent as Retry-After when reported on a request. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, detail?: string, opts: { retryAfterSeconds?: number } = {}) {
    const def = ERRORS[code];
    super(detail ? `${def.message}: ${detail}` : def.message);
    this.name = 'LinecastError';
    this.code = code;
    this.status = def.status;
    this.close = def.close;
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }
}

export function errorBody(code: ErrorCode, detail?: string): { code: ErrorCode; message: string } {
  const def = ERRORS[code];
  return { code, message: detail ? `${def.message}: ${detail}` : def.message };
}
