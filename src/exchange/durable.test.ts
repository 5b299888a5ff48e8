// The exchange's state on disk: a log replayed into a fresh engine gives exactly the state the
// live one had (random flows, GTD expiries pending across the restart included), the restored
// exchange then carries on as the uninterrupted one does, and a torn last record is dropped with
// a log line while the records before it load.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { Rng } from '../sources/simulator/prng.js';
import { listing, SLUG } from '../testing/exchange.js';
import { exchangeState, type Flow, flowStep } from '../testing/exchange-flow.js';
import { ManualScheduler } from '../timers/scheduler.js';
import type { ExchangeSettings } from './api.js';
import { DurableExchange, type PersistLog } from './durable.js';

const ACCOUNTS = ['a', 'b', 'c', 'd'];
const SETTINGS: Partial<ExchangeSettings> = {
  takerFeeBps: 20,
  makerFeeBps: 5,
  startingBalance: 200,
};
const START = 1_780_000_000_000;

const dir = mkdtempSync(join(tmpdir(), 'linecast-exchange-durable-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(dir, `exchange-${++files}.sqlite`);

interface Lines {
  log: PersistLog;
  warnings: string[];
  infos: string[];
}

function lines(): Lines {
  const warnings: string[] = [];
  const infos: string[] = [];
  return {
    log: {
      info: (_ctx, msg) => infos.push(msg),
      warn: (ctx, msg) => warnings.push(`${msg} ${JSON.stringify(ctx)}`),
    },
    warnings,
    infos,
  };
}

/** A durable exchange on its own manual scheduler, as one run of the server. */
function open(path: string, at = START, log = lines().log) {
  const scheduler = new ManualScheduler(at);
  const errors: unknown[] = [];
  const ex = new DurableExchange(
    { clock: scheduler.now, scheduler, onError: (e) => errors.push(e) },
    SETTINGS,
    { path, synchronous: 'normal', log },
  );
  return { ex, scheduler, errors };
}

function seedMarkets(ex: DurableExchange): void {
  ex.listMarket(listing(SLUG));
  ex.listMarket(listing('frac', { tick: 0.005, minQty: 0.5 }));
  for (const a of ACCOUNTS) ex.openAccount(a);
}

/** What kill -9 leaves of the log at `path` (its database and WAL as they are), as a new file. */
function killed(path: string): string {
  const copy = freshPath();
  copyFileSync(path, copy);
  if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
  return copy;
}

const flow = (seed: number): Flow => ({
  rng: new Rng(seed),
  accounts: ACCOUNTS,
  slugs: [SLUG, 'frac'],
  orderIds: new Map(),
  listed: 0,
});

/** `steps` random operations, the clock moving 0-2 s before each (so GTD orders expire). */
function run(run: ReturnType<typeof open>, f: Flow, steps: number): void {
  for (let i = 0; i < steps; i++) {
    run.scheduler.advance(f.rng.int(2000));
    flowStep(run.ex, f, run.scheduler.now());
  }
}

describe('exchange: the operation log', () => {
  for (let seed = 1; seed <= 8; seed++) {
    it(`seed ${seed}: a restored exchange equals the live one, and carries on the same`, () => {
      // One run straight through, and one killed in the middle and restored from its log.
      const straight = open(freshPath());
      const fa = flow(seed);
      seedMarkets(straight.ex);
      run(straight, fa, 150);

      const path = freshPath();
      const first = open(path);
      const fb = flow(seed);
      seedMarkets(first.ex);
      run(first, fb, 150);
      const before = exchangeState(first.ex, ACCOUNTS, fb.orderIds);
      assert.deepEqual(before, exchangeState(straight.ex, ACCOUNTS, fa.orderIds));

      // No close: the log is read as a kill leaves it.
      const out = lines();
      const second = open(killed(path), first.scheduler.now(), out.log);
      assert.deepEqual(exchangeState(second.ex, ACCOUNTS, fb.orderIds), before, 'restored');
      assert.deepEqual(out.warnings, []);
      assert.equal(out.infos.length, 1, 'one line says the state was restored');
      first.ex.close();

      run(straight, fa, 150);
      run(second, fb, 150);
      // Let every GTD order still working expire, on both.
      straight.scheduler.advance(10_000);
      second.scheduler.advance(10_000);
      assert.deepEqual(
        exchangeState(second.ex, ACCOUNTS, fb.orderIds),
        exchangeState(straight.ex, ACCOUNTS, fa.orderIds),
        'the restored exchange carries on exactly as the uninterrupted one',
      );
      const states = new Set(
        [...fa.orderIds].map(([id, a]) => straight.ex.order(a, id)?.state ?? 'forgotten'),
      );
      assert.ok(states.has('ORDER_STATE_EXPIRED'), 'GTD orders expired');
      const trades = straight.ex
        .markets()
        .reduce((n, m) => n + straight.ex.trades(m.slug).length, 0);
      assert.ok(trades > 0, 'the flow trades');
      assert.deepEqual([...straight.errors, ...second.errors], []);
      straight.ex.close();
      second.ex.close();
    });
  }

  it('a torn last record is dropped with a log line; the records before it load', () => {
    const path = freshPath();
    const live = open(path);
    seedMarkets(live.ex);
    const f = flow(99);
    run(live, f, 40);
    const want = exchangeState(live.ex, ACCOUNTS, f.orderIds);
    live.ex.close();

    // A record cut short as a write torn by the kill leaves it: half of a real record's bytes.
    const db = new Database(path);
    const last = db.prepare('SELECT at, body FROM ops ORDER BY id DESC LIMIT 1').get() as {
      at: number;
      body: Buffer;
    };
    db.prepare('INSERT INTO ops (at, body) VALUES (?, ?)').run(
      last.at,
      last.body.subarray(0, last.body.length >> 1),
    );
    db.close();

    const out = lines();
    const restored = open(path, live.scheduler.now(), out.log);
    assert.deepEqual(exchangeState(restored.ex, ACCOUNTS, f.orderIds), want);
    assert.equal(out.warnings.length, 1);
    assert.match(out.warnings[0]!, /last record is unreadable \(a torn write\); dropped it/);
    // It still takes orders, and the log it keeps is whole again.
    restored.ex.createOrder('a', {
      marketSlug: SLUG,
      intent: 'ORDER_INTENT_BUY_LONG',
      price: 0.02,
      quantity: 1,
    });
    const after = exchangeState(restored.ex, ACCOUNTS, f.orderIds);
    restored.ex.close();
    const again = lines();
    const third = open(path, live.scheduler.now(), again.log);
    assert.deepEqual(exchangeState(third.ex, ACCOUNTS, f.orderIds), after);
    assert.deepEqual(again.warnings, []);
    third.ex.close();
  });

  it('a WAL cut mid-frame loads the commits before the cut', () => {
    const path = freshPath();
    const live = open(path);
    seedMarkets(live.ex);
    const f = flow(7);
    run(live, f, 30);
    const want = exchangeState(live.ex, ACCOUNTS, f.orderIds);
    // One more operation, one more record: the commit the cut tears.
    live.ex.createOrder('a', {
      marketSlug: SLUG,
      intent: 'ORDER_INTENT_BUY_LONG',
      price: 0.02,
      quantity: 1,
    });
    assert.notDeepEqual(exchangeState(live.ex, ACCOUNTS, f.orderIds), want);
    const copy = killed(path);
    live.ex.close();
    const wal = `${copy}-wal`;
    truncateSync(wal, statSync(wal).size - 100);
    const restored = open(copy, live.scheduler.now());
    assert.deepEqual(exchangeState(restored.ex, ACCOUNTS, f.orderIds), want);
    restored.ex.close();
  });

  it('refuses a log another exchange has open (two servers on one data directory)', () => {
    const path = freshPath();
    const live = open(path);
    assert.throws(() => open(path), /is in use by another process/);
    live.ex.close();
  });

  it('a record that cannot be read before the last one refuses to start, saying which', () => {
    const path = freshPath();
    const live = open(path);
    seedMarkets(live.ex);
    run(live, flow(3), 10);
    live.ex.close();
    const db = new Database(path);
    db.prepare('UPDATE ops SET body = ? WHERE id = 3').run(Buffer.from('not a record'));
    db.close();
    assert.throws(() => open(path), /record 3 is unreadable/);
  });

  it('keeps the settings its log was written with, and says so', () => {
    const path = freshPath();
    const live = open(path);
    seedMarkets(live.ex);
    live.ex.close();
    const out = lines();
    const scheduler = new ManualScheduler(START);
    const ex = new DurableExchange(
      { clock: scheduler.now, scheduler },
      { ...SETTINGS, startingBalance: 5 },
      { path, synchronous: 'normal', log: out.log },
    );
    ex.openAccount('late');
    assert.equal(ex.balance('late')?.cash, 200, 'the logged starting balance');
    assert.match(out.warnings[0] ?? '', /settings differ/);
    ex.close();
  });
});
