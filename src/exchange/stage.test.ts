import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LocalBus } from '../bus/bus.js';
import { defaultCatalogDir, loadCatalog } from '../catalog/load.js';
import { MATCH_ALL } from '../model/filter.js';
import type { Change, SportEvent, Update } from '../model/types.js';
import { Simulator } from '../sources/simulator/index.js';
import { Pipeline } from '../state/pipeline.js';
import { State } from '../state/state.js';
import { eventUpdate, quoteUpdate, testEvent, testKey, testValue } from '../testing/fixtures.js';
import { ManualScheduler, type Scheduler } from '../timers/scheduler.js';
import type { ExchangeEvent } from './api.js';
import { DEFAULT_SETTINGS, type ExchangeEngine } from './engine.js';
import { MARKETS_PER_TURN, makerAccount } from './makers.js';
import { ExchangeStage, type StageSettings, sportsbookPort } from './stage.js';

const SETTINGS: StageSettings = {
  ...DEFAULT_SETTINGS,
  maxMarkets: 100,
  makers: {
    enabled: true,
    accounts: 3,
    balance: 100_000,
    intervalMs: 1000,
    spread: 0.02,
    levels: 3,
    size: 50,
    noise: 0.01,
    takeProbability: 0.5,
    seed: 3,
  },
};

function world(
  settings: StageSettings = SETTINGS,
  stageScheduler: (s: ManualScheduler) => Scheduler = (s) => s,
) {
  const scheduler = new ManualScheduler(Date.UTC(2026, 10, 21, 18));
  const state = new State({ epoch: 'ep', lastSeq: 0, windowSize: 1000, clock: scheduler.now });
  const bus = new LocalBus();
  const pipeline = new Pipeline(
    state,
    bus,
    { room: () => 1e9, health: () => ({ closed: false }) },
    10,
  );
  const errors: unknown[] = [];
  const stage = new ExchangeStage(
    { clock: scheduler.now, scheduler: stageScheduler(scheduler), onError: (e) => errors.push(e) },
    sportsbookPort(state, bus),
    settings,
  );
  const events: ExchangeEvent[] = [];
  stage.exchange.subscribe((e) => events.push(e));
  const feed = (updates: Update[]) => assert.ok(pipeline.offer(updates, 'test', scheduler.now()));
  /** A simulated slate of `events` games, its first second fed, and the stage started. */
  const simulate = (events: number) => {
    const sim = new Simulator({
      catalog: loadCatalog(defaultCatalogDir()),
      seed: 5,
      rate: 10_000,
      events,
      clock: scheduler.now,
    });
    feed(sim.tick(1000));
    stage.start();
    return sim;
  };
  return { scheduler, state, stage, events, errors, feed, simulate };
}

