// A ring of the most recent Changes so resume is served from memory when it can be.
import type { Change, Position } from '../model/types.js';

export class ChangeWindow {
  private readonly ring: (Change | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('window capacity < 1');
    this.ring = new Array(capacity);
  }

  push(c: Change): void {
    const end = (this.start + this.count) % this.capacity;
    this.ring[end] = c;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  get size(): number {
    return this.count;
  }

  /** Seq of the oldest Change held, or null when empty. */
  oldestSeq(): number | null {
    return this.count === 0 ? null : this.ring[this.start]!.seq;
  }

  /**
   * Changes after `from`, oldest first, at most `limit`; null when the window cannot prove
   * it holds every one of them (other epoch, or the oldest needed was already evicted).
   */
  since(from: Position, epoch: string, headSeq: number, limit = Infinity): Change[] | null {
    if (from.epoch !== epoch || from.seq > headSeq) return null;
    if (from.seq === headSeq) return [];
    const oldest = this.oldestSeq();
    if (oldest === null || from.seq + 1 < oldest) return null;
    const out: Change[] = [];
    const skip = from.seq + 1 - oldest;
    for (let i = skip; i < this.count && out.length < limit; i++) {
      out.push(this.ring[(this.start + i) % this.capacity]!);
    }
    return out;
  }
}
