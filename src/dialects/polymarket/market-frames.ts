// The `marketData` and `marketDataLite` payloads of each market, serialized once per change and
// shared by every subscriber and by REST (`GET …/book`, `…/bbo`), so they agree (check 7).
import type { Exchange } from '../../exchange/api.js';
import { marketData, marketDataLite } from './wire.js';

export class MarketFrames {
  private readonly book = new Map<string, string>();
  private readonly lite = new Map<string, string>();

  constructor(
    private readonly exchange: Exchange,
    private readonly depth: number,
  ) {
    // Subscribed first, so every session's listener reads fresh payloads.
    exchange.subscribe(
      (e) => {
        if (e.kind !== 'book') return;
        this.book.delete(e.marketSlug);
        this.lite.delete(e.marketSlug);
      },
      { kinds: ['book'] },
    );
  }

  /** JSON of the market's `marketData`, or null for an unknown slug. */
  marketData(slug: string): string | null {
    let json = this.book.get(slug);
    if (json === undefined) {
      const view = this.exchange.book(slug, this.depth);
      if (!view) return null;
      json = JSON.stringify(marketData(view));
      this.book.set(slug, json);
    }
    return json;
  }

  marketDataLite(slug: string): string | null {
    let json = this.lite.get(slug);
    if (json === undefined) {
      const bbo = this.exchange.bbo(slug);
      if (!bbo) return null;
      json = JSON.stringify(marketDataLite(bbo));
      this.lite.set(slug, json);
    }
    return json;
  }
}
