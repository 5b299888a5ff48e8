import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientProcs, LADDER, ladderSteps, medianResult } from './fanout-ladder.js';
import type { ScenarioResult } from './types.js';

const run = (max: number, p99: number | null): ScenarioResult => ({
  scenario: 'fanout',
  target: 'linecast',
  variant: 'N=1000',
  metrics: [
    { key: 'maxDelivered', label: 'max', value: max, unit: '/s', better: 'higher' },
    { key: 'p99', label: 'p99', value: p99, unit: 'ms', better: 'lower' },
  ],
  notes: [`max ${max}`],
  detail: { max },
});

describe('fan-out ladder', () => {
  it('reports the median of its runs per figure, with every run in the notes and detail', () => {
    const m = medianResult([run(300e3, 40), run(100e3, null), run(200e3, 80)]);
    assert.equal(m.metrics[0]!.value, 200e3);
    assert.equal(m.metrics[1]!.value, 60, 'a run without the figure is left out');
    assert.match(m.notes[0]!, /median of 3 ladders; max sustained per run: 300k, 100k, 200k/);
    assert.deepEqual(m.detail, { runs: [{ max: 300e3 }, { max: 100e3 }, { max: 200e3 }] });
  });

  it('takes its steps and client processes from the environment when asked', () => {
    assert.deepEqual(ladderSteps(), LADDER);
    process.env['BENCH_LADDER'] = '100000,200000';
    assert.deepEqual(ladderSteps(), [100e3, 200e3]);
    process.env['BENCH_LADDER'] = 'x';
    assert.throws(() => ladderSteps(), /BENCH_LADDER/);
    delete process.env['BENCH_LADDER'];
    assert.equal(clientProcs(1000, 1), 2, 'at least two processes');
    assert.equal(clientProcs(1000, 4), 4, 'one per CPU the clients may use');
    assert.equal(clientProcs(1, 4), 1, 'never more than connections');
  });
});
