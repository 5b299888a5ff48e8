// The vendor's slow-consumer rule, one policy for both of its sockets: while a connection holds
// more than its byte budget its pushes wait (built and charged only when sent); behind for
// `slowConsumerMs` in a row, it is closed 1008 `slow consumer` (spec §3.4).
import type { Connection } from '../../seam/dialect.js';

export const CLOSE_SLOW = 1008;

export class SlowConsumer {
  private behindSince: number | null = null;

  constructor(
    private readonly conn: Connection,
    private readonly limitMs: number,
  ) {}

  /** Whether a push may go out at `now`; closes the connection once it has been behind too long. */
  mayPush(now: number): boolean {
    if (!this.conn.behind()) {
      this.behindSince = null;
      return true;
    }
    this.behindSince ??= now;
    if (now - this.behindSince >= this.limitMs) this.conn.close(CLOSE_SLOW, 'slow consumer');
    return false;
  }
}
