// Test kit for the Parlay dialect: a server on the manual clock with one plan per tier, keys,
// quotes to ingest, and a client that reads frames as JSON.
import { TextClient } from '../conformance/client.js';
import { ManualScheduler } from '../timers/scheduler.js';
import { startTestApp, type TestApp } from './app.js';
import { eventItems } from './feed.js';

export type Frame = Record<string, unknown>;
export type Row = Record<string, unknown>;

const plan = (tier: string) => ({ dialects: ['*'], maxConnections: 50, tiers: { parlay: tier } });

export const PLANS = {
  business: plan('business'),
  enterprise: plan('enterprise'),
  scale: plan('scale'),
  pro: plan('pro'),
  starter: plan('starter'),
  free: plan('free'),
};

/** The feed's first NBA game as Parlay names it (names are the feed's team ids). */
export const NBA1 = '2030-01-01_nba-lal_nba-bos';
export const NBA2 = '2030-01-01_nba-nyk_nba-mia';
export const START = Date.UTC(2029, 11, 31, 12);

export interface PxServer {
  t: TestApp;
  clock: ManualScheduler;
  key(tier: keyof typeof PLANS): string;
  quote(
    american: number,
    over?: Partial<{
      event: string;
      book: string;
      market: string;
      selection: string;
      line: number | null;
    }>,
  ): Promise<void>;
  close(): Promise<void>;
}

export async function startParlay(overrides: Record<string, unknown> = {}): Promise<PxServer> {
  const clock = new ManualScheduler(START);
  const t = await startTestApp({ 'auth.plans': PLANS, ...overrides }, undefined, undefined, {
    scheduler: clock,
  });
  await t.ingest(eventItems());
  return {
    t,
    clock,
    key: (tier) => t.app.keys.create(tier).key,
    async quote(american, over = {}) {
      const item = {
        type: 'quote',
        event: 'nba-1',
        market: 'moneyline',
        book: 'pinnacle',
        selection: 'home',
        line: null,
        price: { american },
        ...over,
      };
      const r = await t.ingest([item]);
      if (r.body.accepted !== 1) throw new Error(`ingest refused ${JSON.stringify(r.body)}`);
    },
    close: () => t.close(),
  };
}

export class PxClient {
  private constructor(readonly c: TextClient) {}

  static async open(
    url: string,
    headers?: Record<string, string>,
    protocols?: string[],
  ): Promise<PxClient> {
    return new PxClient(await TextClient.connect(url, headers, protocols));
  }

  frames(): Frame[] {
    return this.c.texts.map((t) => JSON.parse(t) as Frame);
  }

  of(type: string): Frame[] {
    return this.frames().filter((f) => f['type'] === type);
  }

  rows(type = 'odds_update'): Row[] {
    return this.of(type).flatMap((f) => f['data'] as Row[]);
  }

  send(frame: unknown): void {
    this.c.send(
      typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame),
    );
  }

  until(pred: (c: PxClient) => boolean, timeoutMs?: number): Promise<void> {
    return this.c.until(() => pred(this), timeoutMs);
  }

  /** Waits for `n` frames of a type. */
  count(type: string, n = 1): Promise<void> {
    return this.until((c) => c.of(type).length >= n);
  }

  close(): Promise<void> {
    return this.c.close();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
