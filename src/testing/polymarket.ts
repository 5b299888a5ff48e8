// A test kit for the Polymarket US dialect: a server with listed markets and signing keys, the
// vendor's request signing (spec 1.2) done the way its SDK does it, a WebSocket client that
// collects frames, and a signed REST caller. Real sockets, real HTTP.
import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import WebSocket from 'ws';
import type { MarketListing } from '../exchange/api.js';
import type { ManualScheduler } from '../timers/scheduler.js';
import { startTestApp, type TestApp } from './app.js';
import { listing } from './exchange.js';
import { Waiters } from './waiters.js';

export const SLUG_A = 'aec-nba-den-min-2026-06-02';
export const SLUG_B = 'aec-nhl-edm-dal-2026-06-02';

/** Spec 1.2's test vector (RFC 8032 test 1). */
export const VECTOR = {
  secret: 'nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=',
  publicKey: '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=',
  timestamp: 1_700_000_000_000,
  markets:
    'RPjv8kz5nw9An7FO+MV9l3iktZXvd9m4w/o+JGWarYesmixWgdUsCqolkUic1xtDLE1K7yAVZ+Re2D6Zll38CA==',
  private:
    'iRm0TQwqG76YaGtU18UQO81tLkw1Jyr1qqP9TjklrUuzlXe0+gQKlk/v/21RQVNUjARn4vdXy7IURJeSXeReDw==',
} as const;

const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Base64 Ed25519 signature of `message` with a base64 32-byte seed. */
export function signWith(secret: string, message: string): string {
  const seed = Buffer.from(secret, 'base64').subarray(0, 32);
  const key = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return sign(null, Buffer.from(message), key).toString('base64');
}

export function publicKeyOf(secret: string): string {
  const seed = Buffer.from(secret, 'base64').subarray(0, 32);
  const priv = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const jwk = createPublicKey(priv).export({ format: 'jwk' });
  return Buffer.from(jwk.x ?? '', 'base64url').toString('base64');
}

export interface SigningKey {
  keyId: string;
  secret: string;
  account: string;
}

/** The three X-PM headers for `METHOD path` at `ts` (epoch ms). */
export function signedHeaders(
  k: SigningKey,
  method: string,
  path: string,
  ts: number,
): Record<string, string> {
  return {
    'X-PM-Access-Key': k.keyId,
    'X-PM-Timestamp': String(ts),
    'X-PM-Signature': signWith(k.secret, `${ts}${method}${path}`),
  };
}

export interface PolymarketServer {
  t: TestApp;
  /** The dialect's own origin (`apiBaseUrl` and `gatewayBaseUrl`). */
  base: string;
  wsBase: string;
  now(): number;
  /** A fresh signing key on plan `polymarket` for `account` (a new seed each time). */
  key(account: string, plan?: string): SigningKey;
  close(): Promise<void>;
}

let seedCounter = 0;

export async function startPolymarket(
  opts: {
    scheduler?: ManualScheduler;
    markets?: MarketListing[];
    overrides?: Record<string, unknown>;
  } = {},
): Promise<PolymarketServer> {
  const t = await startTestApp(
    // The per-key REST limit is tested on purpose (handshake.test.ts), not by accident.
    { 'dialects.polymarket.restRequestsPerSecond': 0, ...opts.overrides },
    undefined,
    undefined,
    opts.scheduler ? { scheduler: opts.scheduler } : {},
  );
  for (const m of opts.markets ?? [listing(SLUG_A), listing(SLUG_B, nhl)])
    t.app.exchange!.listMarket(m);
  const base = t.app.urls['polymarket']!;
  const now = opts.scheduler ? opts.scheduler.now : Date.now;
  return {
    t,
    base,
    wsBase: base.replace('http://', 'ws://'),
    now,
    key(account, plan = 'polymarket') {
      seedCounter += 1;
      const seed = Buffer.alloc(32);
      seed.writeUInt32BE(seedCounter, 0);
      seed.write(`${process.pid}:${account}`, 4);
      const secret = seed.toString('base64');
      const record = t.app.keys.createSigned(plan, publicKeyOf(secret), account);
      return { keyId: record.id, secret, account };
    },
    close: () => t.close(),
  };
}

const nhl: Partial<MarketListing> = {
  eventSlug: 'nhl-edm-dal-2026-06-02',
  league: 'nhl',
  sport: 'hockey',
  title: 'Oilers vs. Stars',
  question: 'Will the Oilers beat the Stars?',
  yes: { id: 'edm', name: 'Oilers', abbr: 'EDM' },
  no: { id: 'dal', name: 'Stars', abbr: 'DAL' },
};

/** A signed REST call as SDK 0.1.1 makes it (Content-Type on every request, even GETs). */
export function call(
  s: PolymarketServer,
  k: SigningKey | null,
  method: 'GET' | 'POST',
  pathAndQuery: string,
  body?: unknown,
): Promise<{ status: number; body: Frame }> {
  return signedCall(s.base, s.now(), k, method, pathAndQuery, body);
}

/** The same against any dialect origin `base`, signed at `now`. */
export async function signedCall(
  base: string,
  now: number,
  k: SigningKey | null,
  method: 'GET' | 'POST',
  pathAndQuery: string,
  body?: unknown,
): Promise<{ status: number; body: Frame }> {
  const url = new URL(pathAndQuery, base);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (k) Object.assign(headers, signedHeaders(k, method, url.pathname, now));
  const res = await fetch(url, {
    method,
    headers,
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Frame) : {} };
}

