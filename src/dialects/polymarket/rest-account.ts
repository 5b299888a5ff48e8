// The signed REST routes (spec 5, SDK 0.1.1): orders, portfolio and account of the key's
// account. Every route checks the signature first; shape errors are 400, an unknown order (or
// another account's) 404; nothing here changes a balance except through the engine.
import type {
  Activity,
  Exchange,
  LedgerEntryType,
  OrderOpResult,
  OrderResult,
} from '../../exchange/api.js';
import type { SignaturePort } from '../../seam/core.js';
import { type HttpRequest, type HttpResponse, json, type Route } from '../../seam/http.js';
import {
  BadBody,
  bool,
  listQuery,
  modifyRequest,
  orderRequest,
  parseBody,
  requiredSlug,
  slippage,
  stringList,
} from './body.js';
import type { PolymarketConfig } from './config.js';
import { positionEncoder } from './private.js';
import { checkSigned, KeyRate } from './signed.js';
import { balances, execution, money, order, px, qty, time } from './wire.js';

export interface AccountRoutesDeps {
  exchange: Exchange;
  signatures: SignaturePort;
  clock: () => number;
  config: PolymarketConfig;
  openAccount(account: string): void;
}

const bad = (message: string) => json(400, { code: 3, message });
const notFound = (message: string) => json(404, { code: 5, message });

type Authed = (req: HttpRequest, account: string) => HttpResponse;

const ACTIVITY_TYPES: Partial<Record<LedgerEntryType, string>> = {
  LEDGER_ENTRY_TYPE_ORDER_EXECUTION: 'ACTIVITY_TYPE_TRADE',
  LEDGER_ENTRY_TYPE_RESOLUTION: 'ACTIVITY_TYPE_POSITION_RESOLUTION',
  LEDGER_ENTRY_TYPE_DEPOSIT: 'ACTIVITY_TYPE_ACCOUNT_DEPOSIT',
  LEDGER_ENTRY_TYPE_WITHDRAWAL: 'ACTIVITY_TYPE_ACCOUNT_WITHDRAWAL',
};
const activityType = (t: LedgerEntryType) => ACTIVITY_TYPES[t] ?? 'ACTIVITY_TYPE_TRANSFER';

