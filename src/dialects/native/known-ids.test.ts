// A native filter that names an id the catalog does not know is refused with the id and the
// nearest known ones, on every transport: REST and SSE with 400, WebSocket with an error frame.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CatalogIndex } from '../../catalog/index.js';
import { defaultCatalogDir, loadCatalog } from '../../catalog/load.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { NativeClient } from '../../testing/native-client.js';
import { unknownFilterId } from './known-ids.js';

const catalog = new CatalogIndex(loadCatalog(defaultCatalogDir()));

test('the message names the unknown id and the fix', () => {
  assert.equal(unknownFilterId({ sports: ['basketball'], leagues: ['nba'] }, catalog), null);
  assert.match(
    unknownFilterId({ sports: ['nba'] }, catalog)!,
    /^unknown sport "nba": nba is a league; filter by league \(league=nba\)/,
  );
  assert.match(
    unknownFilterId({ leagues: ['NBA'] }, catalog)!,
    /^unknown league "NBA"; did you mean nba\? \(GET \/v1\/catalog\/leagues\)$/,
  );
  assert.match(unknownFilterId({ books: ['draftking'] }, catalog)!, /did you mean draftkings\?/);
  const curling = unknownFilterId({ sports: ['curling'] }, catalog)!;
  assert.match(curling, /^unknown sport "curling"/);
  // Nothing close: the known sports are listed instead.
  assert.match(curling, /basketball/);
  assert.match(
    unknownFilterId({ markets: ['moneyline'], periods: ['5q'] }, catalog)!,
    /period "5q"/,
  );
});

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

test('REST /v1/snapshot and /v1/events answer 400 with the coded error', async () => {
  for (const [path, id] of [
    ['/v1/snapshot?sport=nba', 'nba'],
    ['/v1/events?league=NBA', 'NBA'],
    ['/v1/snapshot?sport=curling', 'curling'],
  ] as const) {
    const res = await fetch(`${t.url}${path}`);
    assert.equal(res.status, 400, path);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(error.code, 'LC_ERR_PROTOCOL_UNKNOWN_FILTER_ID');
    assert.ok(error.message.includes(`"${id}"`), error.message);
  }
  assert.equal((await fetch(`${t.url}/v1/snapshot?league=nba`)).status, 200);
});

test('SSE refuses the stream with 400 before it starts', async () => {
  const res = await fetch(`${t.url}/v1/sse?key=${t.key}&sport=nba`);
  assert.equal(res.status, 400);
  const { error } = (await res.json()) as { error: { code: string; message: string } };
  assert.equal(error.code, 'LC_ERR_PROTOCOL_UNKNOWN_FILTER_ID');
  assert.match(error.message, /nba is a league/);
});

test('WebSocket answers an error frame for the subscription, and the connection stays usable', async () => {
  const c = await NativeClient.connect(`${t.wsUrl}/v1/stream?key=${t.key}`);
  try {
    c.send({ type: 'subscribe', id: 's1', filter: { leagues: ['NBA'] } });
    await c.until(() => c.of('error').length === 1);
    const e = c.of('error')[0]!;
    assert.equal(e['code'], 'LC_ERR_PROTOCOL_UNKNOWN_FILTER_ID');
    assert.equal(e['id'], 's1');
    assert.match(String(e['message']), /unknown league "NBA"; did you mean nba\?/);
    c.send({ type: 'subscribe', id: 's2', filter: { leagues: ['nba'] } });
    await c.until(() => c.of('subscribed').length === 1);
  } finally {
    await c.close();
  }
});
