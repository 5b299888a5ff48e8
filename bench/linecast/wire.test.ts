import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CatalogIndex } from '../../src/catalog/index.js';
import { defaultCatalogDir, loadCatalog } from '../../src/catalog/load.js';
import { parseArgs } from '../args.js';
import { extractTimestamp, IDLE_FILTER, SPORTS } from '../workload.js';
import { promValue } from './server.js';
import {
  changeSeq,
  eventItems,
  IDLE_LEAGUE,
  ingestReply,
  intField,
  LEAGUES,
  leagueOf,
  quoteItem,
  stringField,
  subscribeFrame,
} from './wire.js';

const catalog = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../catalog/${name}.json`, import.meta.url), 'utf8')) as {
    id: string;
    sport?: string;
  }[];

describe('linecast workload', () => {
  it('maps each bench sport to a distinct catalog league of the right sport', () => {
    const leagues = new Map(catalog('leagues').map((l) => [l.id, l.sport]));
    assert.equal(LEAGUES.length, SPORTS.length);
    assert.equal(new Set(LEAGUES.map((l) => l.league)).size, SPORTS.length);
    for (const l of LEAGUES) assert.equal(leagues.get(l.league), l.sport, l.league);
    const events = JSON.parse(eventItems(1)) as { league: string }[];
    assert.deepEqual(
      events.map((e) => e.league),
      LEAGUES.map((l) => l.league),
    );
  });

  it('uses catalog books and markets only', () => {
    const books = new Set(catalog('books').map((b) => b.id));
    const markets = new Set(catalog('markets').map((m) => m.id));
    for (let seq = 0; seq < 2000; seq++) {
      const q = JSON.parse(quoteItem({ seq, sport: SPORTS[seq % 10]!, t: 1 })) as {
        book: string;
        market: string;
      };
      assert.ok(books.has(q.book), q.book);
      assert.ok(markets.has(q.market), q.market);
    }
  });

  it('gives TheRundown one sport_id per bench league and an id to every book and market', () => {
    // Otherwise the TheRundown target's fan-out would differ from the native target's: a quote
    // without an affiliate or market id has no market_price row, and two bench leagues under
    // one sport_id would give its single-sport clients two sports' updates.
    const idx = new CatalogIndex(loadCatalog(defaultCatalogDir()));
    for (const l of LEAGUES) {
      assert.equal(idx.dialectId('therundown', 'league', l.league), l.therundown, l.league);
      assert.equal(idx.fromDialectId('therundown', 'league', l.therundown)?.id, l.league);
    }
    assert.equal(new Set(LEAGUES.map((l) => l.therundown)).size, LEAGUES.length);
    for (let seq = 0; seq < 2000; seq++) {
      const sport = SPORTS[seq % 10]!;
      const q = JSON.parse(quoteItem({ seq, sport, t: 1 })) as { book: string; market: string };
      const league = leagueOf(sport).league;
      assert.equal(typeof idx.dialectId('therundown', 'book', q.book), 'number', q.book);
      assert.equal(
        typeof idx.dialectId('therundown', 'market', q.market, 'game', league),
        'number',
        `${league} ${q.market}`,
      );
    }
  });

  it('changes the price of a key on every visit, so every update is a Change', () => {
    const last = new Map<string, number>();
    let visits = 0;
    for (let seq = 0; seq < 50_000; seq++) {
      const q = JSON.parse(quoteItem({ seq, sport: SPORTS[seq % 10]!, t: 5_000_400 })) as {
        event: string;
        market: string;
        book: string;
        selection: string;
        line: number | null;
        price: { american: number };
        sourceAt: number;
      };
      const key = `${q.event}|${q.market}|${q.book}|${q.selection}|${q.line}`;
      const prev = last.get(key);
      if (prev !== undefined) {
        visits++;
        assert.notEqual(q.price.american, prev, `seq ${seq} repeats ${key}`);
      }
      last.set(key, q.price.american);
      assert.equal(q.sourceAt, 5000);
    }
    assert.ok(visits > 40_000);
  });

  it('subscribes to everything, or to one bench sport by its league', () => {
    assert.deepEqual(JSON.parse(subscribeFrame({ sport: null })), {
      type: 'subscribe',
      id: 's',
      filter: {},
      snapshot: false,
    });
    assert.deepEqual(JSON.parse(subscribeFrame({ sport: 'basketball' })).filter, {
      leagues: ['nba'],
    });
    assert.deepEqual(JSON.parse(subscribeFrame({ sport: null }, { epoch: 'e1', seq: 7 })).from, {
      epoch: 'e1',
      seq: 7,
    });
    assert.equal(leagueOf('mma').league, 'ufc');
  });

  it('subscribes an idle client to a catalog league no bench update is in', () => {
    const filter = JSON.parse(subscribeFrame(IDLE_FILTER)).filter;
    assert.deepEqual(filter, { leagues: [IDLE_LEAGUE] });
    assert.ok(!LEAGUES.some((l) => l.league === IDLE_LEAGUE));
    const catalog = new CatalogIndex(loadCatalog(defaultCatalogDir()));
    assert.ok(catalog.league(IDLE_LEAGUE), 'the idle league is in the catalog');
  });
});

describe('linecast frame readers', () => {
  const quote = Buffer.from(
    '{"type":"quote","epoch":"ab12","seq":12345,"at":1732190000123,"sport":"basketball",' +
      '"league":"nba","key":{"event":"e"},"value":{"price":{"decimal":1.9091,"american":-110},' +
      '"status":"open","main":true,"sourceAt":1732190000120,"receivedAt":1732190000121}}',
  );

  it('reads seq of quote and event frames only', () => {
    assert.equal(changeSeq(quote, 0, quote.length), 12345);
    const ev = Buffer.from('xx{"type":"event","epoch":"a","seq":7,"at":1,"event":{}}');
    assert.equal(changeSeq(ev, 2, ev.length), 7);
    const hb = Buffer.from('{"type":"heartbeat","now":1,"position":{"epoch":"a","seq":9}}');
    assert.equal(changeSeq(hb, 0, hb.length), -1);
    // The window bounds the search.
    assert.equal(changeSeq(quote, 0, 30), -1);
  });

  it('finds sourceAt in milliseconds with the shared timestamp reader', () => {
    const marker = Buffer.from('"sourceAt":');
    assert.equal(extractTimestamp(quote, 0, quote.length, marker), 1732190000120);
  });

  it('reads ingest acks without parsing the results', () => {
    const ack = JSON.stringify({
      type: 'ack',
      id: null,
      accepted: 998,
      rejected: 2,
      position: { epoch: 'e', seq: 4242 },
      results: [{ index: 0, ok: true, outcome: 'changed' }],
    });
    assert.deepEqual(ingestReply(ack), { kind: 'ack', accepted: 998, rejected: 2, seq: 4242 });
    assert.equal(ingestReply('{"type":"error","id":null,"error":{}}').kind, 'error');
    assert.equal(ingestReply('{"type":"hello"}').kind, 'other');
  });

  it('reads fields and Prometheus samples', () => {
    assert.equal(intField('{"a":1,"seq":-42}', 'seq'), -42);
    assert.equal(intField('{"a":1}', 'seq'), -1);
    assert.equal(stringField('{"type":"welcome","epoch":"f00"}', 'epoch'), 'f00');
    assert.equal(stringField('{}', 'epoch'), null);
    const prom =
      '# HELP x\nnodejs_eventloop_lag_p99_seconds 0.0123\nnodejs_eventloop_lag_p99_seconds_x 9\n' +
      'http_total{code="200"} 5\n';
    assert.equal(promValue(prom, 'nodejs_eventloop_lag_p99_seconds'), 0.0123);
    assert.equal(promValue(prom, 'http_total'), 5);
    assert.equal(promValue(prom, 'missing'), null);
  });

  it('parses --sizes', () => {
    assert.deepEqual(parseArgs(['--sizes', '10000']).sizes, [10000]);
    assert.equal(parseArgs([]).sizes, null);
    assert.throws(() => parseArgs(['--sizes', 'x']));
  });
});
