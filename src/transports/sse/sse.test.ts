// linecast.v1 over Server-Sent Events: filtered snapshot then deltas with ids, and a reconnect
// with Last-Event-ID that gets exactly what it missed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type CompiledFilter, compileFilter, matchesChange } from '../../model/filter.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { eventItems, quoteItems } from '../../testing/feed.js';
import { SseClient } from '../../testing/sse-client.js';

let t: TestApp;
before(async () => {
  t = await startTestApp({ 'state.windowSize': 1_000 });
  await t.ingest(eventItems());
  await t.ingest(quoteItems(100, 1));
});
after(() => t.close());

const url = (q = '') => `${t.url}/v1/sse?key=${t.key}${q}`;
const seqOf = (f: Record<string, unknown>) => f['seq'] as number;

/** Ingests, then returns the seqs of the resulting Changes that match `filter`. */
async function ingestAndExpect(items: unknown[], filter: CompiledFilter): Promise<number[]> {
  const from = t.app.state.position();
  await t.ingest(items);
  const changes = await t.app.history.changesSince(from, 10_000);
  return changes.filter((c) => matchesChange(filter, c)).map((c) => c.seq);
}

test('SSE: welcome, snapshot with an id, then only matching Changes, each with its position as id', async () => {
  const c = await SseClient.connect(url('&sport=basketball'));
  await c.until(() => c.of('snapshot').length > 0);
  const [welcome, subscribed] = c.frames();
  assert.equal(welcome?.['type'], 'welcome');
  assert.equal(subscribed?.['mode'], 'snapshot');
  const snap = c.of('snapshot')[0]!;
  const pos = snap['position'] as { epoch: string; seq: number };
  assert.equal(c.lastEventId, `${pos.epoch}:${pos.seq}`);
  const quotes = snap['quotes'] as { key: { event: string } }[];
  assert.ok(quotes.length > 0 && quotes.every((q) => q.key.event.startsWith('nba-')));

  const want = await ingestAndExpect(quoteItems(60, 2), compileFilter({ sports: ['basketball'] }));
  await c.until(() => c.of('quote').length >= want.length);
  assert.deepEqual(c.of('quote').map(seqOf), want);
  const live = c.events.filter((e) => JSON.parse(e.data).type === 'quote');
  assert.ok(live.length > 0);
  for (const e of live) {
    const f = JSON.parse(e.data) as Record<string, unknown>;
    assert.equal(f['sport'], 'basketball');
    assert.equal(e.id, `${f['epoch']}:${f['seq']}`);
  }
  await c.close();
});

test('SSE: a reconnect with Last-Event-ID resumes with exactly the missed Changes', async () => {
  const filter = compileFilter({ books: ['pinnacle'] });
  const first = await SseClient.connect(url('&book=pinnacle&snapshot=false'));
  await first.until(() => first.of('subscribed').length === 1);
  const seen = await ingestAndExpect(quoteItems(40, 3), filter);
  await first.until(() => first.of('quote').length >= seen.length);
  await first.close();
  const head = t.app.state.position();
  const resumeFrom = first.lastEventId!;

  await t.ingest(quoteItems(80, 4));
  const missed = (
    await t.app.history.changesSince(
      { epoch: head.epoch, seq: Number(resumeFrom.split(':')[1]) },
      10_000,
    )
  ).filter((c) => matchesChange(filter, c));
  assert.ok(missed.length > 0);

  const again = await SseClient.connect(url('&book=pinnacle&snapshot=false'), {
    'last-event-id': resumeFrom,
  });
  await again.until(() => again.of('quote').length >= missed.length);
  const sub = again.of('subscribed')[0]!;
  assert.equal(sub['mode'], 'resumed');
  assert.equal(sub['recovered'], true);
  assert.deepEqual(
    again.of('quote').map(seqOf),
    missed.map((c) => c.seq),
  );
  await again.close();
});

test('SSE: an unknown epoch gets a fresh snapshot flagged recovered: false', async () => {
  const c = await SseClient.connect(url('&event=nfl-1'), { 'last-event-id': 'gone:5' });
  await c.until(() => c.of('snapshot').length > 0);
  const sub = c.of('subscribed')[0]!;
  assert.equal(sub['mode'], 'snapshot');
  assert.equal(sub['recovered'], false);
  await c.close();
});

test('SSE: refusals are coded HTTP errors before the stream starts', async () => {
  const status = async (u: string, headers?: Record<string, string>) => {
    try {
      await SseClient.connect(u, headers);
      return 200;
    } catch (e) {
      return (e as { status: number }).status;
    }
  };
  assert.equal(await status(`${t.url}/v1/sse`), 401);
  assert.equal(await status(`${t.url}/v1/sse?key=nope`), 401);
  assert.equal(await status(url(), { 'last-event-id': 'not-a-position' }), 400);
  assert.equal(await status(url('&main=perhaps')), 400);
  // The server carries on.
  const ok = await SseClient.connect(url('&snapshot=false'));
  await ok.until(() => ok.of('subscribed').length === 1);
  await ok.close();
});