describe('exchange stage: markets follow the sportsbook slate', () => {
  it('lists one moneyline market per simulated game, quoted around the no-vig price, and makers trade', () => {
    const w = world();
    const sim = w.simulate(8);
    const games = w.state.events(MATCH_ALL);
    const markets = w.stage.exchange.markets();
    assert.ok(markets.length > 0 && markets.length <= games.length);
    for (const m of markets) {
      assert.match(m.slug, /^aec-[a-z0-9-]+-\d{4}-\d{2}-\d{2}(-\d+)?$/);
      const game = w.state.event(m.eventId);
      assert.ok(game, `${m.slug} links to a sportsbook event`);
      assert.equal(m.yes.id, game.home.id);
    }
    for (let i = 0; i < 10; i++) {
      w.scheduler.advance(1000);
      w.feed(sim.tick(1000));
    }
    assert.deepEqual(w.errors, []);
    const quoted = markets.filter((m) => (w.stage.exchange.bbo(m.slug)?.bidDepth ?? 0) > 0);
    assert.ok(quoted.length > 0, 'makers quote the markets that have sportsbook prices');
    const trades = w.events.filter((e) => e.kind === 'trade');
    assert.ok(trades.length > 0, 'makers trade with each other');
    for (const m of quoted) {
      const b = w.stage.exchange.bbo(m.slug)!;
      assert.ok(b.bestBid! < b.bestAsk!, 'the book is not crossed');
    }
    const engine = w.stage.exchange as ExchangeEngine;
    const audit = engine.audit();
    assert.deepEqual(audit.overdrawn, []);
    assert.equal(audit.cash + audit.collateral + audit.fees, audit.deposits);
  });

  it('centres quotes on the fair price, suspends with the event and settles when it ends', () => {
    const w = world({
      ...SETTINGS,
      makers: { ...SETTINGS.makers, noise: 0, takeProbability: 0, accounts: 1 },
    });
    const game = testEvent('nba-e1', { startsAt: w.scheduler.now() + 3_600_000 });
    // 80/20 after devig: home -400 (decimal 1.25), away +400 (decimal 5), no margin
    w.feed([
      eventUpdate(game),
      quoteUpdate(-400, { selection: 'home' }),
      quoteUpdate(400, { selection: 'away' }),
    ]);
    w.stage.start();
    const market = w.stage.marketFor('nba-e1')!;
    assert.equal(market.slug, 'aec-nba-bos-lal-2026-11-21');
    assert.equal(market.question, 'Will the Boston Celtics beat the Los Angeles Lakers?');
    w.scheduler.advance(1000);
    const bbo = w.stage.exchange.bbo(market.slug)!;
    assert.deepEqual([bbo.bestBid, bbo.bestAsk, bbo.bidDepth, bbo.askDepth], [0.79, 0.81, 3, 3]);
    const reports = () => w.events.filter((e) => e.kind === 'order').length;
    const before = reports();
    w.scheduler.advance(1000);
    assert.equal(reports(), before, 'quotes whose prices did not move are left alone');
    w.stage.exchange.openAccount('user', 100);
    const bought = w.stage.exchange.createOrder('user', {
      marketSlug: market.slug,
      intent: 'ORDER_INTENT_BUY_LONG',
      price: 0.81,
      quantity: 10,
    });
    assert.equal(bought.order.state, 'ORDER_STATE_FILLED', 'a user trades against the makers');
    w.feed([eventUpdate({ ...game, status: 'suspended' })]);
    assert.equal(w.stage.exchange.marketBySlug(market.slug)?.state, 'MARKET_STATE_SUSPENDED');
    w.feed([
      eventUpdate({ ...game, status: 'live', live: { home: 0, away: 0, clock: 720, period: 1 } }),
    ]);
    assert.equal(w.stage.exchange.marketBySlug(market.slug)?.state, 'MARKET_STATE_OPEN');
    w.feed([
      eventUpdate({ ...game, status: 'ended', live: { home: 101, away: 99, clock: 0, period: 4 } }),
    ]);
    assert.equal(w.stage.exchange.settlement(market.slug)?.price, 1);
    assert.equal(w.stage.exchange.balance('user')?.cash, 100 - 8.1 + 10);
    assert.equal(
      w.stage.exchange.openOrders(makerAccount(1)).length,
      0,
      'settlement cancels the quotes',
    );
    const engine = w.stage.exchange as ExchangeEngine;
    const audit = engine.audit();
    assert.equal(audit.collateral, 0);
    assert.equal(audit.cash + audit.fees, audit.deposits);
    w.stage.stop();
  });

  it('re-centres when a result quote moves, and drops a quote that stops being main', () => {
    const w = world({
      ...SETTINGS,
      makers: { ...SETTINGS.makers, noise: 0, takeProbability: 0, accounts: 1 },
    });
    const game = testEvent('nba-e1', { startsAt: w.scheduler.now() + 3_600_000 });
    const mid = () => {
      const b = w.stage.exchange.bbo(w.stage.marketFor('nba-e1')!.slug)!;
      return Math.round(((b.bestBid! + b.bestAsk!) / 2) * 100) / 100;
    };
    w.feed([
      eventUpdate(game),
      quoteUpdate(-400, { selection: 'home' }),
      quoteUpdate(400, { selection: 'away' }),
    ]);
    w.stage.start();
    w.scheduler.advance(1000);
    assert.equal(mid(), 0.8);
    // A second book at 60/40 (-150/+150): the average of the two books is 0.7.
    w.feed([
      quoteUpdate(-150, { selection: 'home', book: 'fanduel' }),
      quoteUpdate(150, { selection: 'away', book: 'fanduel' }),
    ]);
    w.scheduler.advance(1000);
    assert.equal(mid(), 0.7);
    // The first book's line stops being its main one: only the second book counts.
    w.feed([
      {
        kind: 'quote',
        key: testKey({ selection: 'home' }),
        value: testValue(-400, { main: false }),
      },
    ]);
    w.scheduler.advance(1000);
    assert.equal(mid(), 0.6);
    w.stage.stop();
  });

  it('spreads a round of quotes over turns of the event loop, a few markets each', () => {
    // Turns queued with after(0) wait here until the test runs them, one at a time.
    const turns: (() => void)[] = [];
    const w = world({ ...SETTINGS, makers: { ...SETTINGS.makers, takeProbability: 0 } }, (s) => ({
      every: (ms, fn) => s.every(ms, fn),
      after: (ms, fn) => {
        if (ms > 0) return s.after(ms, fn);
        turns.push(fn);
        return () => turns.splice(turns.indexOf(fn), 1);
      },
    }));
    w.simulate(40);
    const markets = w.stage.exchange.markets();
    const quoted = () =>
      markets.filter((m) => (w.stage.exchange.bbo(m.slug)?.bidDepth ?? 0) > 0).length;
    assert.ok(markets.length > 2 * MARKETS_PER_TURN, `${markets.length} markets`);
    w.scheduler.advance(1000);
    let seen = quoted();
    assert.ok(seen > 0 && seen <= MARKETS_PER_TURN, `${seen} quoted in the first turn`);
    while (turns.length > 0) {
      turns.shift()!();
      const now = quoted();
      assert.ok(now >= seen && now - seen <= MARKETS_PER_TURN, `${now} after ${seen}`);
      seen = now;
    }
    assert.ok(seen > 2 * MARKETS_PER_TURN, `${seen} quoted after the whole round`);
    assert.deepEqual(w.errors, []);
    w.stage.stop();
  });

  it('closes the market and releases every hold when the event is cancelled', () => {
    const w = world({
      ...SETTINGS,
      makers: { ...SETTINGS.makers, takeProbability: 0, accounts: 2 },
    });
    const game = testEvent('nba-e2', { startsAt: w.scheduler.now() + 3_600_000 });
    w.feed([
      eventUpdate(game),
      quoteUpdate(-400, { event: 'nba-e2', selection: 'home' }),
      quoteUpdate(400, { event: 'nba-e2', selection: 'away' }),
    ]);
    w.stage.start();
    w.scheduler.advance(1000);
    const slug = w.stage.marketFor('nba-e2')!.slug;
    assert.ok((w.stage.exchange.balance(makerAccount(1))?.openOrders ?? 0) > 0);
    w.feed([eventUpdate({ ...game, status: 'cancelled' })]);
    assert.equal(w.stage.exchange.marketBySlug(slug)?.state, 'MARKET_STATE_CLOSED');
    assert.equal(w.stage.exchange.settlement(slug), null);
    for (const i of [1, 2]) {
      assert.equal(w.stage.exchange.balance(makerAccount(i))?.openOrders, 0);
      assert.deepEqual(w.stage.exchange.openOrders(makerAccount(i)), []);
    }
    const cancels = w.events.filter(
      (e) =>
        e.kind === 'order' &&
        e.execution.order.cancelReason === 'UNSOLICITED_CXL_REASON_EXCHANGE_OPTION',
    );
    assert.ok(cancels.length > 0);
    w.scheduler.advance(1000);
    assert.deepEqual(
      w.stage.exchange.openOrders(makerAccount(1)),
      [],
      'makers leave a closed market alone',
    );
  });

  it('a fault while following the bus is reported, not thrown into the publisher', () => {
    const errors: unknown[] = [];
    let listener: ((changes: readonly Change[]) => void) | null = null;
    const scheduler = new ManualScheduler(0);
    const stage = new ExchangeStage(
      { clock: scheduler.now, scheduler, onError: (e) => errors.push(e) },
      {
        events: () => [],
        quotes: () => [],
        subscribe: (fn) => {
          listener = fn;
          return () => {};
        },
      },
      { ...SETTINGS, makers: { ...SETTINGS.makers, enabled: false } },
    );
    stage.start();
    const broken = { ...testEvent('broken'), home: undefined } as unknown as SportEvent;
    assert.doesNotThrow(() => listener!([{ kind: 'event', after: broken } as unknown as Change]));
    assert.equal(errors.length, 1);
  });
});
