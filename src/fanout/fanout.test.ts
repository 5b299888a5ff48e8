// Fan-out on every core, end to end with real sockets and real worker processes
// (`fanout.workers: 2`): native /v1/stream connections are upgraded and served by the workers,
// whose replicas must send exactly what the main thread would, resume, survive a dead worker
// and give connection slots back.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { alertFrame, changeFrame, snapshotFrames } from '../dialects/native/frames.js';
import { compileFilter } from '../model/filter.js';
import type { Position } from '../model/types.js';
import { startTestApp, type TestApp } from '../testing/app.js';
import { arbItems, eventItems, quoteItems } from '../testing/feed.js';
import { Waiters } from '../testing/waiters.js';

/** A native client that keeps every frame's text as it arrived. */
class RawClient {
  readonly texts: string[] = [];
  closeCode: number | null = null;
  private readonly waiters = new Waiters();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      this.texts.push(d.toString());
      this.waiters.wake();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      this.waiters.wake();
    });
  }

  static async connect(url: string): Promise<RawClient> {
    const ws = new WebSocket(url);
    const c = new RawClient(ws);
    await once(ws, 'open');
    return c;
  }

  send(obj: unknown): void {
    this.ws.send(JSON.stringify(obj));
  }

  frames(): { type: string; [k: string]: unknown }[] {
    return this.texts.map((t) => JSON.parse(t));
  }

  /** Texts of the Change frames (quote, event) after `seq`. */
  changesAfter(seq: number): string[] {
    return this.texts.filter((t) => {
      const f = JSON.parse(t);
      return (f.type === 'quote' || f.type === 'event') && f.seq > seq;
    });
  }

  lastSeq(): number {
    let s = 0;
    for (const f of this.frames())
      if (f.type === 'quote' || f.type === 'event') s = f['seq'] as number;
    return s;
  }

  until(pred: () => boolean): Promise<void> {
    return this.waiters.until(pred, 20_000, () => `${this.texts.length} frames`);
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    const closed = once(this.ws, 'close');
    this.ws.close();
    return closed.then(() => undefined);
  }
}

async function ingest(t: TestApp, items: unknown[]): Promise<void> {
  for (let i = 0; i < items.length; i += 500) {
    const r = await t.ingest(items.slice(i, i + 500));
    assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 300));
  }
}

