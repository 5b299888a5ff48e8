import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Metric, ScenarioResult } from './scenarios/types.js';
import { issueTargets } from './verdicts.js';

const metric = (key: string, value: number | null): Metric => ({
  key,
  label: key,
  value,
  unit: '',
  better: 'higher',
});

function fanout(target: string, max: number, cpu: number, p99: number): ScenarioResult {
  return {
    scenario: 'fanout',
    target,
    variant: 'N=5000',
    metrics: [
      metric('maxDelivered', max),
      metric('cpuPerDelivery', cpu),
      metric('p99', p99),
      metric('deliveredAtRef', 100),
      metric('rssPerConn', 9),
    ],
    notes: [],
    detail: null,
  };
}

describe('issue targets', () => {
  it('prints every target with its ratio, met or missed by how much', () => {
    const lines = issueTargets(
      [
        fanout('net-reference', 300_000, 2, 60),
        fanout('linecast', 150_000, 4, 140),
        fanout('linecast-tickodds', 120_000, 5, 200),
      ],
      ['net-reference'],
    );
    const row = (start: string) => lines.find((l) => l.startsWith(`| ${start}`)) ?? '';
    assert.match(
      row('fan-out N=5000: linecast >= 0.8x net-reference'),
      /0\.50x \| missed \(1\.60x off\)/,
    );
    assert.match(row('fan-out N=5000: linecast-tickodds >= 0.8x native'), /0\.80x \| met/);
    assert.match(row('p99 @100k/s, N=5000: linecast <= 1.2x'), /2\.33x \| missed/);
    assert.match(row('RSS per idle connection <= 6 KiB'), /1\.50x \| missed/);
    assert.match(row('fan-out N=5000: >= uWebSockets.js'), /not measured/);
  });

  it('says why there is no ratio when no step was sustained by either', () => {
    const lines = issueTargets(
      [fanout('net-reference', 0, 2, 160), fanout('linecast', 0, 2.5, 600)],
      ['net-reference'],
    );
    const row = lines.find((l) => l.startsWith('| fan-out N=5000: linecast >= 0.8x')) ?? '';
    assert.match(row, /no step sustained/);
    const cpu = lines.find((l) => l.includes('linecast server CPU per delivery')) ?? '';
    assert.match(cpu, /0\.80x \| met/);
  });
});
