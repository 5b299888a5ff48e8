// Scenario registry: (a) fan-out ladder and (b) slow consumer run against every target;
// (c) resume storm, (d) ingest/history throughput, (e) exchange matching and (f) analytics cost
// only against Linecast.
import { analyticsCost } from './analytics.js';
import { exchangeMatching } from './exchange-matching.js';
import { fanoutLadder } from './fanout-ladder.js';
import { ingestThroughput } from './ingest-throughput.js';
import { resumeStorm } from './resume-storm.js';
import { slowConsumer } from './slow-consumer.js';
import type { Scenario } from './types.js';

export const scenarios: readonly Scenario[] = [
  fanoutLadder,
  slowConsumer,
  resumeStorm,
  ingestThroughput,
  exchangeMatching,
  analyticsCost,
];
