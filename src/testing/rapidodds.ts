// Test helpers for the RapidOdds dialect: a server with a metered plan on a fake clock, and a
// client that reads frames as JSON. Used by the RapidOdds dialect's tests.
import { TextClient } from '../conformance/client.js';
import { ManualScheduler } from '../timers/scheduler.js';
import { startTestApp, type TestApp } from './app.js';

export type Frame = Record<string, unknown> & { event?: string };

export const PLANS = {
  pro: { dialects: ['*'], maxConnections: 50, tiers: { rapidodds: 'pro' } },
  metered: {
    dialects: ['*'],
    maxConnections: 50,
    clientMessagesPerSecond: 50,
    tiers: { rapidodds: 'elite' },
    metered: true,
    credits: 10,
  },
  free: {
    dialects: ['native', 'rapidodds:rest'],
    maxConnections: 2,
    metered: true,
    credits: 250,
  },
};

export interface RoServer {
  t: TestApp;
  clock: ManualScheduler;
  /** Advances the fake clock by one refresh cycle (or `ms`). */
  cycle(ms?: number): void;
  /** A new key (`oa_`-prefixed, as the SDK requires) on a plan. */
  key(plan: string): { key: string; id: string };
  close(opts?: { keepData?: boolean }): Promise<void>;
}

export const REFRESH_MS = 1_000;

export async function startRo(
  overrides: Record<string, unknown> = {},
  dataDir?: string,
): Promise<RoServer> {
  const clock = new ManualScheduler(Date.UTC(2030, 0, 1, 12));
  const t = await startTestApp(
    { 'auth.plans': PLANS, 'dialects.rapidodds.refreshMs': REFRESH_MS, ...overrides },
    dataDir,
    undefined,
    { scheduler: clock },
  );
  return {
    t,
    clock,
    cycle: (ms = REFRESH_MS) => clock.advance(ms),
    key: (plan) => {
      const { key, record } = t.app.keys.create(plan);
      return { key: `oa_${key}`, id: record.id };
    },
    close: (opts) => t.close(opts),
  };
}

export class RoClient {
  private constructor(readonly c: TextClient) {}

  /** `path`: `/ws` (odds) or `/results-ws`. */
  static async open(base: string, key: string | null, path = '/ws'): Promise<RoClient> {
    const q = key === null ? '' : `?api_key=${encodeURIComponent(key)}`;
    return new RoClient(await TextClient.connect(`${base}${path}${q}`));
  }

  frames(): Frame[] {
    return this.c.texts.map((t) => JSON.parse(t) as Frame);
  }

  of(event: string): Frame[] {
    return this.frames().filter((f) => f.event === event);
  }

  send(frame: unknown): void {
    this.c.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  until(pred: (frames: Frame[]) => boolean, timeoutMs?: number): Promise<void> {
    return this.c.until(() => pred(this.frames()), timeoutMs);
  }

  /** Waits for `n` frames in total. */
  count(n: number): Promise<void> {
    return this.c.until(() => this.c.texts.length >= n);
  }

  get closed(): Promise<number> {
    return this.c.closed;
  }

  isOpen(): boolean {
    return this.c.isOpen();
  }

  close(): Promise<void> {
    return this.c.close();
  }
}

export function subscribeFrame(
  sport: string,
  bookmakers: string[],
  marketTypes: string[],
): Record<string, unknown> {
  return { action: 'subscribe', sport, bookmakers, market_types: marketTypes };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
