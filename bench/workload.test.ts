import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArgs } from './args.js';
import { expectedDeliveries } from './measure.js';
import {
  extractTimestamp,
  fanoutBySport,
  filterFor,
  SPORTS,
  T_MARKER,
  updateJson,
} from './workload.js';

const marker = Buffer.from(T_MARKER);

describe('workload', () => {
  it('builds updates of about 260 bytes that parse as JSON', () => {
    const sizes = SPORTS.flatMap((sport, i) =>
      [0, 1, 77, 123_456].map((seq) => updateJson({ seq: seq + i, sport, t: 1732190000123456 })),
    );
    for (const s of sizes) assert.equal(JSON.parse(s).t, 1732190000123456);
    const mean = sizes.reduce((a, s) => a + s.length, 0) / sizes.length;
    assert.ok(mean > 230 && mean < 290, `mean ${mean}`);
  });

  it('finds the timestamp inside a frame payload without decoding it', () => {
    const body = Buffer.from(
      `42["u",${updateJson({ seq: 1, sport: 'golf', t: 1732190000123456 })}]`,
    );
    assert.equal(extractTimestamp(body, 0, body.length, marker), 1732190000123456);
  });

  it('ignores a marker outside the payload range and frames without one', () => {
    const body = Buffer.from('{"a":1}{"t":5}');
    assert.equal(extractTimestamp(body, 0, 7, marker), -1);
    assert.equal(extractTimestamp(body, 7, body.length, marker), 5);
    assert.equal(extractTimestamp(Buffer.from('40{"sid":"x"}'), 0, 13, marker), -1);
  });

  it('puts half the connections on everything and spreads the rest over the sports', () => {
    assert.deepEqual(filterFor(0), { sport: null });
    assert.deepEqual(filterFor(1), { sport: SPORTS[0] });
    assert.deepEqual(filterFor(3), { sport: SPORTS[1] });
    assert.deepEqual(
      fanoutBySport(1000),
      SPORTS.map(() => 550),
    );
    assert.equal(expectedDeliveries([2, 1], [550, 10]), 1110);
  });
});

describe('parseArgs', () => {
  it('reads --full, --targets and --scenarios in both spellings', () => {
    assert.deepEqual(parseArgs(['--full', '--targets', 'a,b', '--scenarios=fanout']), {
      full: true,
      targets: ['a', 'b'],
      scenarios: ['fanout'],
      sizes: null,
    });
  });

  it('refuses unknown flags', () => {
    assert.throws(() => parseArgs(['--fast']), /unknown flag/);
  });
});
