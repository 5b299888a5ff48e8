// Run by crash.test.ts as a separate process, then SIGKILLed: appends synthetic Changes
// without pause and prints each seq the moment waitDurable says it is on disk.
import { writeSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { SqliteHistoryStore } from '../sqlite.js';
import { syntheticChanges } from '../synthetic.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: crash-child <dataDir>');
// fd 1 written synchronously: once a line is out, the parent may kill us at any moment.
const say = (line: string) => writeSync(1, `${line}\n`);

const store = new SqliteHistoryStore({ dataDir, flushIntervalMs: 2 });
const { epoch, lastSeq } = await store.open();
say(`epoch ${epoch} ${lastSeq}`);
let seq = lastSeq;
for (;;) {
  const chunk = syntheticChanges(epoch, seq + 1, 50);
  if (store.append(chunk)) {
    seq += chunk.length;
    const top = seq;
    store.waitDurable(top).then(() => say(`durable ${top}`));
  }
  await nextTurn();
}
