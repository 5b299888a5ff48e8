// Seeded fuzzing of client frames for every dialect: the pure decoders in-process, then garbage
// over real sockets to native /v1/stream, TheRundown's sockets and RapidOdds /ws, after which a
// normal client of each must still be served. Refusals are catalogued codes or vendor codes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import {
  decodeCommand as nativeDecode,
  subscriptionFromQuery,
} from '../../dialects/native/commands.js';
import { decodeCommand as rapidoddsDecode } from '../../dialects/rapidodds/commands.js';
import { parseStreamQuery } from '../../dialects/therundown/filters.js';
import { ERRORS } from '../../errors/catalogue.js';
import { startTestApp, type TestApp } from '../app.js';
import { eventItems, quoteItems } from '../feed.js';
import { NativeClient } from '../native-client.js';
import { CATALOGUE_CODES, garbageQuery, garbageString, garbageText, Rng } from './kit.js';

const NATIVE_VALID = [
  {
    type: 'subscribe',
    id: 's1',
    filter: { sports: ['basketball'], mainOnly: true },
    snapshot: true,
  },
  { type: 'subscribe', id: 's2', filter: {}, from: { epoch: 'abc', seq: 3 }, conflateMs: 100 },
  { type: 'unsubscribe', id: 's1' },
  { type: 'ping', id: 'p' },
];
const RAPIDODDS_VALID = [
  { action: 'subscribe', sport: 'NBA', bookmakers: ['DraftKings'], market_types: ['head_to_head'] },
  { action: 'unsubscribe', sport: 'NBA' },
];
const RAPIDODDS_CODES = new Set([
  'invalid_json',
  'unknown_action',
  'invalid_subscription',
  'unknown_sport',
]);
const QUERY_NAMES = [
  'sport',
  'league',
  'event',
  'market',
  'period',
  'book',
  'main',
  'inPlay',
  'snapshot',
  'conflateMs',
  'from',
  'sport_ids',
  'affiliate_ids',
  'market_ids',
  'event_ids',
  'key',
  'api_key',
];

test('native and RapidOdds decoders: 20,000 garbage frames each, never a throw, always a code', () => {
  const rng = new Rng(21);
  for (let i = 0; i < 20_000; i++) {
    const n = nativeDecode(garbageText(rng, NATIVE_VALID));
    if (!n.ok) assert.ok(CATALOGUE_CODES.has(n.code), `native case ${i}: ${n.code}`);
    const r = rapidoddsDecode(garbageText(rng, RAPIDODDS_VALID));
    if (!r.ok) assert.ok(RAPIDODDS_CODES.has(r.code), `rapidodds case ${i}: ${r.code}`);
  }
});

test('stream query parsers (native SSE, TheRundown): 15,000 garbage query strings each', () => {
  const rng = new Rng(22);
  for (let i = 0; i < 15_000; i++) {
    const q = new URLSearchParams(garbageQuery(rng, QUERY_NAMES));
    const lastEventId = rng.chance(0.3) ? garbageString(rng, 30) : undefined;
    const s = subscriptionFromQuery(q, lastEventId);
    if (!s.ok) assert.ok(CATALOGUE_CODES.has(s.code), `case ${i}: ${s.code}`);
    const t = parseStreamQuery(q, 100);
    if (!t.ok) assert.equal(typeof t.error, 'string');
  }
});

let t: TestApp;
before(async () => {
  // The rate limit would cut the garbage short; here the decoders are under test.
  t = await startTestApp({ 'stream.clientMessagesPerSecond': 100_000 });
  await t.ingest(eventItems());
  await t.ingest(quoteItems(50, 1));
});
after(() => t.close());

/** Close codes the docs list: the catalogue's, the vendors' (4001, 4008, 1008), and normal ends. */
const DOCUMENTED_CLOSES = new Set([
  ...Object.values(ERRORS).map((e) => e.close),
  1000,
  1001,
  1005,
  1006,
  1008,
  4001,
  4008,
]);

interface Outcome {
  texts: string[];
  close: number | null;
}

/** Connects, sends `frames` garbage frames, then `probe` (if any) and waits for its answer. */
async function bombard(
  path: string,
  rng: Rng,
  frames: number,
  valid: readonly unknown[],
  probe?: { frame: string; answered: (text: string) => boolean },
): Promise<Outcome> {
  const ws = new WebSocket(`${t.wsUrl}${path}`);
  const out: Outcome = { texts: [], close: null };
  const closed = new Promise<void>((resolve) =>
    ws.on('close', (code) => {
      out.close = code;
      resolve();
    }),
  );
  ws.on('message', (d) => out.texts.push(d.toString()));
  ws.on('error', () => {});
  await new Promise((r) => ws.once('open', r));
  for (let i = 0; i < frames && ws.readyState === ws.OPEN; i++) {
    if (rng.chance(0.05)) ws.send(Buffer.from(garbageText(rng)), { binary: true });
    else ws.send(garbageText(rng, valid));
  }
  if (probe && ws.readyState === ws.OPEN) {
    ws.send(probe.frame);
    await Promise.race([
      closed,
      new Promise<void>((resolve) => {
        const check = () =>
          out.texts.some(probe.answered) || out.close !== null ? resolve() : setTimeout(check, 5);
        check();
      }),
    ]);
  }
  if (ws.readyState === ws.OPEN) ws.close();
  await closed;
  return out;
}

