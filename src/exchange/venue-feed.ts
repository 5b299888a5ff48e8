// The exchange as a venue for the analytics' cross-venue gaps: each market's state and top of
// book, read through the public interface only, in the shape of the analytics' port.
import type { VenueFeed, VenueQuote } from '../analytics/gaps.js';
import type { Exchange, MarketState } from './api.js';

/** The venue name gap alerts carry (and a `books` filter matches). */
export const EXCHANGE_VENUE = 'exchange';

const FINAL: ReadonlySet<MarketState> = new Set([
  'MARKET_STATE_CLOSED',
  'MARKET_STATE_EXPIRED',
  'MARKET_STATE_TERMINATED',
]);

export function exchangeVenueFeed(exchange: Exchange): VenueFeed {
  return {
    subscribe: (listener) =>
      exchange.subscribe(
        (e) => {
          const slug =
            e.kind === 'book' ? e.marketSlug : e.kind === 'market' ? e.market.slug : null;
          const q = slug === null ? null : venueQuote(exchange, slug, e.at);
          if (q) listener(q);
        },
        { kinds: ['book', 'market'] },
      ),
  };
}

function venueQuote(exchange: Exchange, slug: string, at: number): VenueQuote | null {
  const market = exchange.marketBySlug(slug);
  const bbo = exchange.bbo(slug);
  if (!market || !bbo) return null;
  const state =
    market.settlement || FINAL.has(market.state)
      ? 'closed'
      : market.state === 'MARKET_STATE_OPEN'
        ? 'open'
        : 'suspended';
  return {
    venue: EXCHANGE_VENUE,
    market: slug,
    event: market.eventId,
    state,
    bid: bbo.bestBid,
    ask: bbo.bestAsk,
    at,
  };
}