async function until(pred: () => boolean, what: string): Promise<void> {
  // Waits on a condition, not a budget: the backstop is the test runner's timeout.
  for (let i = 0; !pred(); i++) {
    if (i > 6_000) throw new Error(`never: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Subscribes and waits for `subscribed` (and the whole image when one is asked for). */
async function subscribe(c: RawClient, id: string, extra: Record<string, unknown>): Promise<void> {
  const before = c.texts.length;
  c.send({ type: 'subscribe', id, filter: {}, snapshot: false, ...extra });
  const done = () => {
    const mine = c.frames().slice(before);
    const sub = mine.find((f) => f.type === 'subscribed' && f['id'] === id);
    if (!sub) return false;
    if (sub['mode'] !== 'snapshot') return true;
    const parts = mine.filter((f) => f.type === 'snapshot' && f['id'] === id);
    return parts.length > 0 && parts.length === parts[0]!['parts'];
  };
  await c.until(done);
}

describe('fan-out workers: same bytes, resume', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ 'fanout.workers': 2, 'state.windowSize': 50 });
    await ingest(t, eventItems());
    await ingest(t, quoteItems(100, 1, 60));
    await t.app.fanout!.whenReady();
  });
  after(() => t.close());

  test('clients on workers get the snapshot and deltas the main thread would send', async () => {
    const url = `${t.wsUrl}/v1/stream?key=${t.key}`;
    const a = await RawClient.connect(url);
    const b = await RawClient.connect(url);
    // Both are the workers', one each (least loaded first); none is the main thread's.
    assert.equal(t.app.hub.connectionCount, 0);
    await until(() => t.app.fanout!.status().connections === 2, 'two worker connections');
    for (const c of [a, b]) await subscribe(c, 'live', {});
    // Once a live Change at main's head has reached a client, its worker's book is at the head.
    await ingest(t, quoteItems(40, 2, 60));
    const head = t.app.state.position();
    for (const c of [a, b]) {
      await c.until(() => c.lastSeq() === head.seq);
      c.send({ type: 'unsubscribe', id: 'live' });
      await c.until(() => c.frames().some((f) => f.type === 'unsubscribed'));
      await subscribe(c, 'snap', { snapshot: true });
    }
    const expected = snapshotFrames('snap', t.app.state.snapshot(compileFilter({})), 1_000);
    for (const c of [a, b]) {
      const got = c.texts.filter((x) => x.startsWith('{"type":"snapshot"'));
      assert.deepEqual(got, expected);
    }
    await ingest(t, quoteItems(200, 3, 60));
    const end = t.app.state.position();
    await t.app.history.waitDurable(end.seq);
    const made = await t.app.history.changesSince(head, 1_000);
    assert.equal(made.at(-1)?.seq, end.seq);
    const want = made.map((ch) => changeFrame(ch));
    for (const c of [a, b]) {
      await c.until(() => c.lastSeq() === end.seq);
      assert.deepEqual(c.changesAfter(head.seq), want);
    }
    await Promise.all([a.close(), b.close()]);
    await until(() => t.app.fanout!.status().connections === 0, 'closes reported');
  });

  test('resume by position on a worker, from its window and from history', async () => {
    const url = `${t.wsUrl}/v1/stream?key=${t.key}`;
    const recent: Position = t.app.state.position();
    await ingest(t, quoteItems(30, 4, 60));
    const old: Position = t.app.state.position();
    // More than the window holds (50): resuming from `old` needs main's history.
    await ingest(t, quoteItems(300, 5, 60));
    const head = t.app.state.position();
    await t.app.history.waitDurable(head.seq);
    const stored = await t.app.history.changesSince(old, 1_000);
    for (const [from, label] of [
      [old, 'history'],
      [recent, 'history too: it is older than the window'],
    ] as const) {
      const c = await RawClient.connect(url);
      await c.until(() => c.frames().some((f) => f.type === 'welcome'));
      // The worker's book reached main's head before this resume is judged.
      await subscribe(c, 'r', { from });
      const sub = c.frames().find((f) => f.type === 'subscribed')!;
      assert.equal(sub['mode'], 'resumed', label);
      assert.equal(sub['recovered'], true, label);
      await c.until(() => c.lastSeq() === head.seq);
      const seqs = c
        .frames()
        .filter((f) => f.type === 'quote' || f.type === 'event')
        .map((f) => f['seq'] as number);
      const first = from.seq + 1;
      assert.deepEqual(
        seqs,
        Array.from({ length: head.seq - from.seq }, (_, i) => first + i),
        label,
      );
      if (from === old)
        assert.deepEqual(
          c.changesAfter(old.seq).slice(0, stored.length),
          stored.map((ch) => changeFrame(ch)),
        );
      await c.close();
    }
    // From the window: a position among the last 50 Changes.
    const c = await RawClient.connect(url);
    const near = { epoch: head.epoch, seq: head.seq - 10 };
    await subscribe(c, 'w', { from: near });
    assert.equal(c.frames().find((f) => f.type === 'subscribed')!['mode'], 'resumed');
    await c.until(() => c.lastSeq() === head.seq);
    assert.equal(c.changesAfter(near.seq).length, 10);
    await c.close();
  });
});

describe('fan-out workers: a dead worker, slots', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ 'fanout.workers': 2 });
    await ingest(t, eventItems());
    await t.app.fanout!.whenReady();
  });
  after(() => t.close());

  test('killing a worker drops only its clients; it is forked again', async () => {
    const url = `${t.wsUrl}/v1/stream?key=${t.key}`;
    const a = await RawClient.connect(url);
    const b = await RawClient.connect(url);
    for (const c of [a, b]) await subscribe(c, 'live', {});
    const pids = t.app.fanout!.pids();
    assert.equal(pids.length, 2);
    process.kill(pids[0]!, 'SIGKILL');
    // One of the two was on the killed worker (least loaded: one each).
    await until(() => a.closeCode !== null || b.closeCode !== null, 'a client dropped');
    const [dropped, kept] = a.closeCode !== null ? [a, b] : [b, a];
    assert.equal(dropped.closeCode, 1006);
    assert.equal(kept.closeCode, null);
    await until(() => t.app.fanout!.status().connections === 1, 'its slot released');
    const readyz = async () => (await (await fetch(`${t.url}/readyz`)).json()) as never;
    await until(() => t.app.fanout!.status().ready === 2, 'forked again');
    assert.equal(t.app.fanout!.status().restarts, 1);
    assert.notDeepEqual(t.app.fanout!.pids(), pids);
    const ready: { status: string; warnings?: unknown[] } = await readyz();
    assert.equal(ready.status, 'ready');
    assert.equal(ready.warnings, undefined);
    // The survivor still streams; the dropped client resumes on a worker.
    await ingest(t, quoteItems(20, 7, 20));
    const head = t.app.state.position();
    await kept.until(() => kept.lastSeq() === head.seq);
    const again = await RawClient.connect(url);
    await subscribe(again, 'live', { from: { epoch: head.epoch, seq: head.seq - 20 } });
    await again.until(() => again.lastSeq() === head.seq);
    await Promise.all([kept.close(), again.close()]);
  });

  test('a client that writes as soon as the 101 arrives loses nothing to the handover', async () => {
    // The main process must stop reading a socket it hands over: its handle, still open until
    // the worker acknowledges, would otherwise read and drop the client's first frames.
    const url = `${t.wsUrl}/v1/stream?key=${t.key}`;
    const clients = await Promise.all(
      Array.from({ length: 80 }, async () => {
        const ws = new WebSocket(url);
        const c = new (RawClient as unknown as new (ws: WebSocket) => RawClient)(ws);
        ws.once('upgrade', () => {
          // Before 'open' returns control: the frame goes out right behind the handshake.
          queueMicrotask(() => c.send({ type: 'subscribe', id: 'x', filter: {}, snapshot: false }));
        });
        await once(ws, 'open');
        return c;
      }),
    );
    for (const c of clients) await c.until(() => c.frames().some((f) => f.type === 'subscribed'));
    await Promise.all(clients.map((c) => c.close()));
    await until(() => t.app.fanout!.status().connections === 0, 'all closes reported');
  });

  test('a worker-owned connection gives its slot back when it closes', async () => {
    // The free plan allows two connections per account.
    const { key } = t.app.keys.create('free', 'slots-account');
    const url = `${t.wsUrl}/v1/stream?key=${key}`;
    await until(() => t.app.fanout!.status().connections === 0, 'earlier clients gone');
    const a = await RawClient.connect(url);
    const b = await RawClient.connect(url);
    await assert.rejects(RawClient.connect(url), /429/);
    await a.close();
    await until(() => t.app.fanout!.status().connections === 1, 'the close reported');
    const c = await RawClient.connect(url);
    assert.equal(t.app.fanout!.status().connections, 2);
    await Promise.all([b.close(), c.close()]);
  });

  test('a revoked key loses its worker-owned connections', async () => {
    const { key, record } = t.app.keys.create('pro', 'revoked-account');
    const c = await RawClient.connect(`${t.wsUrl}/v1/stream?key=${key}`);
    await c.until(() => c.frames().some((f) => f.type === 'welcome'));
    t.app.keys.revoke(record.id);
    await c.until(() => c.closeCode !== null);
    assert.equal(c.closeCode, 1008);
  });
});

describe('fan-out workers: alerts, backlog bound', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ 'fanout.workers': 1, 'fanout.maxBacklogBytes': 1024 * 1024 });
    await ingest(t, eventItems());
    await ingest(t, arbItems('nba-1'));
    await t.app.fanout!.whenReady();
  });
  after(() => t.close());

  test('the alert stream on a worker: from its position on, the phases main made', async () => {
    const alerts = t.app.alerts!;
    const c = await RawClient.connect(`${t.wsUrl}/v1/stream?key=${t.key}`);
    await until(() => t.app.fanout!.status().connections === 1, 'a worker connection');
    c.send({ type: 'subscribe', id: 'a', stream: 'alerts', filter: {}, snapshot: true });
    await c.until(() => c.frames().some((f) => f.type === 'subscribed'));
    // The worker's alert stream is main's at some position (its replica may trail by a batch).
    const sub = c.frames().find((f) => f.type === 'subscribed')!;
    assert.equal(sub['mode'], 'snapshot');
    const at = sub['position'] as Position;
    assert.equal(at.epoch, alerts.position().epoch);
    assert.ok(at.seq <= alerts.position().seq);
    await ingest(t, arbItems('nba-2'));
    const made = alerts.since(at)!;
    assert.ok(made.length > 0, 'the second arbitrage made phases');
    const last = made.at(-1)!.seq;
    await c.until(() => c.frames().some((f) => f.type === 'alert' && f['seq'] === last));
    const got = c.texts.filter((x) => x.startsWith('{"type":"alert"'));
    assert.deepEqual(got, made.map(alertFrame));
    await c.close();
  });

  test('a worker that stops reading is cut at its backlog bound and forked again', async () => {
    const [pid] = t.app.fanout!.pids();
    process.kill(pid!, 'SIGSTOP');
    try {
      // Every quote a new key: about 300 bytes a Change, so a few thousand pass 1 MiB.
      for (let seed = 100; t.app.fanout!.status().restarts === 0; seed++) {
        assert.ok(seed < 200, 'cut before 100 batches');
        await ingest(t, quoteItems(2_000, seed));
      }
    } finally {
      resumeIfAlive(pid!);
    }
    await until(() => t.app.fanout!.status().ready === 1, 'forked again');
    assert.ok(!t.app.fanout!.pids().includes(pid!));
    // The new worker serves from main's current book.
    const c = await RawClient.connect(`${t.wsUrl}/v1/stream?key=${t.key}`);
    await subscribe(c, 'live', {});
    await ingest(t, quoteItems(10, 999, 10));
    const head = t.app.state.position();
    await c.until(() => c.lastSeq() === head.seq);
    await c.close();
  });
});

/** The pool may still list a worker its kill already ended (ESRCH): nothing to continue then. */
function resumeIfAlive(pid: number): void {
  try {
    process.kill(pid, 'SIGCONT');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') console.error(err);
  }
}
