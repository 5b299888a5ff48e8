// Runs the test suite while busy processes keep every core saturated: a test that passes only
// on an idle machine is a defect, and this is how we find one. Arguments go to scripts/test.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

const busy = Array.from({ length: availableParallelism() }, () =>
  spawn(process.execPath, ['-e', 'for(;;);'], { stdio: 'ignore' }),
);
const stop = () => {
  for (const p of busy) p.kill('SIGKILL');
};
process.on('exit', stop);
process.on('SIGINT', () => process.exit(130));
console.error(`test:loaded: ${busy.length} busy processes beside the suite`);
const r = spawnSync(process.execPath, ['scripts/test.mjs', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
