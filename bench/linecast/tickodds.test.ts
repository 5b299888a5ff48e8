import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { americanToDecimal } from '../../src/model/odds.js';
import { SeqClock } from '../seq-clock.js';
import { fanoutBySport, SPORTS } from '../workload.js';
import {
  liveQuoteItem,
  MARKER_WRAP_MS,
  markerPrice,
  markerTime,
  tickoddsDialect,
  tickoddsReceives,
} from './tickodds.js';

const golden = (name: string): Buffer =>
  Buffer.from(
    JSON.stringify(
      JSON.parse(
        readFileSync(
          new URL(`../../src/dialects/tickodds/golden/${name}.json`, import.meta.url),
          'utf8',
        ),
      ),
    ),
  );

/** The golden odds update with its selection priced by the marker of `tUs`. */
function updateAt(tUs: number): Buffer {
  const frame = JSON.parse(golden('update.odds').toString()) as { selection: { odds: number } };
  frame.selection.odds = americanToDecimal(markerPrice(tUs));
  return Buffer.from(JSON.stringify(frame));
}

describe('TickOdds load client', () => {
  it('reads the scheduled time back from the selection odds, to the millisecond', () => {
    const now = 1_795_000_123_456; // ms
    for (const lagMs of [0, 1, 37, 999, 250_000]) {
      const tUs = (now - lagMs) * 1000 + 321;
      const f = updateAt(tUs);
      assert.equal(markerTime(f, 0, f.length, now), (now - lagMs) * 1000, `lag ${lagMs}`);
    }
    // Across the marker's wrap, and inside a larger buffer bounded by the frame's window.
    const wrapped = (Math.floor(now / MARKER_WRAP_MS) * MARKER_WRAP_MS - 5) * 1000;
    const f = Buffer.concat([Buffer.from('xx'), updateAt(wrapped), Buffer.from('{"odds":9}')]);
    assert.equal(markerTime(f, 2, f.length - 10, now), wrapped);
  });

  it('counts odds updates only', () => {
    const clock = new SeqClock();
    for (const name of ['snapshot', 'match_start', 'match_end', 'heartbeat']) {
      const f = golden(name);
      assert.equal(tickoddsDialect.timestampOf?.(f, 0, f.length, clock), -1, name);
    }
  });

  it('prices every visit of a quote key differently, one book, valid American odds', () => {
    const seen = new Map<string, number>();
    for (let seq = 0; seq < 2000; seq++) {
      const sport = SPORTS[seq % SPORTS.length]!;
      const item = JSON.parse(liveQuoteItem({ seq, sport, t: 1_795_000_000_000_000 + seq * 400 }));
      assert.equal(item.book, 'bet365');
      assert.ok(item.price.american >= 101);
      const key = `${item.event}|${item.market}|${item.selection}`;
      assert.notEqual(seen.get(key), item.price.american, key);
      seen.set(key, item.price.american);
    }
  });

  it('expects TickOdds fan-out: a sport brings its sibling league, MMA reaches nobody', () => {
    const fanout = fanoutBySport(20, tickoddsReceives);
    const at = (s: string) => fanout[SPORTS.indexOf(s as (typeof SPORTS)[number])];
    // 10 connections on everything; soccer's and basketball's single-sport clients get both.
    assert.equal(at('mma'), 0); // the bench's ufc league: MMA has no TickOdds sport
    assert.equal(at('soccer'), 10 + 2);
    assert.equal(at('baseball'), 10 + 1);
    assert.deepEqual(tickoddsDialect.onOpen({ sport: 'mma' }), ['{"subscribe":["MMA"]}']);
    assert.deepEqual(tickoddsDialect.onOpen({ sport: 'icehockey' }), [
      '{"subscribe":["ice_hockey"]}',
    ]);
  });
});
