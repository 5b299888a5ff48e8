// Measures the hub's fan-out cost per delivered frame for TheRundown's socket routes, in one
// process with no network: N sessions on /api/v2/ws/markets (one shared frame per Change), on
// /api/v2/ws (one markets subscription each: the shared body plus a per-subscription head),
// each with data-point metering off and on. Not a test and not the benchmark (that one runs
// the whole server: targets linecast-therundown, -mux, -metered); this isolates what the
// multiplexed head and the metering hook cost, in CPU µs per delivery.
// Usage: npx tsx bench/therundown-fanout-measure.ts [clients=1000] [changes=4000] [rounds=3]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageLedger } from '../src/auth/usage.js';
import { therundownConfigSchema } from '../src/dialects/therundown/config.js';
import { therundownDialect } from '../src/dialects/therundown/index.js';
import { Hub, type Peer } from '../src/hub/hub.js';
import type { QuoteChange, SportEvent } from '../src/model/types.js';
import type { DialectDeps, Plan } from '../src/seam/core.js';
import type { SocketEndpoint } from '../src/seam/dialect.js';
import { staticDeps, staticReader } from '../src/testing/dialect-deps.js';
import { ManualScheduler } from '../src/timers/scheduler.js';
import { textFrame, textFrameWithHead } from '../src/transports/websocket/frame.js';

const [clients = 1_000, changes = 4_000, rounds = 3] = process.argv.slice(2).map(Number);
const NOW = Date.UTC(2030, 0, 1, 12);
const plan: Plan = {
  name: 'pro',
  dialects: ['*'],
  maxConnections: 1e9,
  tiers: {},
  metered: false,
  credits: 0,
};
const event: SportEvent = {
  id: 'nba-e1',
  sport: 'basketball',
  league: 'nba',
  home: { id: 'nba-bos', name: 'Boston Celtics' },
  away: { id: 'nba-lal', name: 'Los Angeles Lakers' },
  startsAt: NOW + 3_600_000,
  status: 'scheduled',
};

function dialect(metered: boolean, dir: string) {
  const deps: DialectDeps = staticDeps({
    reader: staticReader([event]),
    usage: new UsageLedger(dir),
    clock: () => NOW,
    server: 'bench',
  });
  const config = therundownConfigSchema.parse({
    dataPoints: {
      enabled: metered,
      allowances: { pro: { points: Number.MAX_SAFE_INTEGER, period: 'month' } },
    },
  });
  return therundownDialect(deps, config);
}

/** A socket that takes everything at once: the cost measured is the server's, not a peer's. */
function peer(): Peer {
  return {
    sink: { write: () => true, writableLength: 0, on: () => undefined },
    frame: (text) => textFrame(text),
    frameWithHead: (head, body) => textFrameWithHead(head, body),
    close: () => {},
    terminate: () => {},
  };
}

function quoteChanges(n: number): QuoteChange[] {
  const books = ['draftkings', 'fanduel', 'pinnacle'];
  const out: QuoteChange[] = [];
  for (let i = 0; i < n; i++) {
    const american = i % 2 === 0 ? -110 - (i % 40) : 100 + (i % 40);
    out.push({
      kind: 'quote',
      epoch: 'e',
      seq: i + 1,
      at: NOW,
      id: `q${i % 30}`,
      key: {
        event: event.id,
        market: 'moneyline',
        period: 'game',
        book: books[i % 3]!,
        selection: i % 6 < 3 ? 'home' : 'away',
        line: null,
      },
      before: null,
      after: {
        price: { decimal: american > 0 ? 1 + american / 100 : 1 - 100 / american, american },
        status: 'open',
        main: true,
        sourceAt: NOW,
        receivedAt: NOW,
      },
      sport: 'basketball',
      league: 'nba',
      inPlay: false,
    });
  }
  return out;
}

const turn = () => new Promise((r) => setImmediate(r));

async function measure(path: string, metered: boolean): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'linecast-measure-'));
  const d = dialect(metered, dir);
  const endpoint = d.endpoints.find((e) => e.path === path) as SocketEndpoint;
  const scheduler = new ManualScheduler(NOW);
  const hub = new Hub(
    {
      clock: () => NOW,
      scheduler,
      io: scheduler,
      snapshot: () => ({ position: { epoch: 'e', seq: 0 }, events: [], quotes: [] }),
      position: () => ({ epoch: 'e', seq: 0 }),
      windowSince: () => [],
      historySince: async () => [],
      maxCatchUp: 0,
      onError: (err) => {
        throw err;
      },
    },
    {
      pingMs: 1e9,
      clientMessagesPerSecond: 1e9,
      maxSubscriptionsPerConnection: 100,
      maxFilterValues: 1_000,
      maxConflateMs: 0,
      maxCatchUp: 0,
      maxPeerBytes: 1e12,
    },
  );
  hub.addEndpoint(endpoint);
  const req = {
    path,
    params: {},
    query: new URLSearchParams(),
    headers: {},
    secure: false,
    remoteAddress: '127.0.0.1',
  };
  const life = { end: () => {}, endWith: () => {}, closed: () => {} };
  for (let i = 0; i < clients; i++) {
    const who = { principal: { keyId: `k${i}`, account: `a${i}`, plan: 'pro' }, plan };
    const prepared = endpoint.admission.prepare?.(req, who);
    if (!prepared?.ok) throw new Error(`prepare refused ${path}`);
    const client = hub.attach(endpoint, peer(), who, prepared.context, life);
    client.handlers?.onText(JSON.stringify({ action: 'subscribe', id: 'b', channel: 'markets' }));
  }
  await turn();
  const all = quoteChanges(changes);
  let cpu = 0;
  for (let i = 0; i < all.length; i += 20) {
    const batch = all.slice(i, i + 20);
    const t0 = process.cpuUsage();
    hub.publish(batch);
    await turn();
    const used = process.cpuUsage(t0);
    cpu += used.user + used.system;
  }
  hub.close();
  rmSync(dir, { recursive: true, force: true });
  return cpu / (changes * clients);
}

const cases: [string, string, boolean][] = [
  ['/api/v2/ws/markets', '/api/v2/ws/markets', false],
  ['/api/v2/ws/markets, metered', '/api/v2/ws/markets', true],
  ['/api/v2/ws (markets subscription)', '/api/v2/ws', false],
  ['/api/v2/ws (markets subscription), metered', '/api/v2/ws', true],
];
const best = new Map<string, number>();
for (let r = 0; r < rounds; r++) {
  for (const [name, path, metered] of cases) {
    const us = await measure(path, metered);
    best.set(name, Math.min(best.get(name) ?? Number.POSITIVE_INFINITY, us));
  }
}
console.log(
  `${clients} sessions, ${changes} changes, best of ${rounds} rounds (CPU µs per delivery):`,
);
const base = best.get(cases[0]![0])!;
for (const [name] of cases) {
  const us = best.get(name)!;
  console.log(`  ${name.padEnd(46)} ${us.toFixed(3)} µs  (${(us / base).toFixed(2)}x)`);
}
