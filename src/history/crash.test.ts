import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SqliteHistoryStore } from './sqlite.js';
import { syntheticChanges } from './synthetic.js';

const child = fileURLToPath(new URL('./testing/crash-child.ts', import.meta.url));

test('every Change reported durable survives SIGKILL of the writing process', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'linecast-crash-'));
  try {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, dataDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let epoch = '';
    let printed = 0;
    let lines = 0;
    for await (const line of createInterface({ input: proc.stdout })) {
      const [what, value] = line.split(' ');
      if (what === 'epoch') epoch = value ?? '';
      if (what === 'durable') {
        printed = Math.max(printed, Number(value));
        // Kill mid-stream, after several commits, with more appended and not yet durable.
        if (++lines === 40) proc.kill('SIGKILL');
      }
    }
    const [, signal] = await new Promise<[number | null, string | null]>((resolve) =>
      proc.exitCode !== null || proc.signalCode !== null
        ? resolve([proc.exitCode, proc.signalCode])
        : proc.once('exit', (code, sig) => resolve([code, sig])),
    );
    assert.equal(signal, 'SIGKILL');
    assert.ok(printed >= 40 * 50, `child reported only ${printed} durable Changes`);

    const store = new SqliteHistoryStore({ dataDir });
    try {
      const state = await store.open();
      // Killed, it could not close cleanly: a new epoch begins after what it stored.
      assert.notEqual(state.epoch, epoch);
      const lastSeq = state.unclean?.epoch === epoch ? state.unclean.lastSeq : -1;
      assert.ok(lastSeq >= printed, `lastSeq ${lastSeq} < printed ${printed}`);
      const stored = await store.changesSince({ epoch, seq: 0 }, printed);
      assert.deepEqual(stored, syntheticChanges(epoch, 1, printed));
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
