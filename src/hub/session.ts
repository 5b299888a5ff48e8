// One client connection's outbound side: frames due this turn, the backlog while the reader is
// behind, and the overflow policy that keeps that backlog bounded.
import type { OverflowPolicy } from '../seam/dialect.js';
import { LatestPerKey } from './latest.js';

/** The byte stream under a session: a TCP socket (WebSocket) or an HTTP response (SSE). */
export interface Sink {
  write(chunk: Buffer): boolean;
  readonly writableLength: number;
  on(event: 'drain', listener: () => void): unknown;
}

export type SessionState = 'open' | 'closing' | 'closed';

/** Totals across sessions, so slow readers are visible in metrics rather than silent. */
export interface OverflowStats {
  /** Frames superseded by a later one for the same key while a reader was behind. */
  conflated: number;
  /** Frames dropped by drop-oldest. */
  dropped: number;
  /** Sessions closed by the disconnect policy. */
  slowClosed: number;
}

export class Session {
  state: SessionState = 'open';
  /** Frames to write at the end of this turn, in order. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** drop-oldest: frames waiting for the socket to drain. */
  private backlog: Buffer[] = [];
  private backlogBytes = 0;
  /** conflate: the latest frame per quote key while the reader is behind. */
  private conflated: LatestPerKey<Buffer> | null = null;
  /** Highest seq queued, so a Change matching several subscriptions is sent once. */
  lastSeq = -1;
  /** Pings sent since the last pong. */
  unanswered = 0;

  constructor(
    readonly id: number,
    private readonly socket: Sink,
    private readonly policy: OverflowPolicy,
    private readonly stats: OverflowStats,
    private readonly markDirty: (s: Session) => void,
    private readonly onSlow: (s: Session) => void,
    /** Hard cap on bytes held for this peer, whatever the frame kind (control frames too). */
    private readonly maxHeldBytes: number,
  ) {
    socket.on('drain', () => this.drain());
  }

  /** What the socket held when this turn's first frame was queued; read once per turn. */
  private socketBacklog = 0;

  /** True while frames would only queue: a backlog is held or the socket is over budget. */
  behind(): boolean {
    if (this.holding()) return true;
    return this.overBudget();
  }

  private overBudget(): boolean {
    const socket = this.pending.length === 0 ? this.socket.writableLength : this.socketBacklog;
    return socket + this.pendingBytes > this.policy.budgetBytes;
  }

  /**
   * Queues a control or image frame (acks, snapshots, errors): never dropped or conflated, but a
   * peer that already holds more than the hard cap unread is closed as slow, so a client that
   * never reads cannot grow the server by asking for images.
   */
  sendFrame(frame: Buffer): void {
    if (this.state !== 'open') return;
    if (this.socket.writableLength + this.heldBytes() > this.maxHeldBytes) {
      this.onSlow(this);
      return;
    }
    this.push(frame);
  }

  private push(frame: Buffer): void {
    if (this.pending.length === 0) {
      this.socketBacklog = this.socket.writableLength;
      this.markDirty(this);
    }
    this.pending.push(frame);
    this.pendingBytes += frame.length;
  }

  /** Queues a Change's frame, applying the overflow policy when the reader is behind. */
  deliver(seq: number, key: string, frame: Buffer): void {
    if (this.state !== 'open') return;
    if (this.conflated) {
      if (this.conflated.hold(key, seq, frame, frame.length)) this.stats.conflated++;
      return;
    }
    if (this.backlog.length > 0) {
      this.toBacklog(frame);
    } else if (!this.overBudget()) {
      this.push(frame);
    } else if (this.policy.kind === 'conflate') {
      this.conflated = new LatestPerKey();
      this.conflated.hold(key, seq, frame, frame.length);
    } else if (this.policy.kind === 'drop-oldest') {
      this.toBacklog(frame);
    } else {
      this.onSlow(this);
    }
  }

  private toBacklog(frame: Buffer): void {
    if (this.policy.kind !== 'drop-oldest') return;
    this.backlog.push(frame);
    this.backlogBytes += frame.length;
    if (this.backlog.length > this.policy.maxMessages) {
      this.shiftBacklog();
      this.stats.dropped++;
    }
  }

  private shiftBacklog(): Buffer {
    const frame = this.backlog.shift()!;
    this.backlogBytes -= frame.length;
    return frame;
  }

  holding(): boolean {
    return this.conflated !== null || this.backlog.length > 0;
  }

  /** Bytes this session holds beyond what the socket has accepted. */
  heldBytes(): number {
    return this.pendingBytes + this.backlogBytes + (this.conflated?.heldBytes ?? 0);
  }

  /**
   * Writes everything due this turn as one socket write. Copying small frames into one buffer
   * costs less than a stream write per frame, even corked.
   */
  flush(): void {
    if (this.pending.length === 0 || this.state === 'closed') return;
    const frames = this.pending;
    const bytes = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    this.socket.write(frames.length === 1 ? frames[0]! : Buffer.concat(frames, bytes));
    // Keep draining while the socket takes what it is given: 'drain' fires only after a write
    // was refused, so a reader that keeps up would otherwise wait for the timer and, under
    // drop-oldest, lose frames it could have read.
    if (this.holding()) this.drain();
  }

  /**
   * Moves held frames to the socket as far as the budget allows: on 'drain', after each write
   * the socket accepted, and on a timer.
   */
  drain(): void {
    if (this.state !== 'open' || this.overBudget()) return;
    if (this.conflated) {
      // Latest value per key, in seq order, so the reader converges on the true state.
      const latest = this.conflated.take();
      this.conflated = null;
      for (const frame of latest) this.push(frame);
    }
    while (this.backlog.length > 0 && !this.overBudget()) this.push(this.shiftBacklog());
  }

  close(): void {
    this.state = 'closed';
    this.pending = [];
    this.pendingBytes = 0;
    this.backlog = [];
    this.backlogBytes = 0;
    this.conflated = null;
  }
}
