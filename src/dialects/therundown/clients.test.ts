// Clients written the way TheRundown's documentation shows them, pointed at Linecast by host
// alone: a browser-style WebSocket (Node's own `WebSocket` under --experimental-websocket, in a
// child process), Python `websockets` with the key in the X-TheRundown-Key header (as the
// official Data MCP connects), and Node `ws` with reconnection and exponential backoff across a
// server restart. Each must connect, get heartbeats and filtered price updates, and parse them
// without errors.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { runChild } from '../../testing/child.js';
import { eventItems, quoteItems } from '../../testing/feed.js';

let t: TestApp;
before(async () => {
  t = await startTestApp({ 'dialects.therundown.heartbeatMs': 500 });
  await t.ingest(eventItems());
});
after(() => t.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const run = runChild;

/** Feeds price changes until the client process exits. */
async function feedUntil(done: Promise<unknown>): Promise<void> {
  let finished = false;
  void done.then(() => {
    finished = true;
  });
  for (let i = 0; !finished && i < 100; i++) {
    await t.ingest(quoteItems(24, 500 + i));
    await sleep(100);
  }
}

// The docs' browser example, verbatim in spirit: `new WebSocket(url)`, `onopen`, `onmessage`,
// route on `meta.type`. A browser cannot set headers, so the key rides in the query.
const BROWSER = `
const ws = new WebSocket(process.env.URL);
const seen = { heartbeat: 0, market_price: 0, sports: new Set(), errors: 0 };
ws.onopen = () => {};
ws.onmessage = (event) => {
  try {
    const msg = JSON.parse(event.data);
    switch (msg.meta.type) {
      case 'heartbeat':
        seen.heartbeat++;
        break;
      case 'market_price': {
        const p = msg.data;
        if (p.price === '0.0001') break; // off the board
        const american = parseInt(p.price, 10);
        if (Number.isNaN(american) || typeof p.is_main_line !== 'boolean') seen.errors++;
        seen.market_price++;
        seen.sports.add(p.sport_id);
        break;
      }
    }
  } catch (e) {
    seen.errors++;
  }
  if (seen.heartbeat >= 2 && seen.market_price >= 10) ws.close();
};
ws.onerror = (e) => { console.error('error', e.message); process.exit(2); };
ws.onclose = () => {
  console.log(JSON.stringify({ ...seen, sports: [...seen.sports] }));
};
`;

test('a browser-style WebSocket (node --experimental-websocket) with ?key= gets heartbeats and filtered prices', async () => {
  const url = `${t.wsUrl}/api/v2/ws/markets?key=${t.key}&sport_ids=4`;
  const { done } = run(
    process.execPath,
    ['--experimental-websocket', '--no-warnings', '-e', BROWSER],
    { URL: url },
  );
  await feedUntil(done);
  const r = await done;
  assert.equal(r.code, 0, r.stderr);
  const seen = JSON.parse(r.stdout) as {
    heartbeat: number;
    market_price: number;
    sports: number[];
    errors: number;
  };
  assert.ok(seen.heartbeat >= 2);
  assert.ok(seen.market_price >= 10);
  assert.deepEqual(seen.sports, [4]);
  assert.equal(seen.errors, 0);
});

// The docs' Python example: `websockets.connect` with the key header, `async for` over messages.
const PYTHON = `
import asyncio, json, os, sys
import websockets

async def main():
    seen = {"heartbeat": 0, "market_price": 0, "affiliates": set(), "markets": set()}
    headers = {"X-TheRundown-Key": os.environ["KEY"]}
    async with websockets.connect(os.environ["URL"], extra_headers=headers) as ws:
        async for raw in ws:
            msg = json.loads(raw)
            kind = msg["meta"]["type"]
            if kind == "heartbeat":
                seen["heartbeat"] += 1
            elif kind == "market_price":
                d = msg["data"]
                assert isinstance(d["price"], str) and isinstance(d["line"], str)
                assert isinstance(d["price_delta"], (int, float))
                if d["previous_price"] is not None:
                    float(d["previous_price"])
                seen["market_price"] += 1
                seen["affiliates"].add(d["affiliate_id"])
                seen["markets"].add(d["market_id"])
            if seen["heartbeat"] >= 2 and seen["market_price"] >= 5:
                break
    seen["affiliates"] = sorted(seen["affiliates"])
    seen["markets"] = sorted(seen["markets"])
    print(json.dumps(seen))

asyncio.run(main())
`;

test('Python websockets (Debian python3-websockets) with the X-TheRundown-Key header', async () => {
  const url = `${t.wsUrl}/api/v2/ws/markets?affiliate_ids=19,23&market_ids=1`;
  const { done } = run('/usr/bin/python3', ['-c', PYTHON], { URL: url, KEY: t.key });
  await feedUntil(done);
  const r = await done;
  assert.equal(r.code, 0, r.stderr);
  const seen = JSON.parse(r.stdout) as {
    heartbeat: number;
    market_price: number;
    affiliates: number[];
    markets: number[];
  };
  assert.ok(seen.heartbeat >= 2);
  assert.ok(seen.market_price >= 5);
  assert.ok(seen.affiliates.every((a) => a === 19 || a === 23));
  assert.deepEqual(seen.markets, [1]);
});

/** The docs' Node `ws` pattern: reconnect on close with 1, 2, 4 … backoff (scaled to ms here). */
class ReconnectingClient {
  readonly prices: number[] = [];
  heartbeats = 0;
  connects = 0;
  errors = 0;
  private attempt = 0;
  private stopped = false;
  private ws: WebSocket | null = null;
  readonly delays: number[] = [];

  constructor(
    private readonly url: () => string,
    private readonly headers: Record<string, string>,
    private readonly baseMs = 50,
    private readonly maxMs = 1_000,
  ) {
    this.connect();
  }

  private connect(): void {
    if (this.stopped) return;
    const ws = new WebSocket(this.url(), { headers: this.headers });
    this.ws = ws;
    ws.on('open', () => {
      this.connects++;
      this.attempt = 0;
    });
    ws.on('message', (data) => {
      try {
        const msg = JSON.parse(data.toString()) as { meta: { type: string }; data: { id: number } };
        if (msg.meta.type === 'heartbeat') this.heartbeats++;
        else if (msg.meta.type === 'market_price') this.prices.push(msg.data.id);
      } catch {
        this.errors++;
      }
    });
    ws.on('error', () => {});
    ws.on('close', () => {
      if (this.stopped) return;
      const delay = Math.min(this.maxMs, this.baseMs * 2 ** this.attempt++);
      this.delays.push(delay);
      setTimeout(() => this.connect(), delay);
    });
  }

  stop(): void {
    this.stopped = true;
    this.ws?.close();
  }
}

test('Node ws with reconnection and backoff rides out a server restart and keeps the id sequence', async () => {
  const port = new URL(t.url).port;
  const dir = t.dataDir;
  const client = new ReconnectingClient(
    () => `ws://127.0.0.1:${port}/api/v2/ws/markets?sport_ids=2,6`,
    { 'X-TheRundown-Key': t.key },
  );
  const until = async (pred: () => boolean) => {
    for (let i = 0; i < 200 && !pred(); i++) await sleep(50);
    assert.ok(pred());
  };
  await until(() => client.connects === 1);
  await t.ingest(quoteItems(48, 61, 48));
  await until(() => client.prices.length > 0);
  const before = client.prices.length;

  // Deploy: the server goes away (1001) and comes back on the same port and data.
  await t.close({ keepData: true });
  await sleep(300);
  t = await startTestApp({ port: Number(port), 'dialects.therundown.heartbeatMs': 500 }, dir);
  await until(() => client.connects === 2);
  assert.ok(client.delays.length >= 2, 'backed off while the server was down');
  assert.ok(
    client.delays.every((d, i) => i === 0 || d >= client.delays[i - 1]!),
    'delays grow',
  );
  await until(() => client.heartbeats >= 1);
  await t.ingest(quoteItems(48, 62, 48));
  await until(() => client.prices.length > before);
  const ids = client.prices;
  assert.deepEqual(
    ids,
    [...ids].sort((a, b) => a - b),
    'ids keep increasing across the restart',
  );
  assert.equal(client.errors, 0);
  client.stop();
});
