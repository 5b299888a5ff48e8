// A data directory whose disk can be filled and freed for real. As root, a 16 MiB tmpfs filled
// with a ballast file (ENOSPC, SQLITE_FULL). Without mount rights, RLIMIT_FSIZE lowered on this
// process (prlimit): every file write past byte 1 fails with EFBIG, as a full disk fails them;
// SQLite and its worker thread share the process, and SIGXFSZ is ignored by Node.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface DiskFault {
  readonly kind: 'tmpfs' | 'rlimit';
  readonly dataDir: string;
  fill(): void;
  clear(): void;
  dispose(): void;
}

export function faultyDisk(): DiskFault {
  const root = mkdtempSync(join(tmpdir(), 'linecast-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', root], { stdio: 'ignore' });
  } catch {
    return rlimitDisk(root);
  }
  const ballast = join(root, 'ballast');
  return {
    kind: 'tmpfs',
    dataDir: join(root, 'data'),
    fill() {
      const fd = openSync(ballast, 'w');
      const chunk = Buffer.alloc(64 * 1024);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
      } finally {
        closeSync(fd);
      }
    },
    clear: () => rmSync(ballast, { force: true }),
    dispose() {
      execFileSync('umount', [root]);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function rlimitDisk(root: string): DiskFault {
  const limit = (soft: string) =>
    execFileSync('prlimit', ['--pid', String(process.pid), `--fsize=${soft}:unlimited`]);
  return {
    kind: 'rlimit',
    dataDir: join(root, 'data'),
    fill: () => limit('1'),
    clear: () => limit('unlimited'),
    dispose() {
      limit('unlimited');
      rmSync(root, { recursive: true, force: true });
    },
  };
}
