// `/v1/ws/private` (spec 2.3 as corrected by 0.1): one account's orders, positions and balance.
// ORDER sends the open-order snapshot (type ORDER, paged, last page `eof: true`) then execution
// reports; ORDER_SNAPSHOT only the snapshot; POSITION a position snapshot then changes;
// ACCOUNT_BALANCE one snapshot then changes. Position and balance frames carry the spec's key and
// SDK 0.1.1's key together (0.1 C1-C3). The exchange filters by account, so nothing of another
// account ever reaches this session (check 23).
import type { Exchange, ExchangeEvent, Position } from '../../exchange/api.js';
import type { Connection, ConnectionHandlers, SocketEndpoint } from '../../seam/dialect.js';
import { type SocketContext, socketAdmission } from './admission.js';
import type { PolymarketConfig } from './config.js';
import { decode, PRIVATE_TYPES, type PrivateType } from './input.js';
import {
  balances,
  balanceUpdatePayloads,
  errorFrame,
  execution,
  frame,
  HEARTBEAT,
  order,
  positionPayloads,
  sdkBalance,
  userPosition,
} from './wire.js';

interface Subscription {
  requestId: string;
  type: PrivateType;
  /** Null: every market (spec 2.3: absent or empty). */
  slugs: ReadonlySet<string> | null;
}

export interface PrivateDeps {
  exchange: Exchange;
  config: PolymarketConfig;
  openAccount(account: string): void;
}

/** A UserPosition with its market's metadata and current price. */
export function positionEncoder(exchange: Exchange) {
  return (p: Position) =>
    userPosition(
      p,
      exchange.marketBySlug(p.marketSlug),
      exchange.bbo(p.marketSlug)?.currentPx ?? null,
    );
}

class PrivateSession {
  private readonly subs = new Map<string, Subscription>();
  private readonly stop: () => void;
  private readonly encodePosition: ReturnType<typeof positionEncoder>;

  constructor(
    private readonly conn: Connection,
    private readonly account: string,
    private readonly d: PrivateDeps,
  ) {
    this.encodePosition = positionEncoder(d.exchange);
    this.stop = d.exchange.subscribe((e) => this.onEvent(e), {
      account,
      kinds: ['order', 'position', 'balance'],
    });
  }

  onText(text: string): void {
    const cmd = decode(text, 'private', PRIVATE_TYPES);
    if (cmd.kind === 'error') {
      this.conn.send(errorFrame(cmd.error, cmd.requestId, cmd.type));
      return;
    }
    if (cmd.kind === 'unsubscribe') {
      if (!this.subs.delete(cmd.requestId))
        this.conn.send(errorFrame('subscription not found', cmd.requestId));
      return;
    }
    const refused = this.check(cmd.requestId, cmd.slugs);
    if (refused) {
      this.conn.send(errorFrame(refused, cmd.requestId, cmd.type));
      return;
    }
    const sub: Subscription = {
      requestId: cmd.requestId,
      type: cmd.type,
      slugs: cmd.slugs.length > 0 ? new Set(cmd.slugs) : null,
    };
    this.snapshot(sub);
    // ORDER_SNAPSHOT is one-shot: its requestId is free again after `eof` (spec 2.3.2).
    if (sub.type !== 'SUBSCRIPTION_TYPE_ORDER_SNAPSHOT') this.subs.set(sub.requestId, sub);
  }

  /** Spec 2.4's errors for a private subscribe. */
  private check(requestId: string, slugs: string[]): string | null {
    const { config, exchange } = this.d;
    if (this.subs.has(requestId)) return 'duplicate requestId';
    if (this.subs.size >= config.maxSubscriptionsPerConnection)
      return `too many subscriptions: ${config.maxSubscriptionsPerConnection}`;
    if (slugs.length > config.maxSlugsPerSubscription)
      return `too many market slugs: ${slugs.length} > ${config.maxSlugsPerSubscription}`;
    const unknown = slugs.find((s) => !exchange.marketBySlug(s));
    return unknown === undefined ? null : `market not found: ${unknown}`;
  }

