// Per-connection limits, checked when a subscription is asked for.
import { LinecastError } from '../errors/catalogue.js';
import type { StreamLimits } from '../seam/core.js';
import type { SubscribeRequest } from '../seam/dialect.js';

export interface HubLimits {
  /** WebSocket ping interval; a peer that answers none of two pings is ended at the next round. */
  pingMs: number;
  clientMessagesPerSecond: number;
  maxSubscriptionsPerConnection: number;
  /** Total ids across all lists of one filter. */
  maxFilterValues: number;
  maxConflateMs: number;
  /** Most Changes a resume may replay from history before a fresh snapshot is cheaper. */
  maxCatchUp: number;
  /** Bytes held for one peer (socket buffer, queued frames of any kind) before it is ended as slow. */
  maxPeerBytes: number;
}

const ID = /^[A-Za-z0-9_.:-]{1,64}$/;

export function validateSubscribe(
  req: Pick<SubscribeRequest, 'id' | 'filter' | 'conflateMs'> & Partial<SubscribeRequest>,
  existing: Map<string, unknown>,
  limits: Pick<HubLimits, 'maxSubscriptionsPerConnection' | 'maxFilterValues' | 'maxConflateMs'>,
): void {
  if (!ID.test(req.id))
    throw new LinecastError('LC_ERR_PROTOCOL_BAD_FILTER', 'id must match [A-Za-z0-9_.:-]{1,64}');
  if (existing.has(req.id)) throw new LinecastError('LC_ERR_PROTOCOL_DUPLICATE_ID', req.id);
  if (existing.size >= limits.maxSubscriptionsPerConnection) {
    throw new LinecastError(
      'LC_ERR_LIMIT_SUBSCRIPTIONS',
      `limit is ${limits.maxSubscriptionsPerConnection}`,
    );
  }
  const f = req.filter;
  const values =
    (f.sports?.length ?? 0) +
    (f.leagues?.length ?? 0) +
    (f.events?.length ?? 0) +
    (f.markets?.length ?? 0) +
    (f.periods?.length ?? 0) +
    (f.books?.length ?? 0);
  if (values > limits.maxFilterValues) {
    throw new LinecastError(
      'LC_ERR_LIMIT_FILTER_SIZE',
      `${values} values; limit is ${limits.maxFilterValues}`,
    );
  }
  const c = req.conflateMs ?? 0;
  if (!Number.isInteger(c) || c < 0 || c > limits.maxConflateMs) {
    throw new LinecastError(
      'LC_ERR_PROTOCOL_BAD_FILTER',
      `conflateMs must be an integer in [0, ${limits.maxConflateMs}]`,
    );
  }
}

/**
 * The limits dialects advertise and check, from the `stream` config: one definition for the main
 * process and the fan-out workers, so both refuse the same subscriptions.
 */
export function streamLimits(
  stream: Pick<
    HubLimits,
    | 'maxSubscriptionsPerConnection'
    | 'maxFilterValues'
    | 'maxConflateMs'
    | 'clientMessagesPerSecond'
  > & { maxFrameBytes: number },
): StreamLimits {
  return {
    maxFrameBytes: stream.maxFrameBytes,
    maxSubscriptionsPerConnection: stream.maxSubscriptionsPerConnection,
    maxFilterValues: stream.maxFilterValues,
    clientMessagesPerSecond: stream.clientMessagesPerSecond,
    check: (req) => validateSubscribe(req, new Map(), stream),
  };
}
