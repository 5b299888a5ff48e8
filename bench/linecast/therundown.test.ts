import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { SeqClock } from '../seq-clock.js';
import {
  deltaSeq,
  marketPriceSeq,
  therundownDialect,
  therundownMuxDialect,
  therundownPath,
} from './therundown.js';

/** A golden frame as the server sends it: compact JSON. */
const golden = (name: string): Buffer =>
  Buffer.from(
    JSON.stringify(
      JSON.parse(
        readFileSync(
          new URL(`../../src/dialects/therundown/golden/${name}.json`, import.meta.url),
          'utf8',
        ),
      ),
    ),
  );

describe('TheRundown load client', () => {
  it('connects to the markets socket, everything or one bench sport by sport_id', () => {
    assert.equal(therundownPath({ sport: null }, 'k y'), '/api/v2/ws/markets?key=k%20y');
    assert.equal(
      therundownPath({ sport: 'basketball' }, 'k'),
      '/api/v2/ws/markets?key=k&sport_ids=4',
    );
    assert.equal(therundownPath({ sport: 'golf' }, 'k'), '/api/v2/ws/markets?key=k&sport_ids=39');
  });

  it('reads data.id of market_price frames only', () => {
    const mp = golden('market_price');
    assert.equal(marketPriceSeq(mp, 0, mp.length), 194120577);
    for (const name of ['market_price.new', 'market_price.off_board', 'market_price.live_total']) {
      const f = golden(name);
      const id = (JSON.parse(f.toString()) as { data: { id: number } }).data.id;
      assert.equal(marketPriceSeq(f, 0, f.length), id, name);
    }
    const hb = golden('heartbeat');
    assert.equal(marketPriceSeq(hb, 0, hb.length), -1);
    const ev = golden('event.v1');
    assert.equal(marketPriceSeq(ev, 0, ev.length), -1);
    // Inside a larger buffer, and bounded by the frame's window.
    const framed = Buffer.concat([Buffer.from('xxxx'), mp]);
    assert.equal(marketPriceSeq(framed, 4, framed.length), 194120577);
    assert.equal(marketPriceSeq(mp, 0, 60), -1);
  });

  it('times a market_price frame by its seq through the step clock', () => {
    const clock = new SeqClock();
    const frame = (seq: number) =>
      Buffer.from(
        `{"meta":{"type":"market_price","version":"v2","timestamp":1772601000},` +
          `"data":{"id":${seq},"event_id":"3563221d6524e8b8f778c8dd57f2ee1c","affiliate_id":19}}`,
      );
    const at = (seq: number) => {
      const f = frame(seq);
      return therundownDialect.timestampOf?.(f, 0, f.length, clock);
    };
    assert.equal(at(11), -1); // no step announced yet: not counted
    clock.add({ seq0: 10, startUs: 5_000_000, rate: 250 });
    assert.equal(at(11), 5_000_000);
    assert.equal(at(20), 5_036_000);
    const hb = golden('heartbeat');
    assert.equal(therundownDialect.timestampOf?.(hb, 0, hb.length, clock), -1);
    assert.equal(therundownDialect.readyOnOpen, true);
    assert.deepEqual(therundownDialect.onOpen({ sport: null }), []);
  });

  it("multiplexed: subscribes on open, ready on the ack, reads a delta's sequence only", () => {
    assert.deepEqual(
      therundownMuxDialect.onOpen({ sport: 'basketball' }).map((t) => JSON.parse(t)),
      [{ action: 'subscribe', id: 'bench', channel: 'markets', params: { sport_ids: [4] } }],
    );
    assert.equal(therundownMuxDialect.readyOnOpen, false);
    const ack = golden('mux.subscribed');
    assert.deepEqual(therundownMuxDialect.onText?.(ack.toString(), { sport: null }), {
      ready: true,
    });
    assert.equal(deltaSeq(ack, 0, ack.length), -1);
    const delta = golden('mux.delta.market_price');
    assert.equal(deltaSeq(delta, 0, delta.length), 194120577);
    const score = golden('mux.delta.score');
    assert.equal(deltaSeq(score, 0, score.length), 194120580);
    const hb = golden('heartbeat');
    assert.equal(deltaSeq(hb, 0, hb.length), -1);
  });
});
