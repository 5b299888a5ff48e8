// Test fixtures for the TickOdds dialect: a server with a key per TickOdds plan on the manual
// clock, and a small feed of live fixtures priced by bet365 (soccer, basketball, tennis).

import { ManualScheduler } from '../timers/scheduler.js';
import { startTestApp, type TestApp } from './app.js';

export const START = Date.UTC(2030, 0, 1, 15);

const plan = (tier: string, maxConnections = 500) => ({
  dialects: ['*'],
  maxConnections,
  tiers: { tickodds: tier },
});

export interface Harness {
  t: TestApp;
  clock: ManualScheduler;
  keys: Record<'developer' | 'starter' | 'live' | 'pro' | 'enterprise', string>;
  /** Ingests and waits until it is applied (the bus delivers synchronously after). */
  feed(items: unknown[]): Promise<void>;
}

export async function startHarness(overrides: Record<string, unknown> = {}): Promise<Harness> {
  const clock = new ManualScheduler(START);
  const t = await startTestApp(
    {
      'auth.plans': {
        developer: plan('developer'),
        starter: plan('starter'),
        live: plan('live'),
        pro: plan('pro'),
        enterprise: plan('enterprise'),
      },
      'auth.demoPlan': 'pro',
      ...overrides,
    },
    undefined,
    undefined,
    { scheduler: clock },
  );
  const keys = {
    developer: t.app.keys.create('developer').key,
    starter: t.app.keys.create('starter').key,
    live: t.app.keys.create('live').key,
    pro: t.key,
    enterprise: t.app.keys.create('enterprise').key,
  };
  return {
    t,
    clock,
    keys,
    async feed(items) {
      const r = await t.ingest(items);
      if (r.status !== 200 || r.body.rejected > 0) throw new Error(JSON.stringify(r.body));
    },
  };
}

const team = (id: string, name: string) => ({ id, name });

export const FIXTURES = {
  soccer: {
    id: 'epl-2030-01-01-bre-ful',
    sport: 'soccer',
    league: 'epl',
    home: team('epl-bre', 'Brentford'),
    away: team('epl-ful', 'Fulham'),
  },
  basketball: {
    id: 'nba-2030-01-01-bos-lal',
    sport: 'basketball',
    league: 'nba',
    home: team('nba-bos', 'Boston Celtics'),
    away: team('nba-lal', 'Los Angeles Lakers'),
  },
  tennis: {
    id: 'atp-2030-01-01-rub-fri',
    sport: 'tennis',
    league: 'atp',
    home: team('atp-rublev', 'A. Rublev'),
    away: team('atp-fritz', 'T. Fritz'),
  },
} as const;

export type FixtureName = keyof typeof FIXTURES;

interface LiveOpts {
  status?: string;
  home?: number;
  away?: number;
  clock?: number;
  period?: number;
  suspended?: boolean;
  incident?: { n: number; kind: string; side?: 'home' | 'away' };
}

export function eventItem(name: FixtureName, o: LiveOpts = {}): unknown {
  const f = FIXTURES[name];
  const status = o.status ?? 'live';
  return {
    type: 'event',
    ...f,
    startsAt: START - 600_000,
    status,
    ...(status === 'scheduled'
      ? {}
      : {
          live: {
            home: o.home ?? 0,
            away: o.away ?? 0,
            clock: o.clock ?? 600,
            period: o.period ?? 1,
            ...(o.suspended === undefined ? {} : { suspended: o.suspended }),
            ...(o.incident ? { incident: o.incident } : {}),
          },
        }),
  };
}

export function quote(
  name: FixtureName,
  market: string,
  selection: string,
  decimal: number,
  extra: { line?: number; main?: boolean; book?: string; status?: string; period?: string } = {},
): unknown {
  return {
    type: 'quote',
    event: FIXTURES[name].id,
    market,
    period: extra.period ?? 'game',
    book: extra.book ?? 'bet365',
    selection,
    line: extra.line ?? null,
    price: { decimal },
    main: extra.main ?? true,
    ...(extra.status ? { status: extra.status } : {}),
  };
}

/** A full board for each fixture: soccer 1X2 and goals (main and an alternate), basketball and tennis winners. */
export function board(): unknown[] {
  return [
    quote('soccer', 'three-way', 'home', 2.3),
    quote('soccer', 'three-way', 'draw', 3.2),
    quote('soccer', 'three-way', 'away', 3.4),
    quote('soccer', 'total', 'over', 1.83, { line: 2.5 }),
    quote('soccer', 'total', 'under', 1.98, { line: 2.5 }),
    quote('soccer', 'total', 'over', 2.6, { line: 3.5, main: false }),
    quote('soccer', 'total', 'under', 1.5, { line: 3.5, main: false }),
    quote('soccer', 'spread', 'home', 1.9, { line: -0.5 }),
    quote('soccer', 'spread', 'away', 1.9, { line: 0.5 }),
    quote('basketball', 'moneyline', 'home', 1.55),
    quote('basketball', 'moneyline', 'away', 2.45),
    quote('basketball', 'total', 'over', 1.91, { line: 220.5 }),
    quote('basketball', 'total', 'under', 1.91, { line: 220.5 }),
    quote('tennis', 'moneyline', 'home', 1.7),
    quote('tennis', 'moneyline', 'away', 2.1),
  ];
}

export type Frame = Record<string, unknown> & { type: string };
export type LiveEvent = Record<string, unknown> & {
  fixtureId: string;
  sportName: string;
  score: string;
  period: string;
  status: string;
  marketGroups: {
    name: string;
    key: string;
    period: string;
    selections: { id: string; name: string; odds: number }[];
  }[];
  odds: {
    id: string;
    marketKey: string;
    industryKey: string | null;
    period: string;
    side: string;
    price: number;
    groupingKey: string;
  }[];
  legacyOdds: Record<string, Record<string, number>>;
};

/** Parsed frames of a TextClient. */
export const framesOf = (c: { texts: string[] }): Frame[] =>
  c.texts.map((x) => JSON.parse(x) as Frame);

export const eventOf = (f: Frame): LiveEvent => {
  if (f.type === 'snapshot') throw new Error('a snapshot has events, not an event');
  return f['event'] as LiveEvent;
};
