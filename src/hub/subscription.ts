// One subscription of one connection: its compiled filter and, with conflateMs, the latest
// frame per quote key waiting for the next tick.
import { type CompiledFilter, compileFilter } from '../model/filter.js';
import type { Change } from '../model/types.js';
import type { SubscribeRequest } from '../seam/dialect.js';
import type { Scheduler } from '../timers/scheduler.js';
import type { Client } from './hub.js';

export class Subscription {
  readonly id: string;
  readonly filter: CompiledFilter;
  readonly encoderKey: string;
  private readonly conflateMs: number;
  private held: Map<string, { seq: number; frame: Buffer }> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private batch: { held: Map<string, Change>; onBatch: (changes: Change[]) => void } | null = null;
  private stopBatch: (() => void) | null = null;

  constructor(
    req: SubscribeRequest,
    readonly client: Client,
    readonly variant: string,
    scheduler: Scheduler,
  ) {
    this.id = req.id;
    this.filter = compileFilter(req.filter);
    this.encoderKey = `${client.endpoint.path}\u0000${variant}`;
    this.conflateMs = req.conflateMs ?? 0;
    if (req.batchMs && req.onBatch) {
      this.batch = { held: new Map(), onBatch: req.onBatch };
      this.stopBatch = scheduler.every(req.batchMs, () => this.tick());
    }
  }

  get batched(): boolean {
    return this.batch !== null;
  }

  /** Batch mode: a live Change that matched, held until the next tick. */
  hold(change: Change): void {
    if (!this.batch) return;
    this.batch.held.set(change.id, change);
  }

  private tick(): void {
    const b = this.batch;
    if (!b || this.client.session.state !== 'open') return;
    const changes = [...b.held.values()].sort((x, y) => x.seq - y.seq);
    b.held.clear();
    b.onBatch(changes);
  }

  /** A live Change that matched this subscription. */
  offer(change: Change, frame: Buffer): void {
    if (this.conflateMs === 0) {
      const s = this.client.session;
      if (s.lastSeq === change.seq) return;
      s.lastSeq = change.seq;
      s.deliver(change.seq, change.id, frame);
      return;
    }
    if (!this.held) this.held = new Map();
    this.held.set(change.id, { seq: change.seq, frame });
    this.timer ??= setTimeout(() => this.release(), this.conflateMs);
  }

  /**
   * Catch-up Changes (resume) are queued whole, never conflated: a resume promises exactly the
   * missed Changes. `maxCatchUp` bounds how many one resume may queue.
   */
  replay(frame: Buffer): void {
    this.client.session.sendFrame(frame);
  }

  private release(): void {
    this.timer = null;
    const held = this.held;
    this.held = null;
    if (!held) return;
    for (const [key, q] of [...held.entries()].sort((a, b) => a[1].seq - b[1].seq)) {
      this.client.session.deliver(q.seq, key, q.frame);
    }
  }

  stop(): void {
    this.stopBatch?.();
    this.stopBatch = null;
    this.batch = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.held = null;
  }
}
