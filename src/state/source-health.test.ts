// Feed health over real sockets on the manual clock: a silent feeder's open quotes go suspended
// (source_down) and come back when it speaks again; another feeder is untouched; readiness and
// metrics show each source.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { compileFilter } from '../model/filter.js';
import { quoteKeyString } from '../model/types.js';
import { startTestApp, type TestApp } from '../testing/app.js';
import { eventItems } from '../testing/feed.js';
import { NativeClient } from '../testing/native-client.js';
import { ManualScheduler } from '../timers/scheduler.js';

const clock = new ManualScheduler(Date.UTC(2030, 0, 1, 12));
let t: TestApp;

before(async () => {
  t = await startTestApp(
    { 'sources.silenceMs': 20_000, 'sources.checkMs': 1_000 },
    undefined,
    undefined,
    {
      scheduler: clock,
    },
  );
});
after(() => t.close());

const quote = (event: string, american: number) => ({
  type: 'quote',
  event,
  market: 'moneyline',
  book: 'pinnacle',
  selection: 'home',
  price: { american },
  sourceAt: clock.now(),
});

async function send(source: string, items: unknown[]) {
  const res = await fetch(`${t.url}/v1/ingest`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${t.app.ingestToken}`,
      'content-type': 'application/json',
      'x-linecast-source': source,
    },
    body: JSON.stringify(items),
  });
  assert.equal(res.status, 200, await res.text());
}

const status = (id: string) => t.app.state.quote(id)?.value.status ?? 'absent';
const readyz = async () =>
  (await (await fetch(`${t.url}/readyz`)).json()) as {
    sources: Record<string, { up: boolean }>;
  };

test('a silent source: its open quotes are suspended (source_down), and restored when it speaks', async () => {
  await send('a', eventItems());
  await send('a', [quote('nba-1', -110)]);
  await send('b', [quote('nhl-1', 120)]);
  const c = await NativeClient.connect(`${t.wsUrl}/v1/stream?key=${t.key}`);
  c.send({ type: 'subscribe', id: 's', filter: {}, snapshot: false });
  await c.until(() => c.of('subscribed').length === 1);
  const idOf = (event: string) =>
    quoteKeyString(t.app.state.snapshot(compileFilter({ events: [event] })).quotes[0]!.key);
  const idA = idOf('nba-1');
  const idB = idOf('nhl-1');
  assert.equal(status(idA), 'open');

  // 'b' keeps speaking (a heartbeat is an empty batch); 'a' says nothing for 21 s.
  for (let s = 0; s < 21; s++) {
    clock.advance(1_000);
    if (s % 5 === 0) await send('b', []);
  }
  assert.equal(status(idA), 'suspended');
  assert.equal(t.app.state.quote(idA)?.value.reason, 'source_down');
  assert.equal(status(idB), 'open', "the other source's quotes are untouched");
  await c.until(() =>
    c.of('quote').some((f) => (f['value'] as { reason?: string }).reason === 'source_down'),
  );
  const ready = await readyz();
  assert.equal(ready.sources['ingest:a']?.up, false);
  assert.equal(ready.sources['ingest:b']?.up, true);
  const metrics = await (await fetch(`${t.url}/metrics`)).text();
  assert.match(metrics, /linecast_source_up\{source="ingest:a"\} 0/);

  // 'a' speaks again with an empty batch: its quotes come back as they were, price kept.
  const priceBefore = t.app.state.quote(idA)?.value.price;
  await send('a', []);
  assert.equal(status(idA), 'open');
  assert.equal(t.app.state.quote(idA)?.value.reason, undefined);
  assert.deepEqual(t.app.state.quote(idA)?.value.price, priceBefore);
  await c.until(() => {
    const last = c.of('quote').at(-1)?.['value'] as { status?: string } | undefined;
    return last?.status === 'open';
  });
  assert.equal((await readyz()).sources['ingest:a']?.up, true);
  await c.close();
});

test('a bad source name is a coded 400', async () => {
  const res = await fetch(`${t.url}/v1/ingest`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${t.app.ingestToken}`,
      'content-type': 'application/json',
      'x-linecast-source': 'no spaces allowed',
    },
    body: '[]',
  });
  assert.equal(res.status, 400);
  assert.equal(
    ((await res.json()) as { error: { code: string } }).error.code,
    'LC_ERR_REQUEST_BAD_QUERY',
  );
});
