// The session's overflow policies as a table, on an in-memory byte sink whose buffer the test
// fills and drains, and the conflation window on the manual clock.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import type { OverflowPolicy } from '../seam/dialect.js';
import { ManualScheduler } from '../timers/scheduler.js';
import { LatestPerKey } from './latest.js';
import { type OverflowStats, Session, type Sink } from './session.js';

/** A socket stand-in: `held` bytes sit in its buffer until the test drains them. */
class MemorySink extends EventEmitter implements Sink {
  held = 0;
  readonly written: string[] = [];

  write(chunk: Buffer): boolean {
    this.held += chunk.length;
    // Frames are 'k:v' strings; a flush concatenates them, so split on the separator.
    this.written.push(...chunk.toString().split('|').filter(Boolean));
    return this.held < 16;
  }

  get writableLength(): number {
    return this.held;
  }

  drainAll(): void {
    this.held = 0;
    this.emit('drain');
  }
}

const frame = (key: string, v: number) => Buffer.from(`${key}:${v}|`);

function rig(policy: OverflowPolicy, maxHeldBytes = 1_000) {
  const sink = new MemorySink();
  const stats: OverflowStats = { conflated: 0, dropped: 0, slowClosed: 0 };
  let slow = 0;
  const dirty: Session[] = [];
  const session = new Session(
    1,
    sink,
    policy,
    stats,
    (s) => dirty.push(s),
    () => slow++,
    maxHeldBytes,
    () => {},
  );
  const flush = () => {
    for (const s of dirty.splice(0)) s.flush();
  };
  return { sink, stats, session, flush, slow: () => slow };
}

interface Row {
  policy: OverflowPolicy;
  /** What the reader has after it catches up. */
  received: string[];
  stats: Partial<OverflowStats>;
  slow: number;
}

// Budget 7 bytes: the first two 4-byte frames fit (8 bytes written); everything after waits or overflows.
const rows: Row[] = [
  {
    policy: { kind: 'conflate', budgetBytes: 7 },
    // a and b were written; then a:2 a:3 b:2 c:1 held, a:2 superseded by a:3.
    received: ['a:1', 'b:1', 'a:3', 'b:2', 'c:1'],
    stats: { conflated: 1 },
    slow: 0,
  },
  {
    policy: { kind: 'drop-oldest', maxMessages: 2, budgetBytes: 7 },
    // four frames queued behind the budget, capped at two: the two oldest are dropped.
    received: ['a:1', 'b:1', 'b:2', 'c:1'],
    stats: { dropped: 2 },
    slow: 0,
  },
  {
    policy: { kind: 'disconnect', budgetBytes: 7 },
    received: ['a:1', 'b:1'],
    stats: {},
    slow: 4,
  },
];

for (const row of rows) {
  test(`overflow ${row.policy.kind}: a reader past its budget gets ${row.received.join(' ')}`, () => {
    const r = rig(row.policy);
    r.session.deliver(1, 'a', frame('a', 1));
    r.session.deliver(2, 'b', frame('b', 1));
    r.flush();
    for (const [seq, key, v] of [
      [3, 'a', 2],
      [4, 'a', 3],
      [5, 'b', 2],
      [6, 'c', 1],
    ] as const) {
      r.session.deliver(seq, key, frame(key, v));
    }
    r.flush();
    assert.equal(r.slow(), row.slow);
    r.sink.drainAll();
    r.flush();
    assert.deepEqual(r.sink.written, row.received);
    for (const [k, v] of Object.entries(row.stats)) {
      assert.equal(r.stats[k as keyof OverflowStats], v, k);
    }
  });
}

test('control frames count against the per-peer byte cap: a reader that never reads is ended', () => {
  const r = rig({ kind: 'conflate', budgetBytes: 7 }, 32);
  for (let i = 0; i < 12; i++) {
    r.session.sendFrame(Buffer.from('snapshot-part|'));
    r.flush();
  }
  assert.ok(r.slow() >= 1, 'past 32 bytes unread, the session is ended as slow');
  assert.ok(r.sink.held <= 32 + 14, 'nothing was queued past the cap');
});

test('a conflation window releases the latest frame per key when the manual clock reaches it', () => {
  const clock = new ManualScheduler(0);
  const held = new LatestPerKey<string>();
  const out: string[][] = [];
  let armed = false;
  const offer = (key: string, seq: number, v: string) => {
    held.hold(key, seq, v, v.length);
    if (armed) return;
    armed = true;
    clock.after(500, () => {
      armed = false;
      out.push(held.take());
    });
  };
  offer('a', 1, 'a1');
  offer('b', 2, 'b1');
  offer('a', 3, 'a2');
  clock.advance(499);
  assert.deepEqual(out, []);
  assert.equal(held.heldBytes, 4);
  clock.advance(1);
  assert.deepEqual(out, [['b1', 'a2']]);
  assert.equal(held.heldBytes, 0);
  offer('c', 4, 'c1');
  clock.advance(500);
  assert.deepEqual(out, [['b1', 'a2'], ['c1']]);
});

test('drop-oldest never drops for a reader that keeps up: each accepted write drains the backlog', () => {
  // The socket takes every write at once (the kernel keeps up), so 'drain' never fires.
  const r = rig({ kind: 'drop-oldest', maxMessages: 4, budgetBytes: 16 });
  const write = r.sink.write.bind(r.sink);
  r.sink.write = (chunk: Buffer) => {
    write(chunk);
    r.sink.held = 0;
    return true;
  };
  // Bursts of six 4-byte frames: four fit the budget, two wait behind it; two turns pass
  // before the next burst.
  const sent: string[] = [];
  for (let burst = 0; burst < 5; burst++) {
    for (let i = 0; i < 6; i++) {
      const n = burst * 6 + i;
      sent.push(`k${n}:${n}`);
      r.session.deliver(n + 1, `k${n}`, frame(`k${n}`, n));
    }
    r.flush();
    r.flush();
  }
  assert.equal(r.stats.dropped, 0);
  assert.deepEqual(r.sink.written, sent);
});
