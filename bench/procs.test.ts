import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRssBytes, parseStatTicks } from './procs.js';

describe('/proc parsing', () => {
  it('reads utime + stime even when the command name holds spaces and parentheses', () => {
    const stat = '4242 (node (x) y) S 1 4242 4242 0 -1 4194304 1000 0 0 0 150 25 0 0 20 0 11 0 100';
    assert.equal(parseStatTicks(stat), 175);
  });

  it('reads VmRSS in bytes', () => {
    assert.equal(parseRssBytes('Name:\tnode\nVmRSS:\t   51200 kB\nVmSwap:\t0 kB\n'), 51200 * 1024);
  });
});
