// The vendor's own clients, pointed at Linecast by host alone (spec §6 checks 9, 11, 26): the
// quickstart's Node `ws` script, its Python `websockets` script (ping_interval=20, `:+d` and
// `:<28` formatting) on the SDK's `websocket_url()` path, the browser snippet with a subprotocol
// key (Node's built-in WebSocket in a child process) and the single-event subscribe snippet.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { runChild } from '../../testing/child.js';
import { eventItems } from '../../testing/feed.js';
import { NBA1, PLANS } from '../../testing/parlay.js';

let t: TestApp;
let scale: string;
let business: string;
before(async () => {
  t = await startTestApp({ 'auth.plans': PLANS });
  scale = t.app.keys.create('scale').key;
  business = t.app.keys.create('business').key;
  await t.ingest(eventItems());
});
after(() => t.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const run = (cmd: string, args: string[], env: Record<string, string>) =>
  runChild(cmd, args, env).done;

/** Moves both NBA games' prices until the client exits. */
async function feedUntil(done: Promise<unknown>): Promise<void> {
  let finished = false;
  void done.then(() => {
    finished = true;
  });
  for (let i = 0; !finished && i < 150; i++) {
    const american = 110 + (i % 80);
    await t.ingest(
      ['nba-1', 'nba-2'].map((event) => ({
        type: 'quote',
        event,
        market: 'moneyline',
        book: 'pinnacle',
        selection: i % 2 === 0 ? 'home' : 'away',
        line: null,
        price: { american },
      })),
    );
    await sleep(100);
  }
}

// The quickstart's Node script: `ws`, key in the query, print the first three rows of each update.
const NODE_WS = `
const WebSocket = require('ws');
const ws = new WebSocket(\`\${process.env.HOST}/v1/ws/odds/basketball_nba?apiKey=\${process.env.PARLAY_API_KEY}\`);
let updates = 0;
ws.on('message', (raw) => {
  const f = JSON.parse(raw);
  if (f.type === 'connected') console.log(\`[connected] tier=\${f.tier} push_mode=\${f.push_mode}\`);
  else if (f.type === 'initial_state') console.log(\`[snapshot] \${f.count} rows\`);
  else if (f.type === 'odds_update') {
    for (const r of f.data.slice(0, 3)) console.log(\`[update] \${r.bookmaker} \${r.market_key} \${r.outcome} \${r.price_american > 0 ? '+' : ''}\${r.price_american}\`);
    const props = f.data.filter((r) => r.market_key.startsWith('player_'));
    if (++updates >= 3) ws.close();
  }
});
ws.on('error', (e) => { console.error(e.message); process.exit(2); });
`;

test('the quickstart Node ws script prints connected, snapshot and update lines', async () => {
  const done = run(process.execPath, ['-e', NODE_WS], { HOST: t.wsUrl, PARLAY_API_KEY: scale });
  await feedUntil(done);
  const r = await done;
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines[0], '[connected] tier=scale push_mode=raw');
  assert.match(lines[1] ?? '', /^\[snapshot\] \d+ rows$/);
  assert.ok(lines.slice(2).length >= 3);
  for (const l of lines.slice(2)) assert.match(l, /^\[update\] pinnacle h2h nba-\w+ [+-]\d+$/);
});

// The quickstart's Python script on the SDK's websocket_url() form (/ws/odds/<sport>?apiKey=).
const PYTHON = `
import asyncio, json, os, websockets

async def main():
    url = f"{os.environ['HOST']}/ws/odds/basketball_nba?apiKey={os.environ['PARLAY_API_KEY']}"
    async with websockets.connect(url, ping_interval=20, ping_timeout=20) as ws:
        updates = 0
        async for raw in ws:
            f = json.loads(raw)
            if f["type"] == "connected":
                print(f"[connected] tier={f['tier']} push_mode={f['push_mode']}")
            elif f["type"] == "initial_state":
                print(f"[snapshot] {f['count']} rows")
            elif f["type"] == "odds_update":
                for r in f["data"][:3]:
                    print(f"[update] {r['bookmaker']:<12} {r['outcome']:<28} {r['price_american']:+d}")
                updates += 1
                if updates >= 3:
                    break

asyncio.run(main())
`;

test('the quickstart Python websockets script formats every row with :+d and :<28', async () => {
  const done = run('/usr/bin/python3', ['-c', PYTHON], { HOST: t.wsUrl, PARLAY_API_KEY: scale });
  await feedUntil(done);
  const r = await done;
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines[0], '[connected] tier=scale push_mode=raw');
  assert.match(lines[1] ?? '', /^\[snapshot\] \d+ rows$/);
  assert.ok(lines.length >= 5);
  for (const l of lines.slice(2)) assert.match(l, /^\[update\] pinnacle {5}nba-\w{3} {22}[+-]\d+$/);
});

// The browser snippet: key as a subprotocol, `timestamp * 1000` as a Date; then the single-event
// snippet: subscribe 50 ms after open, every later row is that event's.
const BROWSER = `
const ws = new WebSocket(process.env.URL, ['apikey.' + process.env.KEY]);
const seen = { protocol: '', types: [], rows: 0, other: 0, badDates: 0 };
ws.onopen = () => {
  seen.protocol = ws.protocol;
  setTimeout(() => ws.send(JSON.stringify({ type: 'subscribe', event_id: process.env.EVENT })), 50);
};
let subscribed = false;
ws.onmessage = (event) => {
  const frame = JSON.parse(event.data);
  if (Number.isNaN(new Date(frame.timestamp * 1000).getTime())) seen.badDates++;
  if (!seen.types.includes(frame.type)) seen.types.push(frame.type);
  if (frame.type === 'subscribed') subscribed = true;
  if (frame.type === 'odds_update' && subscribed) {
    for (const r of frame.data) r.event_id === process.env.EVENT ? seen.rows++ : seen.other++;
    if (seen.rows >= 3) ws.close();
  }
};
ws.onerror = (e) => { console.error('error', e.message); process.exit(2); };
ws.onclose = () => console.log(JSON.stringify(seen));
`;

test('the browser snippet with an apikey. subprotocol and the single-event subscribe', async () => {
  const done = run(process.execPath, ['--experimental-websocket', '--no-warnings', '-e', BROWSER], {
    URL: `${t.wsUrl}/v1/ws/odds/basketball_nba`,
    KEY: business,
    EVENT: NBA1,
  });
  await feedUntil(done);
  const r = await done;
  assert.equal(r.code, 0, r.stderr);
  const seen = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.equal(seen['protocol'], `apikey.${business}`);
  assert.deepEqual((seen['types'] as string[]).slice(0, 3), [
    'connected',
    'initial_state',
    'subscribed',
  ]);
  assert.ok((seen['rows'] as number) >= 3);
  assert.equal(seen['other'], 0);
  assert.equal(seen['badDates'], 0);
});
