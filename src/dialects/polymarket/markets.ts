// `/v1/ws/markets` (spec 2.2): MARKET_DATA (the whole book on subscribe and on every change),
// MARKET_DATA_LITE and TRADE per market slug, with optional debouncing. One session per
// connection; the frames are built from the exchange's state when an event says it changed.
import type { Exchange, ExchangeEvent } from '../../exchange/api.js';
import type { TimerPort } from '../../seam/core.js';
import type { Connection, ConnectionHandlers, SocketEndpoint } from '../../seam/dialect.js';
import { type SocketContext, socketAdmission } from './admission.js';
import type { PolymarketConfig } from './config.js';
import { decode, MARKET_TYPES, type MarketType } from './input.js';
import type { MarketFrames } from './market-frames.js';
import { errorFrame, frame, HEARTBEAT, trade } from './wire.js';

interface Subscription {
  requestId: string;
  type: MarketType;
  slugs: ReadonlySet<string>;
  debounced: boolean;
}

export interface MarketsDeps {
  exchange: Exchange;
  frames: MarketFrames;
  timers: TimerPort;
  config: PolymarketConfig;
  openAccount(account: string): void;
  fault(err: unknown, where: string): void;
}

const PAYLOAD: Record<MarketType, string> = {
  SUBSCRIPTION_TYPE_MARKET_DATA: 'marketData',
  SUBSCRIPTION_TYPE_MARKET_DATA_LITE: 'marketDataLite',
  SUBSCRIPTION_TYPE_TRADE: 'trade',
};

class MarketsSession {
  private readonly subs = new Map<string, Subscription>();
  /** Book images owed to a subscription: debounced ones, or ones held back while behind. */
  private readonly owed = new Map<string, Set<string>>();
  private flushTimer: (() => void) | null = null;
  private readonly stop: () => void;

  constructor(
    private readonly conn: Connection,
    private readonly d: MarketsDeps,
  ) {
    this.stop = d.exchange.subscribe((e) => this.onEvent(e), { kinds: ['book', 'trade'] });
  }

  onText(text: string): void {
    const cmd = decode(text, 'markets', MARKET_TYPES);
    if (cmd.kind === 'error') {
      this.conn.send(errorFrame(cmd.error, cmd.requestId, cmd.type));
      return;
    }
    if (cmd.kind === 'unsubscribe') {
      if (!this.subs.delete(cmd.requestId)) {
        this.conn.send(errorFrame('subscription not found', cmd.requestId));
        return;
      }
      this.owed.delete(cmd.requestId);
      return;
    }
    const refused = this.check(cmd.requestId, cmd.type, cmd.slugs);
    if (refused) {
      this.conn.send(errorFrame(refused, cmd.requestId, cmd.type));
      return;
    }
    const sub: Subscription = {
      requestId: cmd.requestId,
      type: cmd.type,
      slugs: new Set(cmd.slugs),
      debounced: cmd.debounced,
    };
    this.subs.set(sub.requestId, sub);
    // The first image of each market is the snapshot (spec 2.2.1, 2.2.2); trades have none.
    if (sub.type !== 'SUBSCRIPTION_TYPE_TRADE') for (const slug of sub.slugs) this.image(sub, slug);
  }

  /** Spec 2.4's errors; a request is refused whole (check 11). */
  private check(requestId: string, type: MarketType, slugs: string[]): string | null {
    const { config, exchange } = this.d;
    if (this.subs.has(requestId)) return 'duplicate requestId';
    if (this.subs.size >= config.maxSubscriptionsPerConnection)
      return `too many subscriptions: ${config.maxSubscriptionsPerConnection}`;
    if (slugs.length === 0) return 'marketSlugs is required';
    if (slugs.length > config.maxSlugsPerSubscription)
      return `too many market slugs: ${slugs.length} > ${config.maxSlugsPerSubscription}`;
    for (const slug of slugs) {
      if (!exchange.marketBySlug(slug)) return `market not found: ${slug}`;
      for (const s of this.subs.values())
        if (s.type === type && s.slugs.has(slug)) return `already subscribed: ${slug}`;
    }
    return null;
  }

  private image(sub: Subscription, slug: string): void {
    const payload =
      sub.type === 'SUBSCRIPTION_TYPE_MARKET_DATA'
        ? this.d.frames.marketData(slug)
        : this.d.frames.marketDataLite(slug);
    if (payload === null) return;
    this.conn.send(
      `{"requestId":${JSON.stringify(sub.requestId)},"subscriptionType":"${sub.type}","${PAYLOAD[sub.type]}":${payload}}`,
    );
  }

  private onEvent(e: ExchangeEvent): void {
    if (e.kind === 'trade') {
      const t = e.trade;
      for (const sub of this.subs.values()) {
        if (sub.type !== 'SUBSCRIPTION_TYPE_TRADE' || !sub.slugs.has(t.marketSlug)) continue;
        this.conn.send(frame(sub.requestId, sub.type, { trade: trade(t) }));
      }
      return;
    }
    if (e.kind !== 'book') return;
    for (const sub of this.subs.values()) {
      if (sub.type === 'SUBSCRIPTION_TYPE_TRADE' || !sub.slugs.has(e.marketSlug)) continue;
      if (sub.debounced || this.conn.behind()) this.owe(sub, e.marketSlug);
      else this.image(sub, e.marketSlug);
    }
  }

  /** Keeps only the latest image per (subscription, market) until the next flush (spec 2.2.4). */
  private owe(sub: Subscription, slug: string): void {
    let slugs = this.owed.get(sub.requestId);
    if (!slugs) {
      slugs = new Set();
      this.owed.set(sub.requestId, slugs);
    }
    slugs.add(slug);
    this.flushTimer ??= this.d.timers.after(this.d.config.debounceMs, () => this.flush());
  }

  private flush(): void {
    this.flushTimer = null;
    if (this.conn.behind()) {
      this.flushTimer = this.d.timers.after(this.d.config.debounceMs, () => this.flush());
      return;
    }
    const owed = [...this.owed];
    this.owed.clear();
    try {
      for (const [requestId, slugs] of owed) {
        const sub = this.subs.get(requestId);
        if (sub) for (const slug of slugs) this.image(sub, slug);
      }
    } catch (err) {
      this.d.fault(err, 'polymarket.markets.flush');
    }
  }

  close(): void {
    this.stop();
    this.flushTimer?.();
    this.flushTimer = null;
  }
}

export function marketsEndpoint(d: MarketsDeps): SocketEndpoint<SocketContext> {
  return {
    path: '/v1/ws/markets',
    admission: socketAdmission(d.config, d.openAccount),
    heartbeatMs: d.config.heartbeatMs,
    // Every frame goes out through `send`: `behind()` (over this budget) holds book images back,
    // and the core closes a peer past `stream.maxPeerBytes`.
    overflow: { kind: 'disconnect', budgetBytes: d.config.imageBudgetBytes },
    open: (conn): ConnectionHandlers => {
      const session = new MarketsSession(conn, d);
      return { onText: (t) => session.onText(t), onClose: () => session.close() };
    },
    encodeChange: () => null,
    heartbeat: () => HEARTBEAT,
  };
}
