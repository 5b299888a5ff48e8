// @linecast/sdk: a client for Linecast's native stream linecast.v1. See docs/sdk.md.
export type * from '../../src/protocol/frames.js';
export { formatPosition, parsePosition, quoteKeyString } from '../../src/protocol/index.js';
export type * from '../../src/protocol/types.js';
export { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
export type { BookQuote } from './book.js';
export { Book } from './book.js';
export {
  Client,
  type ClientEvents,
  type ConnectOptions,
  connect,
  endpoints,
  type Timers,
} from './client.js';
export { sseQuery } from './sse.js';
export type { ConnectionState, Transition, TransitionReason } from './state.js';
export { transition } from './state.js';
export {
  type Change,
  type Image,
  type SubscribeOptions,
  Subscription,
  SubscriptionError,
  type SubscriptionMessage,
} from './subscription.js';
export type {
  EventSourceConstructor,
  EventSourceLike,
  WebSocketConstructor,
  WebSocketLike,
} from './transport.js';
