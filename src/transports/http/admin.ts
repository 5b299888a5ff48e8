// The admin REST API, behind the admin token: keys (create, list, revoke), credit top-ups and
// connection counts. Revoking a key closes its live connections at once.
import { z } from 'zod';
import type { CreditLedger } from '../../auth/credits.js';
import { type KeyRecord, type KeyStore, signingPair } from '../../auth/keys.js';
import { bearer, tokenMatches } from '../../auth/tokens.js';
import { LinecastError } from '../../errors/catalogue.js';
import type { Exchange } from '../../exchange/api.js';
import type { Hub } from '../../hub/hub.js';
import type { HttpRequest, Route } from '../../seam/http.js';
import { json } from '../../seam/http.js';

export interface AdminDeps {
  token: string;
  keys: KeyStore;
  credits: CreditLedger;
  hub: Hub;
  plans: () => string[];
  /** The local exchange, whose accounts the admin can fund. */
  exchange?: Exchange;
}

const createBody = z
  .object({
    plan: z.string().min(1).max(64),
    account: z.string().min(1).max(128).optional(),
    /** An Ed25519 signing key (Polymarket US): the answer carries the secret, once. */
    signed: z.boolean().optional(),
  })
  .strict();
const creditsBody = z.object({ add: z.number().int().min(-1e12).max(1e12) }).strict();
const fundBody = z
  .object({
    amount: z.number().finite().min(-1e9).max(1e9),
    description: z.string().max(200).optional(),
  })
  .strict();

function parse<T>(schema: z.ZodType<T>, req: HttpRequest): T {
  let raw: unknown;
  try {
    raw = JSON.parse(req.body.toString('utf8') || '{}');
  } catch {
    throw new LinecastError('LC_ERR_REQUEST_MALFORMED');
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new LinecastError('LC_ERR_REQUEST_BAD_BODY', `${issue.path.join('.')}: ${issue.message}`);
  }
  return r.data;
}

export function adminRoutes(deps: AdminDeps): Route[] {
  const { keys, credits, hub } = deps;
  // Checked before any body is read (Route.authorize).
  const authorize = (req: HttpRequest) => {
    const given = bearer(req);
    if (given === undefined)
      throw new LinecastError('LC_ERR_AUTH_MISSING', 'Authorization: Bearer <admin token>');
    if (!tokenMatches(deps.token, given)) throw new LinecastError('LC_ERR_AUTH_INVALID');
  };
  const view = (r: KeyRecord) => ({
    id: r.id,
    plan: r.plan,
    account: r.account,
    createdAt: r.createdAt,
    revokedAt: r.revokedAt ?? null,
    credits: credits.peek(r.id, r.plan),
  });
  const find = (id: string | undefined) => {
    const r = keys.list().find((k) => k.id === id);
    if (!r) throw new LinecastError('LC_ERR_REQUEST_NOT_FOUND', `key ${id}`);
    return r;
  };
  return [
    {
      method: 'GET',
      path: '/admin/keys',
      authorize,
      handler: () => json(200, { keys: keys.list().map(view) }),
    },
    {
      method: 'POST',
      path: '/admin/keys',
      authorize,
      handler: (req) => {
        const body = parse(createBody, req);
        if (!deps.plans().includes(body.plan)) {
          throw new LinecastError('LC_ERR_REQUEST_BAD_BODY', `unknown plan ${body.plan}`);
        }
        if (body.signed) {
          const pair = signingPair();
          const record = keys.createSigned(body.plan, pair.publicKey, body.account);
          return json(201, { keyId: record.id, secret: pair.secret, ...view(record) });
        }
        const { key, record } = keys.create(body.plan, body.account);
        return json(201, { key, ...view(record) });
      },
    },
    {
      method: 'DELETE',
      path: '/admin/keys/:id',
      authorize,
      handler: (req) => {
        const record = find(req.params['id']);
        // Same turn, so no connection of the key can open between the two steps.
        const closed = hub.closeKeys(new Set([record.id]));
        keys.revoke(record.id);
        return json(200, { ...view(find(record.id)), closedConnections: closed });
      },
    },
    {
      method: 'POST',
      path: '/admin/keys/:id/credits',
      authorize,
      handler: (req) => {
        const record = find(req.params['id']);
        const { add } = parse(creditsBody, req);
        return json(200, { id: record.id, credits: credits.topUp(record.id, record.plan, add) });
      },
    },
    {
      method: 'POST',
      path: '/admin/accounts/:account/fund',
      authorize,
      handler: (req) => {
        const exchange = deps.exchange;
        if (!exchange) throw new LinecastError('LC_ERR_REQUEST_NOT_FOUND', 'no exchange');
        const account = req.params['account'] ?? '';
        const { amount, description } = parse(fundBody, req);
        // A deposit opens the account; a withdrawal needs one and never takes cash below zero.
        if (amount > 0) exchange.openAccount(account);
        const change = exchange.fund(account, amount, description ?? 'admin funding');
        if (!change) {
          throw new LinecastError(
            'LC_ERR_REQUEST_BAD_BODY',
            exchange.balance(account) ? 'withdrawal exceeds the cash' : `no account ${account}`,
          );
        }
        return json(200, {
          account,
          currentBalance: change.after.cash,
          buyingPower: change.after.buyingPower,
        });
      },
    },
    {
      method: 'GET',
      path: '/admin/connections',
      authorize,
      handler: () =>
        json(200, {
          connections: hub.connectionCount,
          subscriptions: hub.subscriptionCount,
          byAccount: hub.connectionsByAccount(),
        }),
    },
  ];
}
