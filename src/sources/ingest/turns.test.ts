// Ingest gives the event loop back while it applies (ingest.maxTurnMs), across batches, and
// still applies batches whole, in arrival order, and acknowledges each only once it is durable.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { eventItems, quoteItems } from '../../testing/feed.js';
import { SLICE } from './service.js';

let t: TestApp;
before(async () => {
  // 0: yield before every slice, so every batch boundary and slice boundary is a turn.
  t = await startTestApp({ 'ingest.maxTurnMs': 0, 'ingest.maxBatchItems': 1000 });
  assert.equal((await t.ingest(eventItems())).status, 200);
});
after(() => t.close());

interface Ack {
  type: string;
  id: number;
  accepted: number;
  position: { epoch: string; seq: number };
}

test('batches apply a slice per turn, in arrival order, each acked only once durable', async () => {
  const ws = new WebSocket(`${t.wsUrl}/v1/ingest/ws?token=${t.app.ingestToken}`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  // Three batches over the same 72 quote keys, each with prices of its own, so the book at the
  // end and every batch's range of seqs tell which batch was applied last.
  const batches = [1, 2, 3].map((seed) => quoteItems(5 * SLICE, seed, 72));
  const head0 = t.app.state.position().seq;
  // The head as seen by each turn of the event loop while the batches are applied.
  const seen: number[] = [];
  let watching = true;
  const watch = (): void => {
    seen.push(t.app.state.position().seq);
    if (watching) setImmediate(watch);
  };
  setImmediate(watch);
  const acks: { ack: Ack; durable: number }[] = [];
  const done = new Promise<void>((resolve) => {
    ws.on('message', (data) => {
      const ack = JSON.parse(data.toString()) as Ack;
      // What history had committed when the ack was sent is at least this (it only grows).
      acks.push({ ack, durable: t.app.history.durableSeq() });
      if (acks.length === batches.length) resolve();
    });
  });
  for (const [id, items] of batches.entries()) ws.send(JSON.stringify({ id, items }));
  await done;
  watching = false;
  ws.close();

  assert.deepEqual(
    acks.map((a) => a.ack.id),
    [0, 1, 2],
  );
  let previous = head0;
  for (const { ack, durable } of acks) {
    assert.equal(ack.type, 'ack');
    assert.equal(ack.accepted, 5 * SLICE);
    // Every Change of the batch is after the previous batch's: batches did not interleave.
    assert.ok(ack.position.seq > previous, `${ack.position.seq} > ${previous}`);
    assert.ok(durable >= ack.position.seq, `acked at ${ack.position.seq}, durable ${durable}`);
    previous = ack.position.seq;
  }
  // Other turns ran between slices: some turn saw a head strictly inside a batch's seqs.
  const inside = seen.filter(
    (h) => h > head0 && !acks.some((a) => a.ack.position.seq === h) && h < previous,
  );
  assert.ok(inside.length >= 3, `turns inside batches: ${inside.length}`);
  // The last batch's prices are the book's.
  type Item = {
    event: string;
    market: string;
    book: string;
    selection: string;
    price: { american: number };
  };
  const want = new Map<string, number>();
  for (const q of batches[2] as Item[])
    want.set(`${q.event}|${q.market}|${q.book}|${q.selection}`, q.price.american);
  assert.equal(want.size, 72);
  let checked = 0;
  for (const { key, value } of t.app.state.quoteEntries()) {
    const american = want.get(`${key.event}|${key.market}|${key.book}|${key.selection}`);
    if (american === undefined) continue;
    assert.equal(value.price?.american, american);
    checked++;
  }
  assert.equal(checked, 72);
});