export function accountRoutes(d: AccountRoutesDeps): Route[] {
  const { exchange } = d;
  const market = (slug: string) => exchange.marketBySlug(slug);
  const encodePosition = positionEncoder(exchange);
  const rate = new KeyRate(d.config.restRequestsPerSecond, d.clock);

  /** Signature first, then the handler; a bad body is a 400, never a crash. */
  const signed =
    (handler: Authed) =>
    (req: HttpRequest): HttpResponse => {
      const who = checkSigned(req, d.signatures, d.clock, d.config.signatureWindowMs, rate);
      if (!who.ok) return who.response;
      d.openAccount(who.account);
      try {
        return handler(req, who.account);
      } catch (e) {
        if (e instanceof BadBody) return bad(e.message);
        throw e;
      }
    };

  const created = (r: OrderResult, sync: boolean) =>
    json(200, {
      id: r.order.id,
      ...(sync
        ? { executions: r.executions.map((e) => execution(e, market(e.order.marketSlug))) }
        : {}),
    });

  const opError = (r: Extract<OrderOpResult, { ok: false }>) =>
    r.error === 'not_found' ? notFound(r.text || 'order not found') : bad(r.text || r.error);

  const activity = (a: Activity, account: string) => {
    const base = { type: activityType(a.type) };
    if (a.trade) {
      const t = a.trade;
      const mine = t.taker.account === account ? t.taker : t.maker;
      return {
        ...base,
        trade: {
          id: t.id,
          marketSlug: t.marketSlug,
          state: 'TRADE_STATE_CLEARED',
          createTime: time(t.at),
          updateTime: time(t.at),
          price: px(t.price),
          qty: qty(t.quantity),
          isAggressor: mine === t.taker,
          side: mine.side,
          intent: mine.intent,
          costBasis: money(Math.abs(a.amount)),
          realizedPnl: null,
        },
      };
    }
    if (a.resolution && a.marketSlug) {
      return {
        ...base,
        positionResolution: {
          marketSlug: a.marketSlug,
          updateTime: time(a.at),
          tradeId: '',
          side: a.resolution.quantity < 0 ? 'SHORT' : 'LONG',
          quantity: qty(a.resolution.quantity),
          settlementPx: px(a.resolution.price),
          amount: money(a.amount),
        },
      };
    }
    return {
      ...base,
      accountBalanceChange: {
        transactions: [
          {
            transactionId: a.id,
            status: 'TRANSACTION_STATUS_COMPLETED',
            amount: money(a.amount),
            updateTime: time(a.at),
            createTime: time(a.at),
            description: a.description,
          },
        ],
      },
    };
  };

  return [
    {
      method: 'POST',
      path: '/v1/orders',
      handler: signed((req, account) => {
        const body = parseBody(req);
        const sync = bool(body, 'synchronousExecution') ?? false;
        return created(exchange.createOrder(account, orderRequest(body)), sync);
      }),
    },
    {
      method: 'POST',
      path: '/v1/order/preview',
      handler: signed((req, account) => {
        const body = parseBody(req);
        const inner = body['request'];
        if (typeof inner !== 'object' || inner === null || Array.isArray(inner))
          return bad('request is required');
        const o = exchange.previewOrder(account, orderRequest(inner as Record<string, unknown>));
        return json(200, { order: order(o, market(o.marketSlug)) });
      }),
    },
    {
      method: 'GET',
      path: '/v1/orders/open',
      handler: signed((req, account) => {
        const slugs = listQuery(req.query, 'slugs');
        const open = exchange.openOrders(account, slugs.length > 0 ? slugs : undefined);
        return json(200, { orders: open.map((o) => order(o, market(o.marketSlug))) });
      }),
    },
    {
      method: 'POST',
      path: '/v1/orders/open/cancel',
      handler: signed((req, account) => {
        const slugs = stringList(parseBody(req), 'slugs');
        const ids = exchange.cancelAll(account, slugs && slugs.length > 0 ? slugs : undefined);
        return json(200, { canceledOrderIds: ids });
      }),
    },
    {
      method: 'GET',
      path: '/v1/order/:orderId',
      handler: signed((req, account) => {
        const o = exchange.order(account, req.params['orderId'] ?? '');
        return o
          ? json(200, { order: order(o, market(o.marketSlug)) })
          : notFound('order not found');
      }),
    },
    {
      method: 'POST',
      path: '/v1/order/:orderId/cancel',
      handler: signed((req, account) => {
        requiredSlug(parseBody(req));
        const r = exchange.cancelOrder(account, req.params['orderId'] ?? '');
        return r.ok ? json(200, {}) : opError(r);
      }),
    },
    {
      method: 'POST',
      path: '/v1/order/:orderId/modify',
      handler: signed((req, account) => {
        const body = parseBody(req);
        requiredSlug(body);
        const r = exchange.modifyOrder(account, req.params['orderId'] ?? '', modifyRequest(body));
        return r.ok ? json(200, {}) : opError(r);
      }),
    },
    {
      method: 'POST',
      path: '/v1/order/close-position',
      handler: signed((req, account) => {
        const body = parseBody(req);
        const slug = requiredSlug(body);
        const sync = bool(body, 'synchronousExecution') ?? false;
        const r = exchange.closePosition(account, slug, slippage(body));
        return r.ok ? created(r.result, sync) : opError(r);
      }),
    },
    {
      method: 'GET',
      path: '/v1/portfolio/positions',
      handler: signed((req, account) => {
        const slug = req.query.get('market') || undefined;
        const positions: Record<string, unknown> = {};
        for (const p of exchange.positions(account, slug))
          if (p.net !== 0) positions[p.marketSlug] = encodePosition(p);
        return json(200, { positions, nextCursor: '', eof: true });
      }),
    },
    {
      method: 'GET',
      path: '/v1/portfolio/activities',
      handler: signed((req, account) => {
        const q = req.query;
        const limit = Number(q.get('limit') ?? 100);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
          return bad('limit must be an integer in [1, 1000]');
        const wanted = listQuery(q, 'types');
        const types = (Object.keys(ACTIVITY_TYPES) as LedgerEntryType[]).filter((t) =>
          wanted.includes(activityType(t)),
        );
        const cursor = q.get('cursor');
        const slug = q.get('marketSlug');
        const page = exchange.activities(account, {
          limit,
          sortOrder: q.get('sortOrder') === 'SORT_ORDER_ASCENDING' ? 'asc' : 'desc',
          ...(cursor ? { cursor } : {}),
          ...(slug ? { marketSlug: slug } : {}),
          ...(wanted.length > 0 ? { types } : {}),
        });
        return json(200, {
          activities: page.activities.map((a) => activity(a, account)),
          nextCursor: page.nextCursor ?? '',
          eof: page.nextCursor === null,
        });
      }),
    },
    {
      method: 'GET',
      path: '/v1/account/balances',
      handler: signed((_req, account) => {
        const b = exchange.balance(account);
        return b ? json(200, balances(b)) : notFound('account not found');
      }),
    },
  ];
}
