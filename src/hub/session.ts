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

const SESSION = Symbol('linecast.session');

/**
 * The sink's 'drain' listener: one module-level function finding its session on the sink, where
 * a closure per session cost about 100 bytes of every idle connection.
 */
function drainSession(this: { [SESSION]?: Session }): void {
  this[SESSION]?.drain();
}

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
    /** The session started holding frames (backlog or conflation): the hub's timer visits it. */
    private readonly markHeld: (s: Session) => void,
  ) {
    (socket as Sink & { [SESSION]?: Session })[SESSION] = this;
    socket.on('drain', drainSession);
  }

  /**
   * What the socket holds unsent: read when this turn's first frame is queued and after each of
   * the session's own writes, the only things that change it within a turn.
   */
  private socketHeld = 0;

  /** True while frames would only queue: a backlog is held or the socket is over budget. */
  behind(): boolean {
    if (this.holding()) return true;
    return this.overBudget();
  }

  /**
   * Only what the socket really holds counts: this turn's frames are not held back, they are
   * written as soon as they fill a budget (`deliver`), so a reader is behind only when the
   * kernel did not take what it was given.
   */
  private overBudget(): boolean {
    const socket = this.pending.length === 0 ? this.socket.writableLength : this.socketHeld;
    return socket > this.policy.budgetBytes;
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
      this.socketHeld = this.socket.writableLength;
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
      // A budget's worth of this turn goes to the socket now: what it cannot take shows in
      // `socketHeld`, and only that makes the reader behind.
      if (this.pendingBytes > this.policy.budgetBytes) this.writePending();
    } else if (this.policy.kind === 'conflate') {
      this.conflated = new LatestPerKey();
      this.conflated.hold(key, seq, frame, frame.length);
      this.markHeld(this);
    } else if (this.policy.kind === 'drop-oldest') {
      this.toBacklog(frame);
    } else {
      this.onSlow(this);
    }
  }

  private toBacklog(frame: Buffer): void {
    if (this.policy.kind !== 'drop-oldest') return;
    if (this.backlog.length === 0) this.markHeld(this);
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

  /** Writes everything due this turn, then whatever is held, while the socket takes it. */
  flush(): void {
    if (this.state === 'closed') return;
    this.writePending();
    if (this.holding()) this.drain();
  }

  /**
   * One socket write for this turn's frames: copying small frames into one buffer costs less
   * than a stream write per frame, even corked.
   */
  private writePending(): void {
    if (this.pending.length === 0) return;
    const frames = this.pending;
    const bytes = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    this.socket.write(frames.length === 1 ? frames[0]! : Buffer.concat(frames, bytes));
    this.socketHeld = this.socket.writableLength;
  }

  /**
   * Moves held frames to the socket, a budget per write, for as long as the socket keeps what it
   * holds within the budget: on 'drain', after a flush, and on the hub's timer for held
   * sessions. A reader that keeps up therefore never waits on a timer, and under drop-oldest
   * loses nothing; one whose socket stays full stops the loop after one write, which leaves the
   * socket past its high-water mark, so 'drain' follows.
   */
  drain(): void {
    if (this.state !== 'open') return;
    // This turn's frames are older than anything held after them.
    this.writePending();
    if (this.overBudget()) return;
    if (this.conflated) {
      // Latest value per key, in seq order, so the reader converges on the true state; at most
      // one frame per key, so one write whatever the budget.
      const latest = this.conflated.take();
      this.conflated = null;
      for (const frame of latest) this.push(frame);
      this.writePending();
    }
    while (this.backlog.length > 0 && !this.overBudget()) {
      let bytes = 0;
      const frames: Buffer[] = [];
      while (this.backlog.length > 0 && bytes <= this.policy.budgetBytes) {
        const frame = this.shiftBacklog();
        frames.push(frame);
        bytes += frame.length;
      }
      this.pending = frames;
      this.pendingBytes = bytes;
      this.writePending();
    }
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
