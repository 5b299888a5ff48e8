// The overflow path on a real TCP socket: a reader that keeps up never loses a frame, however
// many frames one turn carries; one that stops reading is the only one that loses any.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { test } from 'node:test';
import type { OverflowPolicy } from '../seam/dialect.js';
import { Waiters } from '../testing/waiters.js';
import { type OverflowStats, Session } from './session.js';

const FRAME = 1024;
const BUDGET = 16 * 1024;

/** A server-side socket and the client reading it, over loopback. */
async function pair(): Promise<{ server: Socket; client: Socket; close: () => void }> {
  const listener = createServer();
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  const addr = listener.address();
  if (addr === null || typeof addr === 'string') throw new Error('no port');
  const accepted = once(listener, 'connection') as Promise<[Socket]>;
  const client = connect(addr.port, '127.0.0.1');
  const [server] = await accepted;
  return {
    server,
    client,
    close: () => {
      client.destroy();
      server.destroy();
      listener.close();
    },
  };
}

function session(sink: Socket, policy: OverflowPolicy) {
  const stats: OverflowStats = { conflated: 0, dropped: 0, slowClosed: 0 };
  let slow = 0;
  const dirty = new Set<Session>();
  const s: Session = new Session(
    1,
    sink,
    policy,
    stats,
    (x) => {
      if (dirty.size === 0)
        setImmediate(() => {
          for (const d of [...dirty]) d.flush();
          dirty.clear();
        });
      dirty.add(x);
    },
    () => slow++,
    64 * 1024 * 1024,
    () => {},
  );
  return { s, stats, slow: () => slow };
}

/** Frame `i`: FRAME bytes starting with its number, so order and holes show. */
const frame = (i: number) => Buffer.from(`${String(i).padStart(8, '0')}`.padEnd(FRAME, '.'));

test('a reader that keeps up loses no frame when one turn carries many budgets of frames', async (t) => {
  const { server, client, close } = await pair();
  t.after(close);
  const drop: OverflowPolicy = { kind: 'drop-oldest', maxMessages: 8, budgetBytes: BUDGET };
  const { s, stats } = session(server, drop);
  let received = 0;
  let inOrder = true;
  let carry = Buffer.alloc(0);
  const waiters = new Waiters();
  client.on('data', (chunk: Buffer) => {
    carry = Buffer.concat([carry, chunk]);
    while (carry.length >= FRAME) {
      if (Number(carry.toString('latin1', 0, 8)) !== received) inOrder = false;
      received++;
      carry = carry.subarray(FRAME);
    }
    waiters.wake();
  });
  // Each turn queues four budgets' worth (64 frames against a backlog cap of 8); the next turn
  // starts once the reader has everything: it keeps up with the offered rate.
  const TURNS = 40;
  const PER_TURN = (4 * BUDGET) / FRAME;
  let sent = 0;
  for (let turn = 0; turn < TURNS; turn++) {
    for (let i = 0; i < PER_TURN; i++) s.deliver(sent + 1, `k${sent % 7}`, frame(sent++));
    assert.equal(stats.dropped, 0, `turn ${turn}: frames dropped for a reader that keeps up`);
    // A stall bound, not a time budget: it restarts with every chunk read.
    await waiters.until(
      () => received === sent,
      30_000,
      () => `turn ${turn}: ${received}/${sent} frames read, ${stats.dropped} dropped`,
    );
  }
  assert.equal(stats.dropped, 0);
  assert.ok(inOrder, 'frames arrive in order');
  assert.equal(received, TURNS * PER_TURN);
});

test('a reader that stops reading is the one that loses frames, and only past its budget', async (t) => {
  const { server, client, close } = await pair();
  t.after(close);
  client.pause();
  const drop: OverflowPolicy = { kind: 'drop-oldest', maxMessages: 8, budgetBytes: BUDGET };
  const { s, stats } = session(server, drop);
  // Far more than the kernel's loopback buffers hold, a turn at a time.
  for (let turn = 0; stats.dropped === 0; turn++) {
    for (let i = 0; i < 256; i++) s.deliver(turn * 256 + i + 1, 'k', frame(i));
    await new Promise((r) => setImmediate(r));
    assert.ok(turn < 10_000, 'a reader that never reads must lose frames eventually');
  }
  assert.ok(
    server.writableLength > BUDGET,
    'frames are dropped only once the socket holds a budget',
  );
  assert.ok(s.heldBytes() <= 8 * FRAME + 256 * FRAME, 'what the session holds stays bounded');
});
