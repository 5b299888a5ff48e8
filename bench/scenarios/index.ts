// Scenario registry: (a) fan-out ladder and (b) slow consumer run against every target;
// (c) resume storm and (d) ingest/history throughput only against Linecast.
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
];