  private snapshot(sub: Subscription): void {
    const { exchange, config } = this.d;
    const slugs = sub.slugs ? [...sub.slugs] : undefined;
    switch (sub.type) {
      case 'SUBSCRIPTION_TYPE_ORDER':
      case 'SUBSCRIPTION_TYPE_ORDER_SNAPSHOT': {
        const orders = exchange
          .openOrders(this.account, slugs)
          .map((o) => order(o, exchange.marketBySlug(o.marketSlug)));
        const size = config.snapshotPageSize;
        for (let i = 0; i === 0 || i < orders.length; i += size) {
          const page = orders.slice(i, i + size);
          const eof = i + size >= orders.length;
          this.conn.send(
            frame(sub.requestId, sub.type, { orderSubscriptionSnapshot: { orders: page, eof } }),
          );
        }
        return;
      }
      case 'SUBSCRIPTION_TYPE_POSITION': {
        const positions: Record<string, unknown> = {};
        for (const p of exchange.positions(this.account)) {
          if (p.net === 0 || (sub.slugs && !sub.slugs.has(p.marketSlug))) continue;
          positions[p.marketSlug] = this.encodePosition(p);
        }
        this.conn.send(
          frame(sub.requestId, sub.type, {
            positionSubscriptionSnapshot: { positions, eof: true },
          }),
        );
        return;
      }
      case 'SUBSCRIPTION_TYPE_ACCOUNT_BALANCE': {
        const b = exchange.balance(this.account);
        if (!b) return;
        this.conn.send(
          frame(sub.requestId, sub.type, {
            accountBalancesSnapshot: balances(b),
            accountBalanceSubscriptionSnapshot: sdkBalance(b),
          }),
        );
        return;
      }
    }
  }

  private onEvent(e: ExchangeEvent): void {
    for (const sub of this.subs.values()) {
      const payloads = this.payloads(sub, e);
      if (payloads) this.conn.send(frame(sub.requestId, sub.type, payloads));
    }
  }

  private payloads(sub: Subscription, e: ExchangeEvent): Record<string, unknown> | null {
    const inMarket = (slug: string) => sub.slugs === null || sub.slugs.has(slug);
    if (e.kind === 'order' && sub.type === 'SUBSCRIPTION_TYPE_ORDER') {
      const slug = e.execution.order.marketSlug;
      if (!inMarket(slug)) return null;
      const m = this.d.exchange.marketBySlug(slug);
      return { orderSubscriptionUpdate: { execution: execution(e.execution, m) } };
    }
    if (e.kind === 'position' && sub.type === 'SUBSCRIPTION_TYPE_POSITION') {
      if (!inMarket(e.change.marketSlug)) return null;
      return positionPayloads(e.change, this.encodePosition);
    }
    if (e.kind === 'balance' && sub.type === 'SUBSCRIPTION_TYPE_ACCOUNT_BALANCE')
      return balanceUpdatePayloads(e.change);
    return null;
  }

  close(): void {
    this.stop();
  }
}

export function privateEndpoint(d: PrivateDeps): SocketEndpoint<SocketContext> {
  return {
    path: '/v1/ws/private',
    admission: socketAdmission(d.config, d.openAccount),
    heartbeatMs: d.config.heartbeatMs,
    // Private frames are never dropped or held back: a reader past `stream.maxPeerBytes` is
    // closed as slow by the core.
    overflow: { kind: 'disconnect', budgetBytes: d.config.imageBudgetBytes },
    open: (conn, ctx): ConnectionHandlers => {
      const session = new PrivateSession(conn, ctx.account, d);
      return { onText: (t) => session.onText(t), onClose: () => session.close() };
    },
    encodeChange: () => null,
    heartbeat: () => HEARTBEAT,
  };
}
