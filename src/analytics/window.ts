// The read side of an alert stream, apart from whatever feeds it: the latest phases for resumes,
// the open alerts for snapshots, and the listeners. Main's AlertStream feeds one from the engine;
// a fan-out worker feeds one from main's alert batches, so both answer a client the same way.
import type { Position } from '../model/types.js';
import type { AlertListener, AlertReader } from '../seam/core.js';
import type { AlertChange } from './types.js';

/** Where a window starts: its position, the alerts open there, and the phases up to it. */
export interface AlertImage {
  position: Position;
  open: AlertChange[];
  /** Oldest first, the last at `position`. */
  window: AlertChange[];
}

export class AlertWindow implements AlertReader {
  private head: Position;
  private readonly ring: AlertChange[];
  private ringStart = 0;
  private ringCount = 0;
  /** The latest phase of each open alert, by alert id: the snapshot. */
  private readonly live = new Map<string, AlertChange>();
  private listeners: AlertListener[] = [];

  constructor(
    /** Phases kept for resume. */
    private readonly windowSize: number,
    /** Reported when a listener throws; the others still get the batch. */
    private readonly onError: (err: unknown) => void,
    start: AlertImage,
  ) {
    this.head = start.position;
    this.ring = new Array(windowSize);
    for (const c of start.window) this.remember(c);
    for (const c of start.open) this.live.set(c.alert.id, c);
  }

  /** Phases that follow on from this window's head, in seq order: filed, then heard. */
  append(batch: readonly AlertChange[]): void {
    for (const c of batch) {
      this.head = { epoch: c.epoch, seq: c.seq };
      this.remember(c);
      if (c.alert.phase === 'closed') this.live.delete(c.alert.id);
      else this.live.set(c.alert.id, c);
    }
    for (const l of this.listeners) {
      try {
        l(batch);
      } catch (err) {
        this.onError(err);
      }
    }
  }

  position(): Position {
    return { epoch: this.head.epoch, seq: this.head.seq };
  }

  open(): { position: Position; alerts: AlertChange[] } {
    return { position: this.position(), alerts: [...this.live.values()] };
  }

  since(from: Position): AlertChange[] | null {
    const { epoch, seq } = this.head;
    if (from.epoch !== epoch || from.seq > seq) return null;
    if (from.seq === seq) return [];
    const oldest = seq - this.ringCount + 1;
    if (from.seq + 1 < oldest) return null;
    const out: AlertChange[] = [];
    for (let i = from.seq + 1 - oldest; i < this.ringCount; i++)
      out.push(this.ring[(this.ringStart + i) % this.windowSize]!);
    return out;
  }

  listen(listener: AlertListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  private remember(c: AlertChange): void {
    const end = (this.ringStart + this.ringCount) % this.windowSize;
    this.ring[end] = c;
    if (this.ringCount < this.windowSize) this.ringCount++;
    else this.ringStart = (this.ringStart + 1) % this.windowSize;
  }
}
