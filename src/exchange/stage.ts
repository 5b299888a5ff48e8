// The exchange stage: the engine, one moneyline market per game the sportsbook side knows, and
// the market makers. It follows events on the bus: a game gets a market when it first appears,
// the market suspends with it, and it settles (1 per winning contract) when the game ends.
import type { Bus } from '../bus/bus.js';
import { compileFilter, MATCH_ALL } from '../model/filter.js';
import { type Change, type Quote, quoteKeyString, type SportEvent } from '../model/types.js';
import type { State } from '../state/state.js';
import type { Exchange, ExchangeDeps, ExchangeSettings, Market, MarketState } from './api.js';
import { DurableExchange, type PersistOptions } from './durable.js';
import { ExchangeEngine } from './engine.js';
import { type MakerSettings, MarketMakers } from './makers.js';
import { fairHomeWin, RESULT_MARKETS } from './sportsbook/fair.js';
import { homeWon, marketSlug, moneylineListing } from './sportsbook/listing.js';

export interface StageSettings extends ExchangeSettings {
  /** Most markets open at once (neither settled nor closed); games beyond it get none. */
  maxMarkets: number;
  makers: MakerSettings & { enabled: boolean };
}

/** What the stage reads from the odds side: ports, not the state itself. */
export interface SportsbookPort {
  events(): SportEvent[];
  /** The event's full-game main result quotes. */
  quotes(eventId: string, markets: readonly string[]): Quote[];
  /** Changes as the bus publishes them. */
  subscribe(listener: (changes: readonly Change[]) => void): () => void;
}

export class ExchangeStage {
  readonly exchange: Exchange;
  private readonly makers: MarketMakers | null;
  private readonly slugByEvent = new Map<string, string>();
  /** Fair YES probability per event with an open market; bounded by those markets. */
  private readonly fairs = new Map<string, number | null>();
  /**
   * The full-game main result quotes (by quote id) of each event the makers price, kept from
   * the bus: reading them from the book on every change would scan the event's whole board.
   */
  private readonly results = new Map<string, Map<string, Quote>>();
  private unsubscribe: (() => void) | null = null;
  private readonly onError: (err: unknown) => void;
  private readonly durable: DurableExchange | null;

  /** With `persist`, the state is restored from its log (and kept in it); without, it starts empty. */
  constructor(
    deps: ExchangeDeps,
    private readonly books: SportsbookPort,
    private readonly settings: StageSettings,
    persist?: PersistOptions,
  ) {
    this.durable = persist ? new DurableExchange(deps, settings, persist) : null;
    this.exchange = this.durable ?? new ExchangeEngine(deps, settings);
    // Markets restored from the log keep their games, so a game is not listed twice.
    for (const m of this.exchange.markets()) this.slugByEvent.set(m.eventId, m.slug);
    this.onError = deps.onError ?? (() => {});
    this.makers = settings.makers.enabled
      ? new MarketMakers(
          {
            exchange: this.exchange,
            fair: (m) => this.fair(m),
            // A turn of quotes is one commit, not one per order.
            scheduler: {
              every: (ms, fn) => deps.scheduler.every(ms, () => this.committed(fn)),
              after: (ms, fn) => deps.scheduler.after(ms, () => this.committed(fn)),
            },
          },
          settings.makers,
        )
      : null;
  }

  start(): void {
    for (const e of this.books.events()) this.follow(e);
    // The bus calls its listeners in turn: a fault here must not stop the Changes reaching the rest.
    this.unsubscribe = this.books.subscribe((changes) => {
      try {
        for (const c of changes) {
          if (c.kind === 'event') this.follow(c.after);
          else if (RESULT_MARKETS.includes(c.key.market)) this.resultChanged(c);
        }
      } catch (err) {
        this.onError(err);
      }
    });
    this.makers?.start();
  }

  stop(): void {
    this.makers?.stop();
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Stops, and closes the log (the state is on disk already). */
  close(): void {
    this.stop();
    this.durable?.close();
  }

  /** The market listed for a sportsbook event, if any. */
  marketFor(eventId: string): Market | null {
    const slug = this.slugByEvent.get(eventId);
    return slug ? this.exchange.marketBySlug(slug) : null;
  }

  private committed(fn: () => void): void {
    if (this.durable) this.durable.batch(fn);
    else fn();
  }

  /** Markets still trading or waiting to (neither settled nor closed). */
  private active(): number {
    return this.exchange.markets().filter((m) => !m.settlement && m.state !== 'MARKET_STATE_CLOSED')
      .length;
  }

  /** Cached per event until one of its result quotes changes: the makers ask every interval. */
  private fair(m: Market): number | null {
    let fair = this.fairs.get(m.eventId);
    if (fair === undefined) {
      let quotes = this.results.get(m.eventId);
      if (!quotes) {
        // From the book once; the bus keeps it current from here on.
        quotes = new Map(
          this.books.quotes(m.eventId, RESULT_MARKETS).map((q) => [quoteKeyString(q.key), q]),
        );
        this.results.set(m.eventId, quotes);
      }
      fair = fairHomeWin([...quotes.values()]);
      this.fairs.set(m.eventId, fair);
    }
    return fair;
  }

  private resultChanged(c: Extract<Change, { kind: 'quote' }>): void {
    const quotes = this.results.get(c.key.event);
    if (!quotes) return;
    if (c.key.period === 'game' && c.after.main) quotes.set(c.id, { key: c.key, value: c.after });
    else quotes.delete(c.id);
    this.fairs.delete(c.key.event);
  }

  /** Forgets an event the makers no longer price. */
  private unprice(eventId: string): void {
    this.fairs.delete(eventId);
    this.results.delete(eventId);
  }

  private follow(e: SportEvent): void {
    let slug = this.slugByEvent.get(e.id);
    if (!slug) {
      if (!['scheduled', 'live', 'break'].includes(e.status)) return;
      if (this.active() >= this.settings.maxMarkets) return;
      slug = marketSlug(e);
      // Two games of the same teams on one day (a doubleheader) get distinct slugs.
      for (let n = 2; this.exchange.marketBySlug(slug); n++) slug = `${marketSlug(e)}-${n}`;
      this.exchange.listMarket(moneylineListing(e, slug));
      this.slugByEvent.set(e.id, slug);
    }
    const market = this.exchange.marketBySlug(slug);
    if (!market || market.settlement) return;
    if (['ended', 'cancelled', 'postponed'].includes(e.status)) this.unprice(e.id);
    if (e.status === 'ended') {
      const yes = homeWon(e);
      if (yes === null) this.exchange.closeMarket(slug);
      else this.exchange.settle(slug, yes);
      return;
    }
    if (e.status === 'cancelled' || e.status === 'postponed') {
      this.exchange.closeMarket(slug);
      return;
    }
    const state: MarketState =
      e.status === 'suspended' || e.live?.suspended
        ? 'MARKET_STATE_SUSPENDED'
        : 'MARKET_STATE_OPEN';
    if (market.state !== state) this.exchange.setMarketState(slug, state);
  }
}

/** The ports over the app's state and bus. */
export function sportsbookPort(state: State, bus: Bus): SportsbookPort {
  return {
    events: () => state.events(MATCH_ALL),
    quotes: (eventId, markets) =>
      state.snapshot(
        compileFilter({
          events: [eventId],
          markets: [...markets],
          periods: ['game'],
          mainOnly: true,
        }),
      ).quotes,
    subscribe: (listener) => bus.subscribe(listener),
  };
}
