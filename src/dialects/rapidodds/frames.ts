// Server frames of the RapidOdds stream: pure encoders, fields in the vendor's order.
import { naiveMicros, type OddsPayload } from './odds.js';
import type { ResultsPayload } from './results.js';

export const CONNECTED_MESSAGE = 'Connected. Subscribe to a sport to start receiving odds.';

/** Error codes of `error` events (spec §2.5, INFERRED catalogue). */
export type StreamErrorCode =
  | 'insufficient_credits'
  | 'invalid_json'
  | 'unknown_action'
  | 'unknown_sport'
  | 'invalid_subscription'
  | 'limit_exceeded';

const FIXED: Record<Exclude<StreamErrorCode, 'insufficient_credits' | 'unknown_sport'>, string> = {
  invalid_json: 'Invalid JSON.',
  unknown_action: 'Unknown action. Use subscribe or unsubscribe.',
  invalid_subscription: 'bookmakers and market_types must be non-empty lists.',
  limit_exceeded: 'Too many bookmakers or market types in one subscription.',
};

/**
 * The SDK treats an error as "out of credits" iff its message contains `credit`, so only the
 * credits message may: a client-chosen sport name that contains it is not echoed.
 */
export function unknownSportMessage(sport: string): string {
  if (/credit/i.test(sport)) return 'Sport not found.';
  const shown = sport.length > 100 ? `${sport.slice(0, 100)}...` : sport;
  return `Sport '${shown}' not found.`;
}

/** The balance is floored so clients can parse `you have (\d+) remaining`. */
export function insufficientCreditsMessage(cost: number, balance: number, what: string): string {
  return `Insufficient credits. This ${what} costs ${cost} credits, you have ${Math.max(0, Math.floor(balance))} remaining.`;
}

export const RESULTS_CONNECTED_MESSAGE =
  'Connected. Subscribe to a sport to start receiving results.';

export function connectedFrame(tier: string, message = CONNECTED_MESSAGE): string {
  return JSON.stringify({ event: 'connected', tier, message });
}

export function subscribedFrame(
  sport: string,
  bookmakers: readonly string[],
  marketTypes: readonly string[],
  creditsPerPush: number,
): string {
  return JSON.stringify({
    event: 'subscribed',
    sport,
    bookmakers,
    market_types: marketTypes,
    credits_per_push: creditsPerPush,
  });
}

export function unsubscribedFrame(sport: string): string {
  return JSON.stringify({ event: 'unsubscribed', sport });
}

export function oddsUpdateFrame(now: number, creditsCharged: number, data: OddsPayload): string {
  return JSON.stringify({
    event: 'odds_update',
    sport: data.sport,
    timestamp: naiveMicros(now),
    credits_charged: creditsCharged,
    data,
  });
}

export function errorFrame(
  code: Exclude<StreamErrorCode, 'insufficient_credits' | 'unknown_sport'>,
  sport?: string,
): string {
  return JSON.stringify({
    event: 'error',
    message: FIXED[code],
    code,
    ...(sport === undefined ? {} : { sport }),
  });
}

export function unknownSportFrame(sport: string): string {
  return JSON.stringify({
    event: 'error',
    message: unknownSportMessage(sport),
    code: 'unknown_sport',
  });
}

export function insufficientCreditsFrame(sport: string, cost: number, balance: number): string {
  return JSON.stringify({
    event: 'error',
    message: insufficientCreditsMessage(cost, balance, 'push'),
    code: 'insufficient_credits',
    sport,
  });
}

// The results stream (spec §2.6): the same envelope as odds, 1 credit per push.

export const RESULTS_SUBSCRIPTION_MESSAGE =
  'status must be all, live, scheduled or concluded; include a list of scores and players; days a positive integer.';

export function resultsSubscribedFrame(
  sport: string,
  echo: { status: string; include: readonly string[]; days?: number },
  creditsPerPush: number,
): string {
  return JSON.stringify({
    event: 'subscribed',
    sport,
    status: echo.status,
    include: echo.include,
    ...(echo.days === undefined ? {} : { days: echo.days }),
    credits_per_push: creditsPerPush,
  });
}

export function resultsUpdateFrame(
  now: number,
  creditsCharged: number,
  data: ResultsPayload,
): string {
  return JSON.stringify({
    event: 'results_update',
    sport: data.sport,
    timestamp: naiveMicros(now),
    credits_charged: creditsCharged,
    data,
  });
}

export function invalidResultsSubscriptionFrame(): string {
  return JSON.stringify({
    event: 'error',
    message: RESULTS_SUBSCRIPTION_MESSAGE,
    code: 'invalid_subscription',
  });
}
