// One subscription of one connection: its compiled filter and, with conflateMs or batch mode,
// the latest per quote key waiting for the next tick on the scheduler.
import { type CompiledFilter, compileFilter } from '../model/filter.js';
import type { Change } from '../model/types.js';
import type { SubscribeRequest } from '../seam/dialect.js';
import type { Scheduler } from '../timers/scheduler.js';
import { LatestPerKey } from './latest.js';
import type { Session } from './session.js';

interface Window {
  held: LatestPerKey<{ change: Change; frame: Buffer }>;
  ms: number;
  cancel: (() => void) | null;
}

interface Batch {
  held: LatestPerKey<Change>;
  /** Changes replaced by a later one of the same key since the last tick. */
  absorbed: number;
  onBatch: (changes: Change[], absorbed: number) => void;
  stop: () => void;
}

/**
 * What a subscription needs of its connection. The hub's Client is one; naming only this keeps
 * this module from importing the hub (which imports it).
 */
export interface SubscriptionOwner {
  readonly endpointId: number;
  readonly session: Session;
}

export class Subscription<C extends SubscriptionOwner = SubscriptionOwner> {
  readonly id: string;
  readonly filter: CompiledFilter;
  readonly encoderKey: string;
  readonly stamp: ((change: Change) => string) | undefined;
  private readonly delivered: ((change: Change) => void) | undefined;
  /** conflateMs: frames wait for the window to close. */
  private window: Window | null = null;
  /** Batch mode: Changes wait for the cadence. */
  private batch: Batch | null = null;

  constructor(
    req: SubscribeRequest,
    readonly client: C,
    readonly variant: string,
    private readonly scheduler: Scheduler,
  ) {
    this.id = req.id;
    this.filter = compileFilter(req.filter);
    this.encoderKey = `${client.endpointId}\u0000${variant}`;
    this.stamp = req.stamp;
    this.delivered = req.onDelivered;
    if (req.batchMs && req.onBatch) {
      const held = new LatestPerKey<Change>();
      const stop = scheduler.every(req.batchMs, () => this.tick());
      this.batch = { held, absorbed: 0, onBatch: req.onBatch, stop };
    } else if (req.conflateMs) {
      this.window = { held: new LatestPerKey(), ms: req.conflateMs, cancel: null };
    }
  }

  get batched(): boolean {
    return this.batch !== null;
  }

  /**
   * Batch mode: a live Change that matched, held until the next tick. A Change that replaces a
   * held one keeps the held one's `before`, so each tick hands over the net change of its window.
   */
  hold(change: Change): void {
    const b = this.batch;
    if (!b) return;
    const prev = b.held.peek(change.id);
    const merged = prev ? ({ ...change, before: prev.before } as Change) : change;
    if (b.held.hold(change.id, change.seq, merged)) b.absorbed++;
  }

  private tick(): void {
    const b = this.batch;
    if (!b || this.client.session.state !== 'open') return;
    const absorbed = b.absorbed;
    b.absorbed = 0;
    b.onBatch(b.held.take(), absorbed);
  }

  /** A live Change that matched this subscription. */
  offer(change: Change, frame: Buffer): void {
    const w = this.window;
    if (w === null) {
      const s = this.client.session;
      // A stamped frame is this subscription's own; others are sent once per connection.
      if (this.stamp === undefined) {
        if (s.lastSeq === change.seq) return;
        s.lastSeq = change.seq;
      }
      s.deliver(change.seq, change.id, frame);
      this.delivered?.(change);
      return;
    }
    w.held.hold(change.id, change.seq, { change, frame }, frame.length);
    w.cancel ??= this.scheduler.after(w.ms, () => this.release());
  }

  /**
   * Catch-up Changes (resume) are queued whole, never conflated: a resume promises exactly the
   * missed Changes. `maxCatchUp` bounds how many one resume may queue.
   */
  replay(frame: Buffer): void {
    this.client.session.sendFrame(frame);
  }

  private release(): void {
    const w = this.window;
    if (!w) return;
    w.cancel = null;
    for (const { change, frame } of w.held.take()) {
      this.client.session.deliver(change.seq, change.id, frame);
      this.delivered?.(change);
    }
  }

  /** Bytes waiting in this subscription's window. */
  heldBytes(): number {
    return this.window?.held.heldBytes ?? 0;
  }

  stop(): void {
    this.batch?.stop();
    this.batch = null;
    this.window?.cancel?.();
    this.window = null;
  }
}
