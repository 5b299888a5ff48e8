// Scenario registry. Resume storm (c) and ingest/history throughput (d) are added here as
// further modules implementing `Scenario`.
import { fanoutLadder } from './fanout-ladder.js';
import { slowConsumer } from './slow-consumer.js';
import type { Scenario } from './types.js';

export const scenarios: readonly Scenario[] = [fanoutLadder, slowConsumer];