test('native /v1/stream: 600 garbage frames over 3 sockets; errors are catalogued; still serving', async () => {
  const rng = new Rng(23);
  for (let round = 0; round < 3; round++) {
    const out = await bombard(`/v1/stream?key=${t.key}`, rng, 200, NATIVE_VALID, {
      frame: JSON.stringify({ type: 'ping', id: 'probe' }),
      answered: (x) => x.includes('"probe"'),
    });
    assert.ok(DOCUMENTED_CLOSES.has(out.close ?? 0), `close ${out.close}`);
    for (const text of out.texts) {
      const f = JSON.parse(text) as { type: string; code?: string };
      if (f.type === 'error') assert.ok(CATALOGUE_CODES.has(f.code ?? ''), text);
    }
  }
  const c = await NativeClient.connect(`${t.wsUrl}/v1/stream?key=${t.key}`);
  c.send({ type: 'subscribe', id: 'ok', filter: { sports: ['basketball'] } });
  await c.until(() => c.of('snapshot').length > 0);
  await c.close();
});

test('TheRundown sockets: 400 garbage frames on each path; a normal client still gets its stream', async () => {
  const rng = new Rng(24);
  for (const path of ['/api/v2/ws/markets', '/api/v1/ws']) {
    for (let round = 0; round < 2; round++) {
      const out = await bombard(`${path}?key=${t.key}`, rng, 200, NATIVE_VALID);
      assert.ok(DOCUMENTED_CLOSES.has(out.close ?? 0), `${path} close ${out.close}`);
    }
  }
  const ws = new WebSocket(`${t.wsUrl}/api/v2/ws/markets?key=${t.key}`);
  await new Promise((r, j) => {
    ws.once('open', r);
    ws.once('error', j);
  });
  ws.close();
});

test('RapidOdds /ws: 600 garbage frames over 3 sockets; answers are vendor codes; still serving', async () => {
  const rng = new Rng(25);
  for (let round = 0; round < 3; round++) {
    const out = await bombard(`/ws?api_key=${t.key}`, rng, 200, RAPIDODDS_VALID, {
      frame: JSON.stringify({ action: 'unsubscribe', sport: 'probe' }),
      answered: (x) => x.includes('"unsubscribed"') && x.includes('probe'),
    });
    assert.ok(DOCUMENTED_CLOSES.has(out.close ?? 0), `close ${out.close}`);
    for (const text of out.texts) {
      const f = JSON.parse(text) as { event?: string; code?: string; error?: { code?: string } };
      assert.ok(f.event !== undefined, text);
    }
  }
  const ws = new WebSocket(`${t.wsUrl}/ws?api_key=${t.key}`);
  const first = await new Promise<string>((resolve, reject) => {
    ws.once('message', (d) => resolve(d.toString()));
    ws.once('error', reject);
  });
  assert.match(first, /"event":"connected"/);
  ws.close();
});

test('a frame nested 20,000 deep is a coded refusal on native and RapidOdds, and the socket lives', async () => {
  const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
  const native = await bombard(`/v1/stream?key=${t.key}`, new Rng(26), 0, [], {
    frame: JSON.stringify({ type: 'ping', id: 'after' }),
    answered: (x) => x.includes('"after"'),
  });
  assert.equal(native.close, 1005, 'closed by the client, normally');
  const c = await NativeClient.connect(`${t.wsUrl}/v1/stream?key=${t.key}`);
  c.ws.send(`{"type":${deep}}`);
  c.send({ type: 'ping', id: 'after' });
  await c.until(() => c.frames.some((f) => f['id'] === 'after'));
  const error = c.of('error')[0];
  assert.equal(error?.['code'], 'LC_ERR_PROTOCOL_BAD_FRAME');
  await c.close();

  const ro = new WebSocket(`${t.wsUrl}/ws?api_key=${t.key}`);
  const texts: string[] = [];
  ro.on('message', (d) => texts.push(d.toString()));
  await new Promise((r) => ro.once('open', r));
  ro.send(`{"action":"subscribe","sport":${deep}}`);
  ro.send(JSON.stringify({ action: 'unsubscribe', sport: 'after' }));
  await new Promise<void>((resolve) => {
    const check = () => (texts.some((x) => x.includes('after')) ? resolve() : setTimeout(check, 5));
    check();
  });
  assert.ok(
    texts.some((x) => x.includes('invalid_json')),
    texts.join('\n'),
  );
  ro.close();
});
