// Records the Change stream to NDJSON, one Change per line, for replay or offline analysis.
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Bus } from '../bus/bus.js';
import type { Change } from '../model/types.js';

export class ChangeRecorder {
  private readonly out: WriteStream;
  private readonly unsubscribe: () => void;
  private failed: Error | null = null;

  /** Stops recording (and reports it) rather than buffering more than `maxBufferedBytes`. */
  constructor(
    bus: Bus,
    path: string,
    private readonly maxBufferedBytes = 64 * 1024 * 1024,
    private readonly onFail: (e: Error) => void = () => {},
  ) {
    this.out = createWriteStream(path, { flags: 'a' });
    this.out.on('error', (e) => this.fail(e));
    this.unsubscribe = bus.subscribe((changes) => this.write(changes));
  }

  private write(changes: readonly Change[]): void {
    if (this.failed) return;
    if (this.out.writableLength > this.maxBufferedBytes) {
      this.fail(new Error(`recording fell ${this.out.writableLength} bytes behind; stopped`));
      return;
    }
    let text = '';
    for (const c of changes) text += `${JSON.stringify(c)}\n`;
    this.out.write(text);
  }

  private fail(e: Error): void {
    if (this.failed) return;
    this.failed = e;
    this.unsubscribe();
    this.onFail(e);
  }

  close(): Promise<void> {
    this.unsubscribe();
    return new Promise((resolve) => this.out.end(resolve));
  }
}