/** A received frame; the keys the tests read are named so they read as properties. */
export interface Frame {
  [key: string]: unknown;
  requestId?: unknown;
  subscriptionType?: unknown;
  error?: unknown;
  heartbeat?: unknown;
  marketData?: unknown;
  marketDataLite?: unknown;
  trade?: unknown;
  orderSubscriptionSnapshot?: unknown;
  orderSubscriptionUpdate?: unknown;
  positionSubscription?: unknown;
  positionSubscriptionUpdate?: unknown;
  positionSubscriptionSnapshot?: unknown;
  accountBalancesSnapshot?: unknown;
  accountBalanceSubscriptionSnapshot?: unknown;
  accountBalancesUpdate?: unknown;
  accountBalanceSubscriptionUpdate?: unknown;
  marketSlug?: unknown;
  px?: unknown;
  qty?: unknown;
  side?: unknown;
  intent?: unknown;
  slug?: unknown;
  id?: unknown;
  type?: unknown;
  state?: unknown;
  order?: unknown;
  orders?: unknown;
  eof?: unknown;
  price?: unknown;
  quantity?: unknown;
  cumQuantity?: unknown;
  leavesQuantity?: unknown;
  lastShares?: unknown;
  aggressor?: unknown;
  tradeId?: unknown;
  orderRejectReason?: unknown;
  beforePosition?: unknown;
  afterPosition?: unknown;
  netPositionDecimal?: unknown;
  marketMetadata?: unknown;
  entryType?: unknown;
  afterBalance?: unknown;
  currentBalance?: unknown;
  buyingPower?: unknown;
  balances?: unknown;
  positions?: unknown;
  executions?: unknown;
  activities?: unknown;
  message?: unknown;
  bids?: unknown;
  offers?: unknown;
  stats?: unknown;
  bidDepth?: unknown;
  bestBid?: unknown;
  lastTradePx?: unknown;
  sharesTraded?: unknown;
  market?: unknown;
  markets?: unknown;
  events?: unknown;
  event?: unknown;
  series?: unknown;
  sports?: unknown;
  teams?: unknown;
  settlement?: unknown;
  settlementPrice?: unknown;
}

/** A WebSocket client of either socket that keeps every frame it receives. */
export class PmClient {
  readonly frames: Frame[] = [];
  private readonly waiters = new Waiters();
  closed = false;
  closeCode: number | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)) as Frame);
      this.waiters.wake();
    });
    ws.on('close', (code) => {
      this.closed = true;
      this.closeCode = code;
      this.waiters.wake();
    });
  }

  /** Opens `path` signed by `k` (or with `headers` as given); rejects with the HTTP status. */
  static open(
    s: PolymarketServer,
    path: '/v1/ws/markets' | '/v1/ws/private',
    k: SigningKey,
  ): Promise<PmClient> {
    return PmClient.openWith(`${s.wsBase}${path}`, signedHeaders(k, 'GET', path, s.now()));
  }

  static openWith(url: string, headers: Record<string, string>): Promise<PmClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      ws.once('open', () => resolve(new PmClient(ws)));
      ws.once('unexpected-response', (_req, res) => {
        reject(new HandshakeRefused(res.statusCode ?? 0));
        res.resume();
        ws.terminate();
      });
      ws.once('error', reject);
    });
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  subscribe(requestId: string, subscriptionType: string, marketSlugs?: string[], extra = {}): void {
    this.send({
      subscribe: { requestId, subscriptionType, ...(marketSlugs ? { marketSlugs } : {}), ...extra },
    });
  }

  /** Frames that are not heartbeats. */
  data(): Frame[] {
    return this.frames.filter((f) => !('heartbeat' in f));
  }

  of(requestId: string): Frame[] {
    return this.frames.filter((f) => f.requestId === requestId);
  }

  async until(pred: (frames: Frame[]) => boolean, what = 'condition'): Promise<void> {
    await this.waiters.until(
      () => pred(this.frames) || this.closed,
      30_000,
      () => `${what}; have ${JSON.stringify(this.frames.slice(-5))}`,
    );
    if (!pred(this.frames)) throw new Error(`socket closed before ${what}`);
  }

  /** Waits until `n` frames match, then returns them. */
  async waitFor(pred: (f: Frame) => boolean, n = 1, what = 'frames'): Promise<Frame[]> {
    await this.until((fs) => fs.filter(pred).length >= n, what);
    return this.frames.filter(pred);
  }

  close(): void {
    this.ws.close();
  }
}

export class HandshakeRefused extends Error {
  constructor(readonly status: number) {
    super(`handshake refused with HTTP ${status}`);
  }
}

/** A limit order body (SDK `CreateOrderParams`). */
export function limit(
  marketSlug: string,
  intent: string,
  price: string,
  quantity: number,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    marketSlug,
    intent,
    type: 'ORDER_TYPE_LIMIT',
    price: { value: price, currency: 'USD' },
    quantity,
    tif: 'TIME_IN_FORCE_GOOD_TILL_CANCEL',
    ...extra,
  };
}

/** Places an order over signed REST; returns its id. */
export async function place(
  s: PolymarketServer,
  k: SigningKey,
  body: Record<string, unknown>,
): Promise<string> {
  const r = await call(s, k, 'POST', '/v1/orders', body);
  if (r.status !== 200) throw new Error(`order refused: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body['id'] as string;
}
